import { Checkbox, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { bedPatch, type Bed, type Room } from '@meridian/contracts';
import { validateAs } from '../../admin/admin-forms';
import { expandBedCodes } from './bed-codes';
import { PlaceModal, usePlaceSubmit } from './PlaceModal';
import { useAddBeds, useSaveBed } from './wardSetup.api';

const attributes = ['isolationCapable', 'telemetry', 'bariatric'] as const;
type Attributes = Record<(typeof attributes)[number], boolean>;

function AttributeChecks(props: {
  getInputProps: (name: (typeof attributes)[number]) => GetInputPropsReturnType;
}) {
  const { t } = useTranslation('wardSetup');
  return (
    <Stack gap={6} role="group" aria-label={t('beds.fields.attributes')}>
      <Text size="sm" fw={500}>
        {t('beds.fields.attributes')}
      </Text>
      <Group gap="lg">
        {attributes.map((a) => (
          <Checkbox key={a} label={t(`beds.attributes.${a}`)} {...props.getInputProps(a)} />
        ))}
      </Group>
    </Stack>
  );
}

interface AddValues extends Attributes {
  codes: string;
}

/** Adds several beds to a room at once ("A-D"), all or none. */
export function AddBedsModal(props: { room: Room; onClose: () => void }) {
  const { t } = useTranslation('wardSetup');
  const save = useAddBeds();
  const form = useForm<AddValues>({
    initialValues: { codes: 'A-B', isolationCapable: false, telemetry: false, bariatric: false },
    validate: {
      codes: (value) => (expandBedCodes(props.room.code, value) ? null : t('beds.codesInvalid')),
    },
  });
  const codes = expandBedCodes(props.room.code, form.values.codes);
  const { submit, formError } = usePlaceSubmit({
    save,
    form,
    toVars: (v: AddValues) => ({
      roomId: props.room.id,
      body: {
        beds: (expandBedCodes(props.room.code, v.codes) ?? []).map((code) => ({
          code,
          isolationCapable: v.isolationCapable,
          telemetry: v.telemetry,
          bariatric: v.bariatric,
        })),
      },
    }),
    fieldOf: (path) => (/^beds\.\d+\.code$/.test(path) ? 'codes' : null),
    savedMessage: (saved) =>
      t('beds.added', {
        count: saved.items.length,
        codes: saved.items.map((b) => b.code).join(', '),
      }),
    onClose: props.onClose,
  });
  const checkbox = (name: (typeof attributes)[number]) =>
    form.getInputProps(name, { type: 'checkbox' });

  return (
    <PlaceModal
      title={t('beds.addTitle', { code: props.room.code })}
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={t('beds.add')}
      isPending={save.isPending}
    >
      <TextInput
        label={t('beds.codes')}
        description={t('beds.codesHint')}
        {...form.getInputProps('codes')}
      />
      {codes ? (
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('beds.preview', { count: codes.length, codes: codes.join(', ') })}
        </Text>
      ) : null}
      <AttributeChecks getInputProps={checkbox} />
    </PlaceModal>
  );
}

interface BedValues extends Attributes {
  code: string;
  isActive: boolean;
}

/** A bed's code, attributes and service, at the version shown (If-Match). */
export function BedModal(props: { bed: Bed; onClose: () => void }) {
  const { t } = useTranslation('wardSetup');
  const { bed } = props;
  const save = useSaveBed();
  const toBody = (v: BedValues) => ({ ...v, code: v.code.trim().toUpperCase() });
  const form = useForm<BedValues>({
    initialValues: {
      code: bed.code,
      isolationCapable: bed.isolationCapable,
      telemetry: bed.telemetry,
      bariatric: bed.bariatric,
      isActive: bed.isActive,
    },
    validate: validateAs<BedValues>(bedPatch, toBody, { code: t('common.codeRule') }),
  });
  const { submit, formError } = usePlaceSubmit({
    save,
    form,
    toVars: (v: BedValues) => ({ id: bed.id, version: bed.version, body: toBody(v) }),
    fieldOf: (path) => (path === 'code' || path === 'isActive' ? path : null),
    savedMessage: (saved) => t('beds.saved', { code: saved.code }),
    onClose: props.onClose,
  });
  const checkbox = (name: (typeof attributes)[number]) =>
    form.getInputProps(name, { type: 'checkbox' });

  return (
    <PlaceModal
      title={t('beds.editTitle', { code: bed.code })}
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={t('common:save')}
      isPending={save.isPending}
    >
      <TextInput
        label={t('beds.fields.code')}
        description={t('common.codeHint')}
        required
        {...form.getInputProps('code')}
        onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
      />
      <AttributeChecks getInputProps={checkbox} />
      <Switch
        label={t('common.isActive')}
        {...form.getInputProps('isActive', { type: 'checkbox' })}
      />
    </PlaceModal>
  );
}
