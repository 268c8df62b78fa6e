import { Alert, Button, Code, DataList, Drawer, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DetailItem } from './DetailItem';
import { QueryState } from '../../ui/QueryState';
import { formatDateTime } from '../../ui/format';
import { errorMessage } from './admin-forms';
import { StatusBadge } from './AdminBadges';
import { useCan } from '../../app/auth/useMe';
import { useMessage, useRetryMessage } from './messages.api';
import type { OutboxMessageDetail } from '@meridian/contracts';

/** One message: its delivery record, its text, and its HTML shown as source, never rendered. */
export function MessageDrawer(props: { messageId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage(props.messageId);
  return (
    <Drawer
      opened={!!props.messageId}
      onClose={props.onClose}
      position="right"
      size="xl"
      title={t('admin:messages.detailTitle')}
    >
      <QueryState query={message}>{(m) => <MessageDetail message={m} />}</QueryState>
    </Drawer>
  );
}

function MessageDetail(props: { message: OutboxMessageDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const retry = useRetryMessage();
  const m = props.message;
  const canRetry = (m.status === 'failed' || m.status === 'dead') && can('message.manage');

  return (
    <Stack gap="md">
      <DataList labelWidth="9rem" withDivider size="sm">
        <DetailItem label={t('admin:messages.columns.channel')}>
          {t(`admin:messages.channels.${m.channel}`)}
        </DetailItem>
        <DetailItem label={t('admin:messages.columns.recipient')}>{m.recipient}</DetailItem>
        <DetailItem label={t('admin:messages.columns.subject')}>
          {m.subject ?? t('admin:messages.noSubject')}
        </DetailItem>
        <DetailItem label={t('admin:messages.columns.status')}>
          <StatusBadge group="messageStatus" value={m.status} />
        </DetailItem>
        <DetailItem label={t('admin:messages.columns.attempts')}>
          {t('admin:messages.attemptsOf', { count: m.attempts, max: m.maxAttempts })}
        </DetailItem>
        <DetailItem label={t('admin:messages.lastAttemptAt')}>
          {formatDateTime(m.lastAttemptAt)}
        </DetailItem>
        {m.nextAttemptAt ? (
          <DetailItem label={t('admin:messages.nextAttemptAt')}>
            {formatDateTime(m.nextAttemptAt)}
          </DetailItem>
        ) : null}
        <DetailItem label={t('admin:messages.columns.created')}>
          {formatDateTime(m.createdAt)}
        </DetailItem>
        <DetailItem label={t('admin:messages.sentAt')}>{formatDateTime(m.sentAt)}</DetailItem>
        <DetailItem label={t('admin:messages.transport')}>
          {m.transport === 'viewer' ? t('admin:messages.keptHere') : (m.transport ?? '—')}
        </DetailItem>
      </DataList>
      {m.lastError ? (
        <Alert color="red" title={t('admin:messages.columns.lastError')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {m.lastError}
          </Text>
        </Alert>
      ) : null}
      {canRetry ? (
        <Stack gap="xs" align="flex-start">
          <Button
            leftSection={<IconRefresh size={16} />}
            loading={retry.isPending}
            onClick={() =>
              retry.mutate(m.id, {
                onSuccess: () =>
                  notifications.show({ color: 'green', message: t('admin:messages.retried') }),
              })
            }
          >
            {t('admin:messages.retry')}
          </Button>
          {retry.error ? (
            <Text size="sm" c="red" role="alert">
              {errorMessage(t, retry.error)}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      <section>
        <Title order={3} size="h5" mb={4}>
          {t('admin:messages.body')}
        </Title>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {m.body}
        </Code>
      </section>
      {m.html !== null ? (
        <section>
          <Title order={3} size="h5" mb={4}>
            {t('admin:messages.htmlSource')}
          </Title>
          <Text size="xs" c="dimmed" mb={4}>
            {t('admin:messages.htmlNotRendered')}
          </Text>
          {/* Tricky: shown as text only. Rendering it would run whatever the message holds. */}
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {m.html}
          </Code>
        </section>
      ) : null}
    </Stack>
  );
}
