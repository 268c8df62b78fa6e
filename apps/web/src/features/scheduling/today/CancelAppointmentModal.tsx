import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { cancelAppointmentInput } from '@meridian/contracts';
import { FormAlert } from '../../../ui/FormAlert';

/**
 * Asks for the reason before cancelling an appointment (the API needs one). `summary` says
 * which appointment; `error` is the refusal to show, if any, with `errorAction` beside it.
 */
export function CancelAppointmentModal(props: {
  opened: boolean;
  summary: string;
  isPending: boolean;
  error: string | null;
  errorAction?: ReactNode;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);

  const close = () => {
    setReason('');
    setFieldError(null);
    props.onClose();
  };
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
    <Modal
      opened={props.opened}
      onClose={close}
      title={t('visits:cancel.title')}
      centered
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
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
            <Button variant="default" onClick={close}>
              {t('visits:cancel.keep')}
            </Button>
            <Button type="submit" color="red.9" loading={props.isPending}>
              {t('visits:cancel.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
