import { useState, type ReactNode } from 'react';
import { Alert, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Icd10cmCode, PatientProblem, ProblemInput } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { FormAlert } from '../../../ui/FormAlert';
import { applyServerErrors } from '../../../ui/forms';
import { FormButtons } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { Icd10Picker } from './Icd10Picker';
import { useAddProblem, useProblemStep, type ProblemStep } from './problems.api';

/** Today as the workstation's calendar date (YYYY-MM-DD), for date fields. */
export function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Our codes' wording; null leaves the message to the form's usual handling. */
function problemRefusal(error: unknown, t: (key: string) => string): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'problem.duplicate_active') return t('problems:form.duplicate');
  if (error.code === 'resource.version_mismatch') return t('problems:form.changedMeanwhile');
  if (error.code === 'problem.invalid_transition') return t('problems:form.cannotChange');
  return null;
}

/**
 * Runs a submit: on refusal, field errors go beside their fields and the rest above the
 * form; returns true when it went through.
 */
function useSubmitter(
  form: { setFieldError: (path: string, message: string) => void },
  fields: readonly string[],
) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setMessage(null);
    try {
      await action();
      return true;
    } catch (error) {
      const ours = problemRefusal(error, t);
      if (ours && error instanceof ApiError && error.code === 'problem.duplicate_active') {
        form.setFieldError('code', ours);
      } else {
        setMessage(ours ?? applyServerErrors(form, error, fields));
      }
      return false;
    }
  };
  return { run, message };
}

function DialogShell(props: {
  title: string;
  opened: boolean;
  onClose: () => void;
  children: ReactNode;
  size?: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      size={props.size ?? 'lg'}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.opened ? props.children : null}
    </Modal>
  );
}

const settableVerification = ['provisional', 'confirmed', 'refuted'] as const;

export function AddProblemDialog(props: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <DialogShell title={t('problems:form.addTitle')} opened={props.opened} onClose={props.onClose}>
      <AddProblemForm patientId={props.patientId} onClose={props.onClose} />
    </DialogShell>
  );
}

function AddProblemForm(props: { patientId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddProblem(props.patientId);
  const [code, setCode] = useState<Icd10cmCode | null>(null);
  const form = useForm({
    initialValues: {
      onsetDate: '',
      clinicalStatus: 'active' as NonNullable<ProblemInput['clinicalStatus']>,
      verificationStatus: 'confirmed' as NonNullable<ProblemInput['verificationStatus']>,
      note: '',
    },
  });
  const fields = ['code', 'onsetDate', 'clinicalStatus', 'verificationStatus', 'note'];
  const submitter = useSubmitter(form, fields);
  const submit = form.onSubmit(async (v) => {
    if (!code) {
      form.setFieldError('code', t('problems:form.codeRequired'));
      return;
    }
    const ok = await submitter.run(async () => {
      const answer = await add.mutateAsync({
        code: code.code,
        onsetDate: v.onsetDate || null,
        clinicalStatus: v.clinicalStatus,
        verificationStatus: v.verificationStatus,
        note: v.note.trim() || null,
      });
      notifyDone(
        answer.warnings.some((w) => w.code === 'icd10cm.not_billable')
          ? t('problems:form.addedNotBillable', { code: answer.code })
          : t('problems:form.added'),
      );
    });
    if (ok) props.onClose();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert error={null} message={submitter.message} />
        <Icd10Picker
          label={t('problems:form.code')}
          value={code}
          required
          autoFocus
          error={form.errors.code as string | undefined}
          onChange={(c) => {
            setCode(c);
            form.clearFieldError('code');
          }}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput
            type="date"
            label={t('problems:form.onsetDate')}
            max={localToday()}
            {...form.getInputProps('onsetDate')}
          />
          <Select
            label={t('problems:form.clinicalStatus')}
            data={(['active', 'recurrence', 'inactive'] as const).map((s) => ({
              value: s,
              label: t(`problems:status.${s}`),
            }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('clinicalStatus')}
          />
          <Select
            label={t('problems:form.verificationStatus')}
            data={(['provisional', 'confirmed'] as const).map((s) => ({
              value: s,
              label: t(`problems:verification.${s}`),
            }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('verificationStatus')}
          />
        </SimpleGrid>
        <Textarea
          label={t('problems:form.note')}
          autosize
          minRows={2}
          maxLength={2000}
          {...form.getInputProps('note')}
        />
        <FormButtons
          submitLabel={t('problems:form.addSubmit')}
          isPending={add.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

/** The step dialogs on one problem: edit, resolve, entered in error. */
export type ProblemDialog = 'edit' | 'resolve' | 'error';

export function ProblemStepDialog(props: {
  problem: PatientProblem | null;
  dialog: ProblemDialog | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { problem, dialog } = props;
  const titles: Record<ProblemDialog, string> = {
    edit: t('problems:form.editTitle'),
    resolve: t('problems:form.resolveTitle'),
    error: t('problems:form.errorTitle'),
  };
  return (
    <DialogShell
      title={dialog ? titles[dialog] : ''}
      opened={problem !== null && dialog !== null}
      onClose={props.onClose}
      size={dialog === 'edit' ? 'lg' : 'md'}
    >
      {problem && dialog === 'edit' ? <EditForm problem={problem} onClose={props.onClose} /> : null}
      {problem && dialog === 'resolve' ? (
        <ResolveForm problem={problem} onClose={props.onClose} />
      ) : null}
      {problem && dialog === 'error' ? (
        <EnteredInErrorForm problem={problem} onClose={props.onClose} />
      ) : null}
    </DialogShell>
  );
}

function useStepRunner(problem: PatientProblem, onClose: () => void) {
  const step = useProblemStep();
  return {
    isPending: step.isPending,
    run: async (s: ProblemStep, done: string) => {
      await step.mutateAsync({ problem, step: s });
      notifyDone(done);
      onClose();
    },
  };
}

function EditForm(props: { problem: PatientProblem; onClose: () => void }) {
  const { t } = useTranslation();
  const { problem } = props;
  const runner = useStepRunner(problem, props.onClose);
  const form = useForm({
    initialValues: {
      onsetDate: problem.onsetDate ?? '',
      abatementDate: problem.abatementDate ?? '',
      clinicalStatus: problem.clinicalStatus,
      verificationStatus:
        problem.verificationStatus === 'entered_in_error'
          ? 'confirmed'
          : problem.verificationStatus,
      note: problem.note ?? '',
    },
  });
  const fields = ['onsetDate', 'abatementDate', 'clinicalStatus', 'verificationStatus', 'note'];
  const submitter = useSubmitter(form, fields);
  const isActive =
    form.values.clinicalStatus === 'active' || form.values.clinicalStatus === 'recurrence';
  const submit = form.onSubmit((v) =>
    submitter.run(() =>
      runner.run(
        {
          kind: 'update',
          body: {
            onsetDate: v.onsetDate || null,
            abatementDate: isActive ? null : v.abatementDate || null,
            clinicalStatus: v.clinicalStatus,
            verificationStatus: v.verificationStatus,
            note: v.note.trim() || null,
          },
        },
        t('problems:form.saved'),
      ),
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert error={null} message={submitter.message} />
        <TextInput
          label={t('problems:form.code')}
          value={`${problem.code ?? ''} — ${problem.display}`}
          readOnly
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t('problems:form.clinicalStatus')}
            data={(['active', 'recurrence', 'inactive', 'resolved'] as const).map((s) => ({
              value: s,
              label: t(`problems:status.${s}`),
            }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('clinicalStatus')}
          />
          <Select
            label={t('problems:form.verificationStatus')}
            data={settableVerification.map((s) => ({
              value: s,
              label: t(`problems:verification.${s}`),
            }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('verificationStatus')}
          />
          <TextInput
            type="date"
            label={t('problems:form.onsetDate')}
            max={localToday()}
            {...form.getInputProps('onsetDate')}
          />
          <TextInput
            type="date"
            label={t('problems:form.abatementDate')}
            max={localToday()}
            disabled={isActive}
            {...form.getInputProps('abatementDate')}
          />
        </SimpleGrid>
        <Textarea
          label={t('problems:form.note')}
          autosize
          minRows={2}
          maxLength={2000}
          {...form.getInputProps('note')}
        />
        <FormButtons
          submitLabel={t('problems:form.save')}
          isPending={runner.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

function ResolveForm(props: { problem: PatientProblem; onClose: () => void }) {
  const { t } = useTranslation();
  const runner = useStepRunner(props.problem, props.onClose);
  const form = useForm({
    initialValues: { abatementDate: localToday(), note: props.problem.note ?? '' },
  });
  const submitter = useSubmitter(form, ['abatementDate', 'note']);
  const submit = form.onSubmit((v) =>
    submitter.run(() =>
      runner.run(
        {
          kind: 'resolve',
          body: {
            ...(v.abatementDate ? { abatementDate: v.abatementDate } : {}),
            note: v.note.trim() || null,
          },
        },
        t('problems:form.resolved'),
      ),
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert error={null} message={submitter.message} />
        <TextInput
          type="date"
          label={t('problems:form.abatementDate')}
          max={localToday()}
          {...form.getInputProps('abatementDate')}
        />
        <Textarea
          label={t('problems:form.note')}
          autosize
          minRows={2}
          maxLength={2000}
          {...form.getInputProps('note')}
        />
        <FormButtons
          submitLabel={t('problems:form.resolveSubmit')}
          isPending={runner.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

function EnteredInErrorForm(props: { problem: PatientProblem; onClose: () => void }) {
  const { t } = useTranslation();
  const runner = useStepRunner(props.problem, props.onClose);
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (r) => (r.trim() ? null : t('problems:form.reasonRequired')) },
  });
  const submitter = useSubmitter(form, ['reason']);
  const submit = form.onSubmit((v) =>
    submitter.run(() =>
      runner.run(
        { kind: 'entered-in-error', body: { reason: v.reason.trim() } },
        t('problems:form.retired'),
      ),
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Alert color="yellow" variant="light">
          {t('problems:form.errorWarning')}
        </Alert>
        <FormAlert error={null} message={submitter.message} />
        <TextInput
          label={t('problems:form.reason')}
          description={t('problems:form.reasonHint')}
          required
          maxLength={500}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <FormButtons
          submitLabel={t('problems:form.errorSubmit')}
          color="red"
          isPending={runner.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}
