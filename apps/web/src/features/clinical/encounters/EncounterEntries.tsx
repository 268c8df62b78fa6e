import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  encounterEntriesLimit,
  encounterEntryKinds,
  type EncounterEntry,
  type EncounterEntryKind,
} from '@meridian/contracts';
import { QueryState } from '../../../ui/QueryState';
import { formatDate, formatDateTime } from '../../../ui/format';
import { useEncounterEntries } from './encounters.api';

/** The chart tab each kind of entry lives on. */
const tabOf: Readonly<Record<EncounterEntryKind, string>> = {
  vitals: 'vitals',
  problem: 'problems',
  allergy: 'allergies',
  prescription: 'medications',
  home_medication: 'medications',
  note: 'notes',
  lab_order: 'results',
  immunization: 'immunizations',
  procedure: 'immunizations',
};

/**
 * What was recorded during the encounter, across the chart's areas: a count per kind, then
 * the newest entries, each linking to the tab that holds it. Loads on its own, so the
 * encounter's own facts never wait for it.
 */
export function EncounterEntries(props: {
  encounterId: string;
  patientId: string;
  timeZone?: string | undefined;
}) {
  const { t } = useTranslation();
  const entries = useEncounterEntries(props.encounterId);
  return (
    <Stack gap="sm">
      <Title order={3} size="h5" id="encounter-entries">
        {t('encounters:entries.title')}
      </Title>
      <QueryState
        query={entries}
        isEmpty={(d) => d.total === 0}
        empty={
          <Text size="sm" c="dimmed">
            {t('encounters:entries.empty')}
          </Text>
        }
      >
        {(data) => (
          <Stack gap="xs">
            <Group gap={6} aria-label={t('encounters:entries.countsLabel')} role="list">
              {encounterEntryKinds
                .filter((k) => (data.counts[k] ?? 0) > 0)
                .map((k) => (
                  <Badge key={k} variant="light" role="listitem">
                    {t(`encounters:entries.count.${k}`, { count: data.counts[k] ?? 0 })}
                  </Badge>
                ))}
            </Group>
            <Table aria-labelledby="encounter-entries" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('encounters:entries.when')}</Table.Th>
                  <Table.Th scope="col">{t('encounters:entries.what')}</Table.Th>
                  <Table.Th scope="col">{t('encounters:entries.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((entry) => (
                  <Table.Tr key={`${entry.kind}:${entry.id}`}>
                    <Table.Td miw={110}>
                      <Text size="sm">
                        {entry.kind === 'immunization'
                          ? formatDate(entry.at, 'UTC')
                          : formatDateTime(entry.at, props.timeZone)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {t(`encounters:entries.kind.${entry.kind}`)}
                      </Text>
                      <Anchor
                        component={Link}
                        to={`/patients/${props.patientId}/${tabOf[entry.kind]}`}
                        size="sm"
                      >
                        {describe(entry, t)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{statusText(entry, t)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {data.total > data.items.length ? (
              <Text size="xs" c="dimmed">
                {t('encounters:entries.more', {
                  shown: Math.min(data.items.length, encounterEntriesLimit),
                  total: data.total,
                })}
              </Text>
            ) : null}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function describe(entry: EncounterEntry, t: T): string {
  if (entry.kind === 'vitals') {
    return entry.news2Total === null
      ? t('encounters:entries.vitals')
      : t('encounters:entries.vitalsNews2', { total: entry.news2Total });
  }
  const name = entry.display ?? '—';
  return entry.code ? `${name} (${entry.code})` : name;
}

/** Statuses in each area's own words, with the raw value when an area adds a new one. */
function statusText(entry: EncounterEntry, t: T): string {
  return t(`encounters:entries.statuses.${entry.status}`, {
    defaultValue: entry.status.replaceAll('_', ' '),
  });
}
