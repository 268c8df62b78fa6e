import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { cancelAppointmentInput } from '@meridian/contracts';
import { FormAlert } from '../../../ui/FormAlert';

interface CancelProps {
  /** Which appointment, in a sentence. */
  summary: string;
  isPending: boolean;
  /** The refusal to show, if any, with `errorAction` beside it. */
  error: string | null;
  errorAction?: ReactNode;
  onSubmit: (reason: string) => void;
  /** "Keep appointment": back out without cancelling. */
  onClose: () => void;
}

/**
 * The one way staff cancel an appointment: asks for the reason (the API needs one), then
 * "Cancel appointment" or "Keep appointment". In a dialog (`CancelAppointmentModal`) or in
 * place, e.g. in the calendar's drawer, where `heading` titles it.
 */
export function CancelAppointmentForm(props: CancelProps & { heading?: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);

  const submit = () => {
    const body = { reason: reason.trim() };
    if (!cancelAppointmentInput.safeParse(body).success) {
      setFieldError(t('common:validation.required'));
      return;
    }
    setFieldError(null);
    props.onSubmit(body.reason);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label={props.heading}
      noValidate
    >
      <Stack gap="sm">
        {props.heading ? (
          <Title order={3} size="h5">
            {props.heading}
          </Title>
        ) : null}
        <Text size="sm">{props.summary}</Text>
        <Textarea
          label={t('visits:cancel.reason')}
          description={t('visits:cancel.reasonHint')}
          required
          rows={3}
          maxLength={500}
          data-autofocus
          value={reason}
          error={fieldError}
          onChange={(e) => setReason(e.currentTarget.value.replace(/[\r\n]+/g, ' '))}
        />
        {props.error ? <FormAlert error={null} message={props.error} /> : null}
        {props.error && props.errorAction ? props.errorAction : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('visits:cancel.keep')}
          </Button>
          <Button type="submit" color="red.9" loading={props.isPending}>
            {t('visits:cancel.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `CancelAppointmentForm` in a dialog; the reason typed is dropped when it closes. */
export function CancelAppointmentModal(props: CancelProps & { opened: boolean }) {
  const { t } = useTranslation();
  const { opened, ...form } = props;
  return (
    <Modal
      opened={opened}
      onClose={props.onClose}
      title={t('visits:cancel.title')}
      centered
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <CancelAppointmentForm {...form} />
    </Modal>
  );
}
