import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A save refused with 412: someone else changed the record since it was loaded. */
export function ConflictAlert(props: { message: string; onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" role="alert" title={t('admin:common.conflictTitle')}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{props.message}</Text>
        <Button size="xs" variant="light" color="orange" onClick={props.onReload}>
          {t('admin:common.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}
