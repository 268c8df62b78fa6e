import {
  ColorInput,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Switch,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { appointmentTypeInput } from '@meridian/contracts';
import type {
  AppointmentType,
  AppointmentTypeInput,
  PractitionerProfile,
} from '@meridian/contracts';
import { validateAs } from '../../admin/admin-forms';
import { SetupFormModal, useSetupSubmit } from './SetupParts';
import { useSaveType } from './setup.api';

type TypeValues = Required<Omit<AppointmentTypeInput, 'durationMinutes'>> & {
  durationMinutes: number | string;
};

const fields = [
  'code',
  'name',
  'durationMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'visitKind',
  'modality',
  'practitionerIds',
  'color',
  'isActive',
] as const;
// Calendar colours that read well behind white text.
const swatches = ['#1c7ed6', '#0c8599', '#2b8a3e', '#e8590c', '#c2255c', '#7048e8', '#495057'];

function initialValues(type: AppointmentType | null): TypeValues {
  return {
    code: type?.code ?? '',
    name: type?.name ?? '',
    durationMinutes: type?.durationMinutes ?? 30,
    bufferBeforeMinutes: type?.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: type?.bufferAfterMinutes ?? 0,
    visitKind: type?.visitKind ?? 'new',
    modality: type?.modality ?? 'in_person',
    practitionerIds: type?.practitionerIds ?? [],
    color: type?.color ?? '#1c7ed6',
    isActive: type?.isActive ?? true,
  };
}

function toBody(v: TypeValues): AppointmentTypeInput {
  return {
    ...v,
    code: v.code.trim().toUpperCase(),
    name: v.name.trim(),
    durationMinutes: Number(v.durationMinutes),
    bufferBeforeMinutes: Number(v.bufferBeforeMinutes),
    bufferAfterMinutes: Number(v.bufferAfterMinutes),
  };
}

/** Adds an appointment type or edits one at the version shown (If-Match). */
export function AppointmentTypeModal(props: {
  type: AppointmentType | null;
  practitioners: readonly PractitionerProfile[];
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const { type } = props;
  const save = useSaveType();
  const form = useForm<TypeValues>({
    initialValues: initialValues(type),
    validate: validateAs<TypeValues>(appointmentTypeInput, toBody, {
      code: t('common.codeRule'),
      color: t('types.colorRule'),
    }),
  });

  const { submit, formError } = useSetupSubmit({
    save,
    form,
    target: type,
    toBody,
    fields,
    fieldOfCode: { 'scheduling.code_taken': 'code' },
    savedMessage: (saved) => t('types.saved', { name: saved.name }),
    onClose: props.onClose,
  });

  const practitionerOptions = props.practitioners
    .filter((p) => p.isActive || form.values.practitionerIds.includes(p.id))
    .map((p) => ({ value: p.id, label: `${p.displayName} — ${p.specialty}` }));

  return (
    <SetupFormModal
      title={type ? t('types.editTitle') : t('types.new')}
      size="lg"
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={type ? t('common:save') : t('types.create')}
      isPending={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('types.fields.code')}
          description={t('common.codeHint')}
          required
          data-autofocus
          {...form.getInputProps('code')}
          onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
        />
        <TextInput label={t('types.fields.name')} required {...form.getInputProps('name')} />
        <NumberInput
          label={t('types.fields.duration')}
          suffix={` ${t('types.min')}`}
          required
          min={5}
          max={720}
          step={5}
          allowDecimal={false}
          {...form.getInputProps('durationMinutes')}
        />
        <ColorInput
          label={t('types.fields.color')}
          swatches={swatches}
          format="hex"
          eyeDropperButtonProps={{ 'aria-label': t('types.pickColor') }}
          {...form.getInputProps('color')}
        />
        <NumberInput
          label={t('types.fields.bufferBefore')}
          suffix={` ${t('types.min')}`}
          min={0}
          max={240}
          step={5}
          allowDecimal={false}
          {...form.getInputProps('bufferBeforeMinutes')}
        />
        <NumberInput
          label={t('types.fields.bufferAfter')}
          suffix={` ${t('types.min')}`}
          min={0}
          max={240}
          step={5}
          allowDecimal={false}
          {...form.getInputProps('bufferAfterMinutes')}
        />
        <Select
          label={t('types.fields.visitKind')}
          allowDeselect={false}
          data={(['new', 'follow_up'] as const).map((k) => ({
            value: k,
            label: t(`types.visitKind.${k}`),
          }))}
          {...form.getInputProps('visitKind')}
        />
        <Select
          label={t('types.fields.modality')}
          allowDeselect={false}
          data={(['in_person', 'video'] as const).map((k) => ({
            value: k,
            label: t(`types.modality.${k}`),
          }))}
          {...form.getInputProps('modality')}
        />
      </SimpleGrid>
      <MultiSelect
        label={t('types.fields.practitioners')}
        description={t('types.practitionersHint')}
        placeholder={t('types.anyPractitioner')}
        searchable
        clearable
        data={practitionerOptions}
        {...form.getInputProps('practitionerIds')}
      />
      <Switch
        label={t('common.isActive')}
        {...form.getInputProps('isActive', { type: 'checkbox' })}
      />
    </SetupFormModal>
  );
}
