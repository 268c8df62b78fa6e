import { Badge, Group, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { IconArrowRight, IconPencil, IconShieldCheck } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '@meridian/contracts';
import { QueryState } from '../../../ui/QueryState';
import { formatDateTime } from '../../../ui/format';
import { LoadMore } from '../../admin/LoadMore';
import { flattenPages } from '../../admin/paging';
import { usePatientHistory } from '../patients.api';
import { usePatientContext } from './PatientPage';

/** The catalogue's label for a changed field, or the path itself when there is none. */
function fieldLabel(t: TFunction, entity: HistoryEntry['entityType'], path: string): string {
  const key =
    entity === 'coverage' ? `patients:history.coverageFields.${path}` : `patients:fields.${path}`;
  const label: unknown = t(key, { returnObjects: true, defaultValue: path });
  // `name` resolves to the group of name labels: fall back to a label for the group.
  if (typeof label === 'string') return label;
  const group: unknown = t(`patients:history.groups.${path}`, { defaultValue: path });
  return typeof group === 'string' ? group : path;
}

/** A before/after value in words: lists joined, objects by their values (people by name), booleans yes/no. */
export function historyValue(t: TFunction, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean')
    return value ? t('patients:history.yes') : t('patients:history.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map((v) => historyValue(t, v)).join('; ');
  }
  if (typeof value === 'object') {
    // A reference to a person ({ id, displayName }) reads as the name, not the id.
    const ref = value as { id?: unknown; displayName?: unknown };
    if (typeof ref.displayName === 'string') return ref.displayName;
    return Object.values(value as Record<string, unknown>)
      .filter((v) => v !== null && v !== undefined && v !== '' && typeof v !== 'boolean')
      .map((v) => historyValue(t, v))
      .join(', ');
  }
  return '—';
}

function ChangesTable(props: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const { entry } = props;
  // The first version is the record as created: nothing to compare it with.
  if (entry.changes.length === 0 && entry.action === 'created') return null;
  if (entry.changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('patients:history.noFieldChanges')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480} type="native">
      <Table verticalSpacing={4} fz="sm" withRowBorders={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('patients:history.field')}</Table.Th>
            <Table.Th scope="col">{t('patients:history.before')}</Table.Th>
            <Table.Th scope="col">{t('patients:history.after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entry.changes.map((c) => (
            <Table.Tr key={c.path}>
              <Table.Td fw={500}>{fieldLabel(t, entry.entityType, c.path)}</Table.Td>
              <Table.Td c="dimmed" style={{ wordBreak: 'break-word' }}>
                {historyValue(t, c.before)}
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>
                <Group gap={4} wrap="nowrap" align="flex-start">
                  <IconArrowRight size={14} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
                  <span>{historyValue(t, c.after)}</span>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EntryTitle(props: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const { entry } = props;
  return (
    <Group gap="xs" wrap="wrap">
      <Text fw={600} size="sm">
        {/* An entity-specific label first (a coverage is "added", a record "registered"). */}
        {t(
          [
            `patients:history.actions.${entry.entityType}_${entry.action}`,
            `patients:history.actions.${entry.action}`,
          ],
          { defaultValue: entry.action },
        )}
      </Text>
      <Badge size="sm" variant="light" color={entry.entityType === 'coverage' ? 'grape' : 'blue'}>
        {t(`patients:history.entity.${entry.entityType}`)}
      </Badge>
      <Text size="xs" c="dimmed">
        {t('patients:history.version', { version: entry.version })}
      </Text>
    </Group>
  );
}

/** /patients/:id/history: every version of the record and its coverages, newest first. */
export function PatientHistoryTab() {
  const { t } = useTranslation();
  const { patient } = usePatientContext();
  const history = usePatientHistory(patient.id);
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('patients:history.title')}
      </Title>
      <QueryState
        query={history}
        isEmpty={(d) => flattenPages(d).length === 0}
        empty={t('patients:history.empty')}
      >
        {(data) => {
          const entries = flattenPages(data);
          return (
            <>
              <Timeline bulletSize={26} lineWidth={2}>
                {entries.map((entry) => (
                  <Timeline.Item
                    key={`${entry.entityType}-${entry.entityId}-${entry.version}`}
                    bullet={
                      entry.entityType === 'coverage' ? (
                        <IconShieldCheck size={14} aria-hidden />
                      ) : (
                        <IconPencil size={14} aria-hidden />
                      )
                    }
                    title={<EntryTitle entry={entry} />}
                  >
                    <Text size="xs" c="dimmed" mb={6}>
                      {t('patients:history.byAt', {
                        who: entry.recordedBy?.displayName ?? t('patients:history.system'),
                        at: formatDateTime(entry.recordedAt),
                      })}
                    </Text>
                    <ChangesTable entry={entry} />
                  </Timeline.Item>
                ))}
              </Timeline>
              <LoadMore
                shown={entries.length}
                hasNextPage={history.hasNextPage}
                isFetchingNextPage={history.isFetchingNextPage}
                fetchNextPage={history.fetchNextPage}
              />
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
