import { Fragment, useState } from 'react';
import { ActionIcon, Anchor, Code, DataList, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEvent } from '@meridian/contracts';
import { formatDateTime } from '../../ui/format';
import { StatusBadge } from './AdminBadges';
import { DetailItem } from './DetailItem';

function Mono(props: { value: string | null }) {
  return (
    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
      {props.value ?? '—'}
    </Text>
  );
}

/**
 * Audit events, newest first as the API answers, each expandable to its details JSON.
 * `compact` leaves out who did it and where from, for a list about one user.
 */
export function AuditEventsTable(props: { events: AuditEvent[]; compact?: boolean }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columns = props.compact ? 6 : 9;

  return (
    <Table.ScrollContainer minWidth={props.compact ? 640 : 1100} type="native">
      <Table verticalSpacing="xs" aria-label={t('admin:audit.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={40}>
              <VisuallyHidden>{t('admin:audit.columns.details')}</VisuallyHidden>
            </Table.Th>
            <Table.Th scope="col">{t('admin:audit.columns.time')}</Table.Th>
            {props.compact ? null : (
              <Table.Th scope="col">{t('admin:audit.columns.user')}</Table.Th>
            )}
            <Table.Th scope="col">{t('admin:audit.columns.action')}</Table.Th>
            <Table.Th scope="col">{t('admin:audit.columns.outcome')}</Table.Th>
            <Table.Th scope="col">{t('admin:audit.columns.patient')}</Table.Th>
            <Table.Th scope="col">{t('admin:audit.columns.entity')}</Table.Th>
            {props.compact ? null : (
              <>
                <Table.Th scope="col">{t('admin:audit.columns.requestId')}</Table.Th>
                <Table.Th scope="col">{t('admin:audit.columns.ip')}</Table.Th>
              </>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.events.map((event) => {
            const isOpen = expanded.has(event.id);
            const detailsId = `audit-details-${event.id}`;
            return (
              <Fragment key={event.id}>
                <Table.Tr>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => toggle(event.id)}
                      aria-expanded={isOpen}
                      aria-controls={isOpen ? detailsId : undefined}
                      aria-label={t('admin:audit.toggleDetails', { seq: event.seq })}
                    >
                      {isOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(event.occurredAt)}
                    </Text>
                  </Table.Td>
                  {props.compact ? null : (
                    <Table.Td>
                      <ActorCell event={event} />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Code>{event.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge group="outcome" value={event.outcome} />
                  </Table.Td>
                  <Table.Td>
                    <Mono value={event.patientId} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{event.entityType ?? '—'}</Text>
                    {event.entityId ? <Mono value={event.entityId} /> : null}
                  </Table.Td>
                  {props.compact ? null : (
                    <>
                      <Table.Td>
                        <Mono value={event.requestId} />
                      </Table.Td>
                      <Table.Td>
                        <Mono value={event.ip} />
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
                {isOpen ? (
                  <Table.Tr id={detailsId}>
                    <Table.Td colSpan={columns}>
                      <DataList size="xs" labelWidth="8rem" gap={4} mb="xs">
                        <DetailItem label={t('admin:audit.eventId')}>
                          {t('admin:audit.eventSeq', { seq: event.seq, id: event.id })}
                        </DetailItem>
                        {props.compact ? (
                          <>
                            <DetailItem label={t('admin:audit.columns.requestId')}>
                              {event.requestId ?? '—'}
                            </DetailItem>
                            <DetailItem label={t('admin:audit.columns.ip')}>
                              {event.ip ?? '—'}
                            </DetailItem>
                          </>
                        ) : null}
                        <DetailItem label={t('admin:audit.facility')}>
                          {event.facilityId ?? '—'}
                        </DetailItem>
                        <DetailItem label={t('admin:audit.userAgent')}>
                          {event.userAgent ?? '—'}
                        </DetailItem>
                      </DataList>
                      <Code block>{JSON.stringify(event.details, null, 2)}</Code>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ActorCell(props: { event: AuditEvent }) {
  const { t } = useTranslation();
  const { actorUserId, actorEmail } = props.event;
  if (!actorUserId) {
    return (
      <Text size="sm" c="dimmed">
        {actorEmail ?? t('admin:audit.system')}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={`/admin/users/${actorUserId}`} size="sm">
      {actorEmail ?? actorUserId}
    </Anchor>
  );
}
