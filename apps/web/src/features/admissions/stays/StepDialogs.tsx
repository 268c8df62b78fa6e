import { useState, type ReactNode } from 'react';
import { Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Stay } from '@meridian/contracts';
import { serverNow } from '../../../app/api';
import { FormAlert } from '../../../ui/FormAlert';
import { FormButtons } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { placeStayError } from './stay-errors';
import { instantOfLocalDateTime, localDateTimeOf } from './stay-time';
import { useStayStep, type StayStep, type StayStepBodies } from './stays.api';

/** What the small stay dialogs share: the stay, its facility's zone, open and close. */
export interface StepDialogProps {
  stay: Pick<Stay, 'id' | 'version' | 'stayNumber'>;
  timeZone: string;
  opened: boolean;
  onClose: () => void;
}

/**
 * Runs one step on the stay from a Mantine form: on success a toast and close, on refusal
 * the messages beside their fields (the time field takes "in the future"/"before
 * admission") and the rest above the form.
 */
export function useStepSubmit<S extends StayStep>(
  step: S,
  props: StepDialogProps,
  form: { setFieldError: (path: string, message: string) => void },
  fields: readonly string[],
  timeField?: string,
) {
  const { t } = useTranslation();
  const run = useStayStep();
  const [formError, setFormError] = useState<string | null>(null);
  const submit = async (body: StayStepBodies[S], doneMessage?: string) => {
    setFormError(null);
    try {
      // The union of steps is checked by the caller's S.
      await run.mutateAsync({ step, stay: props.stay, body } as Parameters<
        typeof run.mutateAsync
      >[0]);
      notifyDone(doneMessage ?? t('admissions:drawer.stepDone'));
      props.onClose();
    } catch (error) {
      const { general, ...placed } = placeStayError(error, fields, (p) => p, timeField);
      for (const [field, message] of Object.entries(placed)) form.setFieldError(field, message);
      setFormError(general ?? null);
    }
  };
  return { submit, formError, isPending: run.isPending };
}

/** A modal around a small step form; the body mounts only while open, so it starts fresh. */
export function StepModal(props: {
  title: string;
  opened: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      closeButtonProps={{ 'aria-label': t('admissions:drawer.close') }}
    >
      {props.opened ? props.children : null}
    </Modal>
  );
}

/** "Now" as the facility's wall clock, to start time fields with. */
export function localNow(timeZone: string): string {
  return localDateTimeOf(serverNow(), timeZone);
}

export function LeaveDialog(props: StepDialogProps) {
  const { t } = useTranslation();
  return (
    <StepModal title={t('admissions:leave.title')} opened={props.opened} onClose={props.onClose}>
      <LeaveForm {...props} />
    </StepModal>
  );
}

function LeaveForm(props: StepDialogProps) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { reason: '', expectedReturnAt: '' },
    validate: {
      reason: (v) => (v.trim() ? null : t('admissions:errors.leaveReason')),
      expectedReturnAt: (v) =>
        v === '' || instantOfLocalDateTime(v, props.timeZone) ? null : t('admissions:errors.when'),
    },
  });
  const step = useStepSubmit('leave', props, form, ['reason', 'expectedReturnAt']);
  const submit = form.onSubmit((v) =>
    step.submit({
      reason: v.reason.trim(),
      expectedReturnAt: v.expectedReturnAt
        ? instantOfLocalDateTime(v.expectedReturnAt, props.timeZone)
        : null,
    }),
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">{t('admissions:leave.hint')}</Text>
        <FormAlert error={null} message={step.formError} />
        <TextInput
          label={t('admissions:leave.reason')}
          required
          maxLength={500}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <TextInput
          type="datetime-local"
          label={t('admissions:leave.expectedReturn')}
          {...form.getInputProps('expectedReturnAt')}
        />
        <FormButtons
          submitLabel={t('admissions:leave.submit')}
          isPending={step.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

export function DischargeOrderDialog(
  props: StepDialogProps & { dischargeExpectedAt: string | null },
) {
  const { t } = useTranslation();
  return (
    <StepModal title={t('admissions:order.title')} opened={props.opened} onClose={props.onClose}>
      <DischargeOrderForm {...props} />
    </StepModal>
  );
}

function DischargeOrderForm(props: StepDialogProps & { dischargeExpectedAt: string | null }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: {
      expectedAt: props.dischargeExpectedAt
        ? localDateTimeOf(props.dischargeExpectedAt, props.timeZone)
        : '',
    },
    validate: {
      expectedAt: (v) =>
        instantOfLocalDateTime(v, props.timeZone) ? null : t('admissions:errors.when'),
    },
  });
  const step = useStepSubmit('discharge-order', props, form, ['expectedAt'], 'expectedAt');
  const submit = form.onSubmit((v) =>
    step.submit({ expectedAt: instantOfLocalDateTime(v.expectedAt, props.timeZone) ?? '' }),
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">{t('admissions:order.hint')}</Text>
        <FormAlert error={null} message={step.formError} />
        <TextInput
          type="datetime-local"
          label={t('admissions:order.expectedAt')}
          required
          data-autofocus
          {...form.getInputProps('expectedAt')}
        />
        <FormButtons
          submitLabel={t('admissions:order.submit')}
          isPending={step.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

/** A correction: cancel an admission entered in error, or undo a discharge. */
export function CorrectionDialog(props: StepDialogProps & { kind: 'cancel' | 'undo-discharge' }) {
  const { t } = useTranslation();
  const title =
    props.kind === 'cancel'
      ? t('admissions:correct.cancelTitle')
      : t('admissions:correct.undoTitle');
  return (
    <StepModal title={title} opened={props.opened} onClose={props.onClose}>
      <CorrectionForm {...props} />
    </StepModal>
  );
}

function CorrectionForm(props: StepDialogProps & { kind: 'cancel' | 'undo-discharge' }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : t('admissions:errors.correctionReason')) },
  });
  const step = useStepSubmit(props.kind, props, form, ['reason']);
  const submit = form.onSubmit((v) => step.submit({ reason: v.reason.trim() }));
  const isCancel = props.kind === 'cancel';
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">
          {isCancel ? t('admissions:correct.cancelHint') : t('admissions:correct.undoHint')}
        </Text>
        <FormAlert error={null} message={step.formError} />
        <TextInput
          label={t('admissions:correct.reason')}
          required
          maxLength={500}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <FormButtons
          submitLabel={
            isCancel ? t('admissions:correct.submitCancel') : t('admissions:correct.submitUndo')
          }
          color="red"
          isPending={step.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}
