import { NumberInput, Select, Switch } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { reminderRuleInput } from '@meridian/contracts';
import type { AppointmentType, ReminderRule } from '@meridian/contracts';
import { validateAs } from '../../admin/admin-forms';
import { SetupFormModal, useSetupSubmit } from './SetupParts';
import { useSaveReminderRule, type ReminderRuleInput } from './setup.api';

/** The type picker's value for "every type without a rule of its own" (the API's null). */
const defaultType = 'default';

interface RuleValues {
  appointmentTypeId: string;
  hoursBefore: number | string;
  isActive: boolean;
}
const fields = ['appointmentTypeId', 'hoursBefore', 'isActive'] as const;

function toBody(v: RuleValues): ReminderRuleInput {
  return {
    appointmentTypeId: v.appointmentTypeId === defaultType ? null : v.appointmentTypeId,
    hoursBefore: Number(v.hoursBefore),
    isActive: v.isActive,
  };
}

/** Adds a reminder rule or edits one at the version shown (If-Match). */
export function ReminderRuleModal(props: {
  rule: ReminderRule | null;
  types: readonly AppointmentType[];
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const { rule } = props;
  const save = useSaveReminderRule();
  const form = useForm<RuleValues>({
    initialValues: {
      appointmentTypeId: rule?.appointmentTypeId ?? defaultType,
      hoursBefore: rule?.hoursBefore ?? 24,
      isActive: rule?.isActive ?? true,
    },
    validate: validateAs<RuleValues>(reminderRuleInput, toBody),
  });

  const { submit, formError } = useSetupSubmit({
    save,
    form,
    target: rule,
    toBody,
    fields,
    fieldOfCode: { 'scheduling.rule_exists': 'hoursBefore' },
    savedMessage: () => t('reminders.saved'),
    onClose: props.onClose,
  });

  const typeOptions = [
    { value: defaultType, label: t('reminders.defaultType') },
    ...props.types
      .filter((x) => x.isActive || x.id === rule?.appointmentTypeId)
      .map((x) => ({ value: x.id, label: x.name })),
  ];

  return (
    <SetupFormModal
      title={rule ? t('reminders.editTitle') : t('reminders.new')}
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={rule ? t('common:save') : t('reminders.create')}
      isPending={save.isPending}
    >
      <Select
        label={t('reminders.fields.type')}
        description={t('reminders.typeHint')}
        allowDeselect={false}
        searchable
        data={typeOptions}
        {...form.getInputProps('appointmentTypeId')}
      />
      <NumberInput
        label={t('reminders.fields.hoursBefore')}
        description={t('reminders.hoursHint')}
        required
        min={1}
        max={720}
        allowDecimal={false}
        allowNegative={false}
        {...form.getInputProps('hoursBefore')}
      />
      <Switch
        label={t('common.isActive')}
        {...form.getInputProps('isActive', { type: 'checkbox' })}
      />
    </SetupFormModal>
  );
}
