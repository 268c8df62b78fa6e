import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CensusCounts, CensusFigures, CurrentCensus } from '@meridian/contracts';
import { useSignedInMe } from '../../../app/auth/useMe';
import { formatTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { addDays, facilityTimeZone, todayIn } from '../../scheduling/scheduling-format';
import { formatNumber, formatOccupancy } from './census-format';
import { CensusChart } from './CensusChart';
import { useCensusFigures, useCurrentCensus } from './census.api';

/** Days the trend covers, today included. */
const trendDays = 14;

/**
 * The board's summary panel: the facility's census now (occupancy, free, dirty, blocked,
 * pending discharges), the same per ward, and the last two weeks' admissions, discharges
 * and midnight census.
 */
export function CensusSummary(props: { facilityId: string }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const timeZone = facilityTimeZone(me.facilities, props.facilityId);
  const to = todayIn(timeZone);
  const from = addDays(to, -(trendDays - 1));
  const census = useCurrentCensus(props.facilityId);
  const figures = useCensusFigures(props.facilityId, from, to);

  return (
    <Stack gap="md">
      <section aria-labelledby="census-now">
        <Title order={2} size="h4" id="census-now" mb="xs">
          {t('admissions:census.title')}
        </Title>
        <QueryState query={census}>
          {(data) => <CurrentCensusView census={data} timeZone={timeZone} />}
        </QueryState>
      </section>
      <section aria-labelledby="census-trend">
        <Title order={2} size="h4" id="census-trend" mb={4}>
          {t('admissions:census.trend')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('admissions:census.trendDescription')}
        </Text>
        <QueryState query={figures}>{(data) => <TrendView figures={data} />}</QueryState>
      </section>
    </Stack>
  );
}

function CurrentCensusView(props: { census: CurrentCensus; timeZone: string }) {
  const { t } = useTranslation();
  const f = props.census.facility;
  const stats: [string, string][] = [
    [t('admissions:census.occupancy'), formatOccupancy(f.occupancyPercent)],
    [t('admissions:census.occupied'), `${f.occupied} / ${f.beds}`],
    [t('admissions:census.free'), String(f.available)],
    [t('admissions:census.dirty'), String(f.dirty)],
    [t('admissions:census.cleaning'), String(f.cleaning)],
    [t('admissions:census.blocked'), String(f.blocked)],
    [t('admissions:census.pendingDischarges'), String(f.pendingDischarges)],
  ];
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        {t('admissions:census.facility')} ·{' '}
        {t('admissions:census.asOf', { time: formatTime(props.census.at, props.timeZone) })}
      </Text>
      <SimpleGrid component="dl" cols={{ base: 2, xs: 4, md: 7 }} spacing="xs" m={0}>
        {stats.map(([label, value]) => (
          <Paper key={label} withBorder p="xs" radius="sm">
            <Text component="dt" size="xs" c="dimmed" fw={600}>
              {label}
            </Text>
            <Text component="dd" m={0} fw={700} size="xl">
              {value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <WardTable wards={props.census.wards} />
    </Stack>
  );
}

function WardTable(props: { wards: CurrentCensus['wards'] }) {
  const { t } = useTranslation();
  const cells = (c: CensusCounts) => [
    formatOccupancy(c.occupancyPercent),
    `${c.occupied} / ${c.beds}`,
    String(c.available),
    String(c.dirty),
    String(c.cleaning),
    String(c.blocked),
    String(c.pendingDischarges),
  ];
  const headers = [
    t('admissions:census.occupancy'),
    t('admissions:census.occupied'),
    t('admissions:census.free'),
    t('admissions:census.dirty'),
    t('admissions:census.cleaning'),
    t('admissions:census.blocked'),
    t('admissions:census.pendingDischarges'),
  ];
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} fz="sm" striped aria-labelledby="census-now">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('admissions:census.ward')}</Table.Th>
            {headers.map((h) => (
              <Table.Th key={h} scope="col">
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.wards.map((w) => (
            <Table.Tr key={w.wardId}>
              <Table.Th scope="row" fw={600}>
                {w.name}
              </Table.Th>
              {cells(w).map((value, i) => (
                <Table.Td key={headers[i]}>{value}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TrendView(props: { figures: CensusFigures }) {
  const { t } = useTranslation();
  const f = props.figures;
  const stats: [string, string][] = [
    [
      t('admissions:census.averageLength'),
      f.averageLengthOfStayDays === null
        ? '—'
        : t('admissions:census.daysValue', { value: formatNumber(f.averageLengthOfStayDays) }),
    ],
    [
      t('admissions:census.turnaround'),
      f.medianBedTurnaroundMinutes === null
        ? '—'
        : t('admissions:census.minutes', { count: Math.round(f.medianBedTurnaroundMinutes) }),
    ],
    [t('admissions:census.patientDays'), formatNumber(f.patientDays)],
  ];
  return (
    <Stack gap="sm">
      <CensusChart figures={f} />
      <SimpleGrid component="dl" cols={{ base: 1, xs: 3 }} spacing="xs" m={0}>
        {stats.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed" fw={600}>
              {label}
            </Text>
            <Text component="dd" m={0} fw={600}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
