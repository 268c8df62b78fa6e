import { useState } from 'react';
import { Alert, Anchor, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { messageChannel, messageStatus } from '@meridian/contracts';
import type { OutboxMessage } from '@meridian/contracts';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { formatDateTime } from '../../ui/format';
import { StatusBadge } from './AdminBadges';
import { LoadMore } from './LoadMore';
import { MessageDrawer } from './MessageDrawer';
import { useMessages } from './messages.api';
import type { MessageFilters } from './messages.api';
import { flattenPages } from './paging';

function readFilters(params: URLSearchParams): MessageFilters {
  const channel = messageChannel.safeParse(params.get('channel'));
  const status = messageStatus.safeParse(params.get('status'));
  const recipient = params.get('recipient')?.trim();
  return {
    ...(channel.success ? { channel: channel.data } : {}),
    ...(status.success ? { status: status.data } : {}),
    ...(recipient ? { recipient } : {}),
  };
}

/**
 * /admin/messages: every e-mail and SMS the server queued, with delivery status. In demo mode
 * nothing leaves the server, so this is where those messages can be read.
 */
export function MessagesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const messages = useMessages(filters);
  const openId = params.get('message');
  const [recipient, setRecipient] = useState(filters.recipient ?? '');

  const setParam = (key: string, value: string | null, replace = true) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace },
    );
  const applyRecipient = useDebouncedCallback(
    (value: string) => setParam('recipient', value.trim()),
    400,
  );

  return (
    <Stack gap="md">
      <PageHeader title={t('admin:messages.title')} description={t('admin:messages.description')} />
      <Alert color="blue" icon={<IconInfoCircle size={18} />} title={t('admin:messages.demoTitle')}>
        {t('admin:messages.demoExplain')}
      </Alert>
      <Group align="flex-end" gap="sm" role="search">
        <TextInput
          label={t('admin:messages.recipient')}
          description={t('admin:messages.recipientHint')}
          value={recipient}
          onChange={(e) => {
            setRecipient(e.currentTarget.value);
            applyRecipient(e.currentTarget.value);
          }}
          style={{ flex: '1 1 16rem' }}
        />
        <Select
          label={t('admin:messages.channel')}
          placeholder={t('admin:common.any')}
          data={messageChannel.options.map((c) => ({
            value: c,
            label: t(`admin:messages.channels.${c}`),
          }))}
          value={filters.channel ?? null}
          onChange={(v) => setParam('channel', v)}
          clearable
          w={180}
        />
        <Select
          label={t('admin:messages.status')}
          placeholder={t('admin:common.any')}
          data={messageStatus.options.map((s) => ({
            value: s,
            label: t(`admin:messageStatus.${s}`),
          }))}
          value={filters.status ?? null}
          onChange={(v) => setParam('status', v)}
          clearable
          w={180}
        />
      </Group>
      <QueryState
        query={messages}
        isEmpty={(data) => flattenPages(data).length === 0}
        empty={
          Object.keys(filters).length > 0
            ? t('admin:messages.emptyFiltered')
            : t('admin:messages.empty')
        }
      >
        {(data) => (
          <>
            <MessagesTable
              messages={flattenPages(data)}
              onOpen={(id) => setParam('message', id, false)}
            />
            <LoadMore
              shown={flattenPages(data).length}
              hasNextPage={messages.hasNextPage}
              isFetchingNextPage={messages.isFetchingNextPage}
              fetchNextPage={messages.fetchNextPage}
            />
          </>
        )}
      </QueryState>
      <MessageDrawer messageId={openId} onClose={() => setParam('message', null)} />
    </Stack>
  );
}

function MessagesTable(props: { messages: OutboxMessage[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={960} type="native">
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('admin:messages.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('admin:messages.columns.created')}</Table.Th>
            <Table.Th scope="col">{t('admin:messages.columns.channel')}</Table.Th>
            <Table.Th scope="col">{t('admin:messages.columns.recipient')}</Table.Th>
            <Table.Th scope="col">{t('admin:messages.columns.subject')}</Table.Th>
            <Table.Th scope="col">{t('admin:messages.columns.status')}</Table.Th>
            <Table.Th scope="col">{t('admin:messages.columns.attempts')}</Table.Th>
            <Table.Th scope="col">{t('admin:messages.columns.lastError')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.messages.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.createdAt)}</Table.Td>
              <Table.Td>{t(`admin:messages.channels.${m.channel}`)}</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {m.recipient}
                </Text>
              </Table.Td>
              <Table.Td>
                {/* The subject opens the message: a button, so it is reachable by keyboard. */}
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => props.onOpen(m.id)}
                >
                  {m.subject ?? t('admin:messages.noSubject')}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <StatusBadge group="messageStatus" value={m.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {t('admin:messages.attemptsOf', { count: m.attempts, max: m.maxAttempts })}
              </Table.Td>
              <Table.Td maw={260}>
                <Text
                  size="xs"
                  c={m.lastError ? 'red' : 'dimmed'}
                  lineClamp={2}
                  title={m.lastError ?? undefined}
                >
                  {m.lastError ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
