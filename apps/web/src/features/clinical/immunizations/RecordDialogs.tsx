import { useState } from 'react';
import { Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import {
  cvxVaccines,
  immunizationRoutes,
  immunizationSites,
  procedureStatuses,
  type ProcedureCodeSystem,
  type ProcedureStatus,
} from '@meridian/contracts';
import { FormAlert } from '../../../ui/FormAlert';
import { applyServerErrors } from '../../../ui/forms';
import { FormButtons } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { localToday } from '../problems/ProblemDialogs';
import {
  useRecordError,
  useRecordImmunization,
  useRecordProcedure,
  type RecordKind,
} from './immunizations.api';

function Shell(props: {
  title: string;
  opened: boolean;
  onClose: () => void;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.opened ? props.children : null}
    </Modal>
  );
}

export function ImmunizationDialog(props: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Shell
      title={t('immunizations:form.immunizationTitle')}
      opened={props.opened}
      onClose={props.onClose}
    >
      <ImmunizationForm patientId={props.patientId} onClose={props.onClose} />
    </Shell>
  );
}

const immunizationFields = [
  'vaccine.code',
  'status',
  'notDoneReason',
  'occurrenceDate',
  'lotNumber',
  'site',
  'route',
  'doseNumber',
  'performerDisplay',
  'note',
];

function ImmunizationForm(props: { patientId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordImmunization(props.patientId);
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      vaccine: { code: '' },
      status: 'completed' as 'completed' | 'not_done',
      notDoneReason: '',
      occurrenceDate: localToday(),
      lotNumber: '',
      site: '',
      route: '',
      doseNumber: '' as number | string,
      performerDisplay: '',
      note: '',
    },
  });
  const v = form.values;
  const submit = form.onSubmit(async (values) => {
    if (!values.vaccine.code) {
      form.setFieldError('vaccine.code', t('immunizations:form.vaccineRequired'));
      return;
    }
    setMessage(null);
    try {
      const opt = (s: string) => (s.trim() ? s.trim() : undefined);
      await record.mutateAsync({
        vaccine: { code: values.vaccine.code },
        status: values.status,
        ...(values.status === 'not_done' ? { notDoneReason: values.notDoneReason.trim() } : {}),
        occurrenceDate: values.occurrenceDate,
        lotNumber: opt(values.lotNumber),
        site: opt(values.site) as (typeof immunizationSites)[number] | undefined,
        route: opt(values.route) as (typeof immunizationRoutes)[number] | undefined,
        doseNumber: typeof values.doseNumber === 'number' ? values.doseNumber : undefined,
        performerDisplay: opt(values.performerDisplay),
        note: values.note.trim() || null,
      });
      notifyDone(t('immunizations:form.immunizationRecorded'));
      props.onClose();
    } catch (error) {
      setMessage(applyServerErrors(form, error, immunizationFields));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert error={null} message={message} />
        <Select
          label={t('immunizations:form.vaccine')}
          searchable
          required
          data={cvxVaccines.map((c) => ({ value: c.code, label: `${c.display} (CVX ${c.code})` }))}
          {...form.getInputProps('vaccine.code')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('immunizations:form.status')}
            allowDeselect={false}
            data={(['completed', 'not_done'] as const).map((s) => ({
              value: s,
              label: t(`immunizations:status.${s}`),
            }))}
            {...form.getInputProps('status')}
          />
          <TextInput
            type="date"
            label={t('immunizations:form.date')}
            required
            max={localToday()}
            {...form.getInputProps('occurrenceDate')}
          />
        </SimpleGrid>
        {v.status === 'not_done' ? (
          <TextInput
            label={t('immunizations:form.notDoneReason')}
            required
            {...form.getInputProps('notDoneReason')}
          />
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('immunizations:form.lot')} {...form.getInputProps('lotNumber')} />
              <NumberInput
                label={t('immunizations:form.dose')}
                min={1}
                max={20}
                allowDecimal={false}
                {...form.getInputProps('doseNumber')}
              />
              <Select
                label={t('immunizations:form.site')}
                clearable
                data={immunizationSites.map((s) => ({
                  value: s,
                  label: t(`immunizations:site.${s}`),
                }))}
                {...form.getInputProps('site')}
              />
              <Select
                label={t('immunizations:form.route')}
                clearable
                data={immunizationRoutes.map((s) => ({
                  value: s,
                  label: t(`immunizations:route.${s}`),
                }))}
                {...form.getInputProps('route')}
              />
            </SimpleGrid>
            <TextInput
              label={t('immunizations:form.performer')}
              description={t('immunizations:form.performerHint')}
              {...form.getInputProps('performerDisplay')}
            />
          </>
        )}
        <Textarea
          label={t('immunizations:form.note')}
          autosize
          minRows={2}
          {...form.getInputProps('note')}
        />
        <FormButtons
          submitLabel={t('immunizations:form.record')}
          isPending={record.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

export function ProcedureDialog(props: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Shell
      title={t('immunizations:form.procedureTitle')}
      opened={props.opened}
      onClose={props.onClose}
    >
      <ProcedureForm patientId={props.patientId} onClose={props.onClose} />
    </Shell>
  );
}

const procedureFields = [
  'code.system',
  'code.code',
  'code.display',
  'status',
  'performedStart',
  'performedEnd',
  'bodySite.display',
  'outcome',
  'performerDisplay',
];

/** A datetime-local value (workstation time) as an ISO instant. */
const toInstant = (local: string) => new Date(local).toISOString();

interface ProcedureValues {
  code: { system: ProcedureCodeSystem; code: string; display: string };
  status: Exclude<ProcedureStatus, 'entered_in_error'>;
  performedStart: string;
  performedEnd: string;
  bodySite: string;
  outcome: string;
  performerDisplay: string;
}

function ProcedureForm(props: { patientId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordProcedure(props.patientId);
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<ProcedureValues>({
    initialValues: {
      code: { system: 'snomed', code: '', display: '' },
      status: 'completed',
      performedStart: '',
      performedEnd: '',
      bodySite: '',
      outcome: '',
      performerDisplay: '',
    },
  });
  const submit = form.onSubmit(async (values) => {
    if (!values.performedStart) {
      form.setFieldError('performedStart', t('immunizations:form.startRequired'));
      return;
    }
    setMessage(null);
    try {
      await record.mutateAsync({
        code: {
          system: values.code.system,
          code: values.code.code.trim(),
          display: values.code.display.trim(),
        },
        status: values.status,
        performedStart: toInstant(values.performedStart),
        ...(values.performedEnd ? { performedEnd: toInstant(values.performedEnd) } : {}),
        ...(values.bodySite.trim() ? { bodySite: { display: values.bodySite.trim() } } : {}),
        outcome: values.outcome.trim() || null,
        ...(values.performerDisplay.trim()
          ? { performerDisplay: values.performerDisplay.trim() }
          : {}),
      });
      notifyDone(t('immunizations:form.procedureRecorded'));
      props.onClose();
    } catch (error) {
      setMessage(applyServerErrors(form, error, procedureFields));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert error={null} message={message} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('immunizations:form.codeSystem')}
            allowDeselect={false}
            data={(['snomed', 'cpt', 'hcpcs'] as const).map((s) => ({
              value: s,
              label: t(`immunizations:codeSystem.${s}`),
            }))}
            {...form.getInputProps('code.system')}
          />
          <TextInput
            label={t('immunizations:form.code')}
            required
            {...form.getInputProps('code.code')}
          />
          <Select
            label={t('immunizations:form.status')}
            allowDeselect={false}
            data={procedureStatuses
              .filter((s) => s !== 'entered_in_error')
              .map((s) => ({ value: s, label: t(`immunizations:procedureStatus.${s}`) }))}
            {...form.getInputProps('status')}
          />
        </SimpleGrid>
        <TextInput
          label={t('immunizations:form.display')}
          required
          {...form.getInputProps('code.display')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="datetime-local"
            label={t('immunizations:form.start')}
            required
            {...form.getInputProps('performedStart')}
          />
          <TextInput
            type="datetime-local"
            label={t('immunizations:form.end')}
            {...form.getInputProps('performedEnd')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('immunizations:form.bodySite')} {...form.getInputProps('bodySite')} />
          <TextInput
            label={t('immunizations:form.performer')}
            {...form.getInputProps('performerDisplay')}
          />
        </SimpleGrid>
        <Textarea
          label={t('immunizations:form.outcome')}
          autosize
          minRows={2}
          {...form.getInputProps('outcome')}
        />
        <FormButtons
          submitLabel={t('immunizations:form.record')}
          isPending={record.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

/** Entered in error with a reason, for an immunization or a procedure. */
export function RecordErrorDialog(props: {
  target: { kind: RecordKind; id: string; version: number; display: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const mark = useRecordError();
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm({ initialValues: { reason: '' } });
  const submit = form.onSubmit(async ({ reason }) => {
    if (!props.target) return;
    if (!reason.trim()) {
      form.setFieldError('reason', t('immunizations:form.reasonRequired'));
      return;
    }
    setMessage(null);
    try {
      await mark.mutateAsync({ ...props.target, reason: reason.trim() });
      notifyDone(t('immunizations:form.markedError'));
      form.reset();
      props.onClose();
    } catch (error) {
      setMessage(applyServerErrors(form, error, ['reason']));
    }
  });
  return (
    <Shell
      title={t('immunizations:form.errorTitle', { display: props.target?.display ?? '' })}
      opened={props.target !== null}
      onClose={props.onClose}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormAlert error={null} message={message} />
          <TextInput
            label={t('immunizations:form.reason')}
            required
            {...form.getInputProps('reason')}
          />
          <FormButtons
            submitLabel={t('immunizations:form.markError')}
            color="red"
            isPending={mark.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Shell>
  );
}
