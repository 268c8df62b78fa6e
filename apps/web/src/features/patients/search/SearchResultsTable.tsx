import type { KeyboardEvent } from 'react';
import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PatientSummary } from '@meridian/contracts';
import { ageYears, formatCalendarDate, listName, phoneForDisplay } from '../patient-format';

/** The element in each row that the arrow keys move to: the link or break-the-glass button. */
const targetSelector = '[data-result-target]';

const resultsTableId = 'patient-search-results';

/** Focus the first result (from the search box's ArrowDown). Returns false if none. */
export function focusFirstResult(): boolean {
  const first = document.getElementById(resultsTableId)?.querySelector<HTMLElement>(targetSelector);
  first?.focus();
  return first !== undefined && first !== null;
}

/** ArrowUp/ArrowDown between rows; above the first row (or Escape) back to the search box. */
function moveFocus(e: KeyboardEvent<HTMLElement>, onExit: () => void) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Escape') return;
  const targets = [...e.currentTarget.querySelectorAll<HTMLElement>(targetSelector)];
  const at = targets.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  e.preventDefault();
  if (e.key === 'Escape' || (e.key === 'ArrowUp' && at === 0)) onExit();
  else targets[e.key === 'ArrowDown' ? Math.min(at + 1, targets.length - 1) : at - 1]?.focus();
}

function MatchBadges(props: { hit: PatientSummary }) {
  const { t } = useTranslation();
  const kinds = props.hit.matchedBy.filter((k) => k !== 'filter');
  return (
    <Group gap={4}>
      {kinds.map((k) => (
        <Badge key={k} size="sm" variant="light" color={k.includes('fuzzy') ? 'gray' : 'teal'}>
          {t(`patients:search.matchedBy.${k}`)}
        </Badge>
      ))}
    </Group>
  );
}

function RestrictedRow(props: {
  hit: PatientSummary;
  canBreakGlass: boolean;
  onBreakGlass: (hit: PatientSummary) => void;
}) {
  const { t } = useTranslation();
  const { hit } = props;
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <IconLock size={16} aria-hidden />
          <Text size="sm" fw={500}>
            {t('patients:restricted.label')}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {hit.mrn}
        </Text>
      </Table.Td>
      <Table.Td colSpan={5}>
        {props.canBreakGlass ? (
          <Button
            size="compact-sm"
            variant="light"
            color="orange"
            data-result-target
            onClick={() => props.onBreakGlass(hit)}
            aria-label={t('patients:restricted.breakGlassFor', { mrn: hit.mrn })}
          >
            {t('patients:restricted.breakGlass')}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            {t('patients:restricted.noAccess')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function HitRow(props: { hit: PatientSummary & { name: NonNullable<PatientSummary['name']> } }) {
  const { t } = useTranslation();
  const { hit } = props;
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={0}>
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/patients/${hit.id}`} fw={600} data-result-target>
              {listName(hit.name)}
            </Anchor>
            {hit.restricted ? (
              <IconLock size={14} aria-label={t('patients:restricted.label')} />
            ) : null}
          </Group>
          {hit.preferredName ? (
            <Text size="xs" c="dimmed">
              {t('patients:search.preferred', { name: hit.preferredName })}
            </Text>
          ) : null}
          <Group gap={4}>
            {hit.deceased ? (
              <Badge size="xs" color="dark" variant="light">
                {t('patients:flags.deceased')}
              </Badge>
            ) : null}
            {hit.status === 'inactive' ? (
              <Badge size="xs" color="gray" variant="outline">
                {t('patients:status.inactive')}
              </Badge>
            ) : null}
          </Group>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {hit.mrn}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {hit.birthDate
            ? t('patients:dobAge', {
                date: formatCalendarDate(hit.birthDate),
                age: ageYears(hit.birthDate),
              })
            : '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {hit.sexAtBirth ? t(`patients:enums.sexAtBirth.${hit.sexAtBirth}`) : '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {phoneForDisplay(hit.phone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{hit.city ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <MatchBadges hit={hit} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Ranked search hits; restricted records show only their MRN and the way in. */
export function SearchResultsTable(props: {
  hits: PatientSummary[];
  /** Leaving the results upwards (or Escape): back to the search box. */
  onExit: () => void;
  canBreakGlass: boolean;
  onBreakGlass: (hit: PatientSummary) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table
        id={resultsTableId}
        striped
        highlightOnHover
        verticalSpacing="xs"
        aria-label={t('patients:search.caption')}
        onKeyDown={(e) => moveFocus(e, props.onExit)}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('patients:search.columns.name')}</Table.Th>
            <Table.Th scope="col">{t('patients:search.columns.mrn')}</Table.Th>
            <Table.Th scope="col">{t('patients:search.columns.birthDate')}</Table.Th>
            <Table.Th scope="col">{t('patients:search.columns.sex')}</Table.Th>
            <Table.Th scope="col">{t('patients:search.columns.phone')}</Table.Th>
            <Table.Th scope="col">{t('patients:search.columns.city')}</Table.Th>
            <Table.Th scope="col">{t('patients:search.columns.match')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.hits.map((hit) =>
            hit.name === null ? (
              <RestrictedRow
                key={hit.id}
                hit={hit}
                canBreakGlass={props.canBreakGlass}
                onBreakGlass={props.onBreakGlass}
              />
            ) : (
              <HitRow key={hit.id} hit={{ ...hit, name: hit.name }} />
            ),
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
