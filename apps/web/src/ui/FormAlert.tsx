import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError } from './errors';

/** A form's error that belongs to no single field, announced to screen readers. */
export function FormAlert(props: { error: unknown; message?: string | null }) {
  const { t } = useTranslation();
  if (!props.error && !props.message) return null;
  const { message, requestId } = props.message
    ? { message: props.message, requestId: undefined }
    : describeError(props.error);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} aria-hidden />}
      role="alert"
    >
      <Text size="sm">{message}</Text>
      {requestId ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('common:errors.requestId', { requestId })}
        </Text>
      ) : null}
    </Alert>
  );
}
