import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { errorMessage } from './admin-forms';
import { useAuditIntegrity } from './audit.api';

/** Whether the audit trail's hash chain is unbroken, with "Verify now" to check again. */
export function IntegrityCard() {
  const { t } = useTranslation();
  const integrity = useAuditIntegrity();
  const data = integrity.data;

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" mb="xs">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {t('admin:integrity.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('admin:integrity.explain')}
          </Text>
        </Stack>
        <Button
          variant="default"
          size="xs"
          loading={integrity.isFetching}
          onClick={() => void integrity.refetch()}
        >
          {t('admin:integrity.verify')}
        </Button>
      </Group>
      <div aria-live="polite">
        {integrity.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">{t('admin:integrity.checking')}</Text>
          </Group>
        ) : integrity.isError || !data ? (
          <Alert color="red" role="alert" title={t('admin:integrity.failed')}>
            {errorMessage(t, integrity.error)}
          </Alert>
        ) : data.status === 'intact' ? (
          <Alert color="green" icon={<IconShieldCheck size={18} />}>
            {t('admin:integrity.intact', {
              count: data.checkedEvents,
              time: formatDateTime(data.checkedAt),
            })}
          </Alert>
        ) : (
          <Alert
            color="red"
            role="alert"
            icon={<IconAlertTriangle size={18} />}
            title={t('admin:integrity.brokenTitle')}
          >
            <Stack gap={4}>
              <Text size="sm">
                {data.firstBrokenSeq === null
                  ? t('admin:integrity.brokenUnknown', { reason: data.reason ?? '—' })
                  : t('admin:integrity.brokenAt', {
                      seq: data.firstBrokenSeq,
                      reason: data.reason ?? '—',
                    })}
              </Text>
              <Text size="sm">
                {t('admin:integrity.checked', {
                  count: data.checkedEvents,
                  time: formatDateTime(data.checkedAt),
                })}
              </Text>
              <Text size="sm" fw={500}>
                {t('admin:integrity.brokenAdvice')}
              </Text>
            </Stack>
          </Alert>
        )}
      </div>
    </Paper>
  );
}
