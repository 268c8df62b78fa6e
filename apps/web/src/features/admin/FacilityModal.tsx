import { useState } from 'react';
import { Fieldset, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { createFacilityBody } from '@meridian/contracts';
import type { Facility } from '@meridian/contracts';
import { FormButtons, FormError } from './FormParts';
import { isVersionMismatch, showSubmitError, validateAs } from './admin-forms';
import { ConflictAlert } from './ConflictAlert';
import { useFacilities, useSaveFacility } from './organization.api';
import type { CreateFacilityBody, UpdateFacilityBody } from './organization.api';

interface FacilityValues {
  name: string;
  code: string;
  kind: Facility['kind'];
  timeZone: string;
  phone: string;
  address: {
    line1: string;
    line2: string;
    city: string;
    state: string;
    postalCode: string;
    country: string;
  };
}

const fields = [
  'name',
  'code',
  'kind',
  'timeZone',
  'phone',
  'address.line1',
  'address.line2',
  'address.city',
  'address.state',
  'address.postalCode',
  'address.country',
] as const;

let timeZones: string[] | null = null;
/** Every IANA zone the browser knows, plus UTC (which some engines leave out). */
function allTimeZones(): string[] {
  timeZones ??= [...new Set(['UTC', ...(Intl.supportedValuesOf?.('timeZone') ?? [])])];
  return timeZones;
}

function initialValues(facility: Facility | null): FacilityValues {
  const a = facility?.address;
  return {
    name: facility?.name ?? '',
    code: facility?.code ?? '',
    kind: facility?.kind ?? 'hospital',
    timeZone: facility?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    phone: facility?.phone ?? '',
    address: {
      line1: a?.line1 ?? '',
      line2: a?.line2 ?? '',
      city: a?.city ?? '',
      state: a?.state ?? '',
      postalCode: a?.postalCode ?? '',
      country: a?.country ?? 'US',
    },
  };
}

/**
 * The body to send. Blank optional fields are left out of a create; on an update a blank
 * phone or address is sent as null, which clears it.
 */
function toBody(values: FacilityValues, mode: 'create'): CreateFacilityBody;
function toBody(values: FacilityValues, mode: 'update'): UpdateFacilityBody;
function toBody(
  values: FacilityValues,
  mode: 'create' | 'update',
): CreateFacilityBody | UpdateFacilityBody {
  const a = values.address;
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const phone = opt(values.phone);
  const address = [a.line1, a.line2, a.city, a.state, a.postalCode].some((v) => v.trim())
    ? {
        line1: a.line1,
        line2: opt(a.line2),
        city: a.city,
        state: opt(a.state),
        postalCode: opt(a.postalCode),
        country: a.country.trim().toUpperCase(),
      }
    : undefined;
  const named = {
    name: values.name,
    code: values.code.trim(),
    kind: values.kind,
    timeZone: values.timeZone,
  };
  return mode === 'create'
    ? { ...named, ...(phone ? { phone } : {}), ...(address ? { address } : {}) }
    : { ...named, phone: phone ?? null, address: address ?? null };
}

/**
 * Creates a facility (`facility` null) or edits one at the version shown (If-Match). Mount it
 * only while open, so each opening starts from the facility as it is then.
 */
export function FacilityModal(props: {
  facility: Facility | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // The facility as the form was last filled from it: its version goes in If-Match, so after
  // a conflict saving again fails until the reader has reloaded and seen the other change.
  const [facility, setFacility] = useState(props.facility);
  const facilities = useFacilities();
  const save = useSaveFacility();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FacilityValues>({
    initialValues: initialValues(props.facility),
    validate: validateAs<FacilityValues>(createFacilityBody, (v) => toBody(v, 'create'), {
      code: t('admin:validation.code'),
      'address.country': t('admin:validation.country'),
    }),
  });

  const close = () => {
    form.reset();
    setFormError(null);
    save.reset();
    props.onClose();
  };

  const reload = async () => {
    const fresh = (await facilities.refetch()).data?.find((f) => f.id === facility?.id);
    if (fresh) {
      setFacility(fresh);
      form.setValues(initialValues(fresh));
      form.resetDirty();
    }
    setFormError(null);
    save.reset();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      facility
        ? {
            kind: 'update',
            id: facility.id,
            version: facility.version,
            body: toBody(values, 'update'),
          }
        : { kind: 'create', body: toBody(values, 'create') },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'green',
            message: facility
              ? t('admin:facilities.saved', { name: saved.name })
              : t('admin:facilities.created', { name: saved.name }),
          });
          close();
        },
        onError: (error) => {
          if (!isVersionMismatch(error)) {
            setFormError(
              showSubmitError(t, form, error, fields, { 'org.facility_code_taken': 'code' }),
            );
          }
        },
      },
    );
  });

  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={facility ? t('admin:facilities.editTitle') : t('admin:facilities.new')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {isVersionMismatch(save.error) ? (
            <ConflictAlert
              message={t('admin:facilities.conflict')}
              onReload={() => void reload()}
            />
          ) : null}
          <FormError message={formError} />
          <TextInput
            label={t('admin:facilities.fields.name')}
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('admin:facilities.fields.code')}
              description={t('admin:facilities.fields.codeHint')}
              required
              {...form.getInputProps('code')}
              onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
            />
            <Select
              label={t('admin:facilities.fields.kind')}
              data={(['hospital', 'clinic'] as const).map((k) => ({
                value: k,
                label: t(`admin:facilities.kinds.${k}`),
              }))}
              allowDeselect={false}
              required
              {...form.getInputProps('kind')}
            />
          </SimpleGrid>
          <Select
            label={t('admin:facilities.fields.timeZone')}
            description={t('admin:facilities.fields.timeZoneHint')}
            data={allTimeZones()}
            searchable
            allowDeselect={false}
            limit={100}
            required
            {...form.getInputProps('timeZone')}
          />
          <TextInput
            label={t('admin:facilities.fields.phone')}
            type="tel"
            {...form.getInputProps('phone')}
          />
          <Fieldset legend={t('admin:facilities.fields.address')} variant="unstyled">
            <Stack gap="sm">
              <TextInput
                label={t('admin:facilities.fields.line1')}
                {...form.getInputProps('address.line1')}
              />
              <TextInput
                label={t('admin:facilities.fields.line2')}
                {...form.getInputProps('address.line2')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t('admin:facilities.fields.city')}
                  {...form.getInputProps('address.city')}
                />
                <TextInput
                  label={t('admin:facilities.fields.state')}
                  {...form.getInputProps('address.state')}
                />
                <TextInput
                  label={t('admin:facilities.fields.postalCode')}
                  {...form.getInputProps('address.postalCode')}
                />
                <TextInput
                  label={t('admin:facilities.fields.country')}
                  description={t('admin:facilities.fields.countryHint')}
                  maxLength={2}
                  {...form.getInputProps('address.country')}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          <FormButtons
            submitLabel={facility ? t('common:save') : t('admin:facilities.create')}
            isPending={save.isPending}
            onCancel={close}
          />
        </Stack>
      </form>
    </Modal>
  );
}
