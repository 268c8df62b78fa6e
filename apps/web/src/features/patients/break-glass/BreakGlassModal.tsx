import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { breakGlassBody, breakGlassDurationMinutes } from '@meridian/contracts';
import { FormAlert } from '../../../ui/FormAlert';
import { useBreakGlass } from '../patients.api';

/**
 * Break the glass: open a restricted record for a while, with a reason the privacy office
 * reviews. Calls `onOpened` once the grant exists.
 */
export function BreakGlassModal(props: {
  patientId: string | null;
  mrn?: string | undefined;
  onClose: () => void;
  onOpened: (patientId: string) => void;
}) {
  const { t } = useTranslation();
  const breakGlass = useBreakGlass();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setReason('');
    setError(null);
    breakGlass.reset();
    props.onClose();
  };

  const submit = () => {
    if (!props.patientId) return;
    const body = { patientId: props.patientId, reason: reason.trim() };
    if (!breakGlassBody.safeParse(body).success) {
      setError(t('patients:breakGlass.reasonTooShort'));
      return;
    }
    setError(null);
    breakGlass.mutate(body, {
      onSuccess: () => {
        const id = body.patientId;
        close();
        props.onOpened(id);
      },
    });
  };

  return (
    <Modal
      opened={props.patientId !== null}
      onClose={close}
      title={t('patients:breakGlass.title')}
      closeButtonProps={{ 'aria-label': t('patients:closeDialog') }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            <Text size="sm">
              {t('patients:breakGlass.body', { minutes: breakGlassDurationMinutes })}
            </Text>
          </Alert>
          {props.mrn ? <Text size="sm">{t('patients:mrnValue', { mrn: props.mrn })}</Text> : null}
          <Textarea
            label={t('patients:breakGlass.reason')}
            description={t('patients:breakGlass.reasonHint')}
            required
            rows={3}
            maxLength={500}
            data-autofocus
            value={reason}
            error={error}
            onChange={(e) => setReason(e.currentTarget.value.replace(/[\r\n]+/g, ' '))}
          />
          <FormAlert error={breakGlass.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={breakGlass.isPending}>
              {t('patients:breakGlass.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
