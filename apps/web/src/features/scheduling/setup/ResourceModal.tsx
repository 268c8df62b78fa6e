import { Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { scheduleResourceInput } from '@meridian/contracts';
import type { ResourceKind, ScheduleResource } from '@meridian/contracts';
import { facilityOptions } from '../../admin/options';
import { useFacilities } from '../../admin/organization.api';
import { validateAs } from '../../admin/admin-forms';
import { SetupFormModal, useSetupSubmit } from './SetupParts';
import { useSaveResource, type ScheduleResourceInput } from './setup.api';

interface ResourceValues {
  facilityId: string | null;
  kind: ResourceKind;
  code: string;
  name: string;
  isActive: boolean;
}
const fields = ['facilityId', 'kind', 'code', 'name', 'isActive'] as const;

function toBody(v: ResourceValues): ScheduleResourceInput {
  return {
    facilityId: v.facilityId ?? '',
    kind: v.kind,
    code: v.code.trim().toUpperCase(),
    name: v.name.trim(),
    isActive: v.isActive,
  };
}

/** Adds a room or piece of equipment, or edits one at the version shown (If-Match). */
export function ResourceModal(props: {
  resource: ScheduleResource | null;
  defaultFacilityId: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const { resource } = props;
  const save = useSaveResource();
  const facilities = useFacilities();
  const form = useForm<ResourceValues>({
    initialValues: {
      facilityId: resource?.facilityId ?? props.defaultFacilityId,
      kind: resource?.kind ?? 'room',
      code: resource?.code ?? '',
      name: resource?.name ?? '',
      isActive: resource?.isActive ?? true,
    },
    validate: validateAs<ResourceValues>(scheduleResourceInput, toBody, {
      code: t('common.codeRule'),
      facilityId: t('common:validation.required'),
    }),
  });

  const { submit, formError } = useSetupSubmit({
    save,
    form,
    target: resource,
    toBody,
    fields,
    fieldOfCode: { 'scheduling.code_taken': 'code' },
    savedMessage: (saved) => t('resources.saved', { name: saved.name }),
    onClose: props.onClose,
  });

  return (
    <SetupFormModal
      title={resource ? t('resources.editTitle') : t('resources.new')}
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={resource ? t('common:save') : t('resources.create')}
      isPending={save.isPending}
    >
      <Select
        label={t('resources.facility')}
        required
        data={facilityOptions(t, facilities.data ?? [], resource ? [resource.facilityId] : [])}
        {...form.getInputProps('facilityId')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('resources.fields.kind')}
          allowDeselect={false}
          data={(['room', 'equipment'] as const).map((k) => ({
            value: k,
            label: t(`resources.kind.${k}`),
          }))}
          {...form.getInputProps('kind')}
        />
        <TextInput
          label={t('resources.fields.code')}
          description={t('common.codeHint')}
          required
          {...form.getInputProps('code')}
          onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
        />
      </SimpleGrid>
      <TextInput label={t('resources.fields.name')} required {...form.getInputProps('name')} />
      <Switch
        label={t('common.isActive')}
        {...form.getInputProps('isActive', { type: 'checkbox' })}
      />
    </SetupFormModal>
  );
}
