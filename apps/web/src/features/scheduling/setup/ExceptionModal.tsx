import { useState } from 'react';
import {
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ScheduleExceptionCreated, ScheduleExceptionKind } from '@meridian/contracts';
import { FormButtons, FormError } from '../../admin/FormParts';
import { DateField } from '../../coverage/DateField';
import { notifyDone } from '../../coverage/notify';
import { todayIn } from '../scheduling-format';
import { periodInstants, type LocalPeriod } from './exception-period';
import { showSetupError } from './setup-errors';
import { useCreateException, type ExceptionSubject } from './setup.api';
import { quarterHours } from './week-hours';

interface ExceptionValues extends LocalPeriod {
  kind: ScheduleExceptionKind;
  reason: string;
}

const kinds: ScheduleExceptionKind[] = ['leave', 'holiday', 'blocked'];
// Wall-clock times of a day; 24:00 is written as 00:00 of the next day.
const times = quarterHours().slice(0, -1);
// The API's paths, and the form field each one is shown beside.
const fieldOfPath: Record<string, string> = {
  kind: 'kind',
  reason: 'reason',
  startsAt: 'startDate',
  endsAt: 'endDate',
  practitionerId: 'kind',
  resourceId: 'kind',
  facilityId: 'kind',
};

/**
 * Adds leave, a holiday or blocked time for one subject. Dates and times are the facility's
 * wall clock; all day runs from local midnight of the first day to midnight after the last.
 */
export function ExceptionModal(props: {
  subject: ExceptionSubject;
  name: string;
  timeZone: string;
  onClose: () => void;
  onCreated: (created: ScheduleExceptionCreated) => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const create = useCreateException();
  const [formError, setFormError] = useState<string | null>(null);
  const today = todayIn(props.timeZone);
  const form = useForm<ExceptionValues>({
    initialValues: {
      kind: props.subject.kind === 'facility' ? 'holiday' : 'leave',
      reason: '',
      isAllDay: true,
      startDate: today,
      startTime: '09:00',
      endDate: today,
      endTime: '17:00',
    },
    validate: (v) => {
      const errors: Record<string, string> = {};
      if (!v.reason.trim()) errors['reason'] = t('common:validation.required');
      if (!v.startDate) errors['startDate'] = t('common:validation.required');
      if (!v.endDate) errors['endDate'] = t('common:validation.required');
      const period = periodInstants(v, props.timeZone);
      if (period && Date.parse(period.endsAt) <= Date.parse(period.startsAt)) {
        errors[v.isAllDay ? 'endDate' : 'endTime'] = t('exceptions.endAfterStart');
      }
      return errors;
    },
  });

  const submit = form.onSubmit((values) => {
    const period = periodInstants(values, props.timeZone);
    if (!period) return;
    setFormError(null);
    create.mutate(
      {
        kind: values.kind,
        [`${props.subject.kind}Id`]: props.subject.id,
        ...period,
        reason: values.reason.trim(),
      },
      {
        onSuccess: (created) => {
          notifyDone(t('exceptions.created'));
          props.onCreated(created);
        },
        onError: (error) => {
          const mapped = {
            setFieldError: (path: string, message: string) =>
              form.setFieldError(fieldOfPath[path] ?? path, message),
          };
          setFormError(showSetupError(t, mapped, error, Object.keys(fieldOfPath)));
        },
      },
    );
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('exceptions.newFor', { name: props.name })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={formError} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="exception-kind-label">
              {t('exceptions.fields.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="exception-kind-label"
              data={kinds.map((k) => ({ value: k, label: t(`exceptions.kind.${k}`) }))}
              {...form.getInputProps('kind')}
            />
            {form.errors.kind ? (
              <Text size="xs" c="red">
                {form.errors.kind}
              </Text>
            ) : null}
          </Stack>
          <Switch
            label={t('exceptions.allDay')}
            description={t('exceptions.allDayHint', { zone: props.timeZone })}
            {...form.getInputProps('isAllDay', { type: 'checkbox' })}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <DateField
              label={t(form.values.isAllDay ? 'exceptions.firstDay' : 'exceptions.startDate')}
              required
              value={form.values.startDate}
              onChange={(v) => {
                form.setFieldValue('startDate', v);
                if (v && form.values.endDate < v) form.setFieldValue('endDate', v);
              }}
              error={form.errors.startDate}
            />
            {form.values.isAllDay ? null : (
              <Select
                label={t('exceptions.startTime')}
                data={times}
                searchable
                allowDeselect={false}
                {...form.getInputProps('startTime')}
              />
            )}
            <DateField
              label={t(form.values.isAllDay ? 'exceptions.lastDay' : 'exceptions.endDate')}
              required
              value={form.values.endDate}
              minDate={form.values.startDate}
              onChange={(v) => form.setFieldValue('endDate', v)}
              error={form.errors.endDate}
            />
            {form.values.isAllDay ? null : (
              <Select
                label={t('exceptions.endTime')}
                data={times}
                searchable
                allowDeselect={false}
                {...form.getInputProps('endTime')}
              />
            )}
          </SimpleGrid>
          <TextInput
            label={t('exceptions.fields.reason')}
            description={t('exceptions.reasonHint')}
            required
            maxLength={500}
            {...form.getInputProps('reason')}
          />
          <FormButtons
            submitLabel={t('exceptions.create')}
            isPending={create.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
