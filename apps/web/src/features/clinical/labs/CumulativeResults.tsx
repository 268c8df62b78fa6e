import '@mantine/charts/styles.css';
import { useState } from 'react';
import { LineChart } from '@mantine/charts';
import { Button, Group, Paper, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pickReferenceRange, type LabCumulative } from '@meridian/contracts';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { FlagBadge, formatLabValue, type PatientFacts } from './lab-display';
import { useLabCumulative, useLabSeries } from './labs.api';

/** Tests x collections, newest first, a page of collections at a time; a row opens its trend. */
export function CumulativeResults(props: { patientId: string; patient: PatientFacts }) {
  const { t } = useTranslation('labs');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const cumulative = useLabCumulative(props.patientId, cursor);
  const [trendCode, setTrendCode] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h4" id="lab-cumulative">
          {t('cumulative.title')}
        </Title>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            disabled={cursors.length < 2}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t('cumulative.newer')}
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={!cumulative.data?.nextCursor}
            onClick={() => {
              const next = cumulative.data?.nextCursor;
              if (next) setCursors((c) => [...c, next]);
            }}
          >
            {t('cumulative.older')}
          </Button>
        </Group>
      </Group>
      <QueryState
        query={cumulative}
        isEmpty={(c) => c.columns.length === 0}
        empty={t('cumulative.empty')}
      >
        {(c) => <CumulativeTable data={c} onTrend={setTrendCode} trendCode={trendCode} />}
      </QueryState>
      {trendCode ? (
        <Trend patientId={props.patientId} code={trendCode} patient={props.patient} />
      ) : null}
    </Stack>
  );
}

function CumulativeTable(props: {
  data: LabCumulative;
  trendCode: string | null;
  onTrend: (code: string) => void;
}) {
  const { t } = useTranslation('labs');
  const { data } = props;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table aria-labelledby="lab-cumulative" striped withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cumulative.test')}</Table.Th>
            {data.columns.map((c) => (
              <Table.Th scope="col" key={c.orderId}>
                <Text size="xs">{formatDateTime(c.observedAt)}</Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((row) => (
            <Table.Tr key={row.testCode}>
              <Table.Th scope="row">
                <UnstyledButton
                  onClick={() => props.onTrend(row.testCode)}
                  aria-pressed={props.trendCode === row.testCode}
                  aria-label={t('cumulative.showTrend', { test: row.shortName })}
                >
                  <Text size="sm" fw={600} td="underline">
                    {row.shortName}
                  </Text>
                </UnstyledButton>
                <Text size="xs" c="dimmed">
                  {row.unit ?? ''}
                </Text>
              </Table.Th>
              {row.cells.map((cell, i) => (
                <Table.Td key={data.columns[i]?.orderId ?? i}>
                  {cell ? (
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm" fw={cell.flag ? 700 : 400}>
                        {formatLabValue(cell)}
                      </Text>
                      <FlagBadge flag={cell.flag} />
                    </Group>
                  ) : null}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Trend(props: { patientId: string; code: string; patient: PatientFacts }) {
  const { t } = useTranslation('labs');
  const series = useLabSeries(props.patientId, props.code);
  return (
    <Paper withBorder p="sm">
      <QueryState
        query={series}
        isEmpty={(s) => s.points.length === 0}
        empty={t('cumulative.noTrend')}
      >
        {(s) => {
          const range = pickReferenceRange(s.test.ranges, {
            sex: props.patient.sexAtBirth,
            ageYears: null,
          });
          const data = [...s.points]
            .reverse()
            .map((p) => ({ time: formatDateTime(p.observedAt), value: p.value }));
          return (
            <Stack gap="xs">
              <Text fw={600} id={`trend-${s.test.code}`}>
                {t('cumulative.trendTitle', { test: s.test.shortName, unit: s.test.unit ?? '' })}
              </Text>
              <LineChart
                h={220}
                data={data}
                dataKey="time"
                series={[{ name: 'value', label: s.test.shortName, color: 'indigo.7' }]}
                referenceLines={[
                  ...(range?.low !== null && range?.low !== undefined
                    ? [{ y: range.low, label: t('cumulative.low'), color: 'gray.6' }]
                    : []),
                  ...(range?.high !== null && range?.high !== undefined
                    ? [{ y: range.high, label: t('cumulative.high'), color: 'gray.6' }]
                    : []),
                ]}
                curveType="linear"
                withDots
                aria-labelledby={`trend-${s.test.code}`}
              />
            </Stack>
          );
        }}
      </QueryState>
    </Paper>
  );
}
