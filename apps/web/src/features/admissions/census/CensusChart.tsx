import { useId, useState } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CensusFigures } from '@meridian/contracts';
import { formatLocalDay } from '../../scheduling/scheduling-format';

type Day = CensusFigures['days'][number];

const width = 560;
const height = 200;
const pad = { top: 12, right: 36, bottom: 24, left: 28 };
const colors = {
  admissions: 'var(--mantine-color-blue-7)',
  discharges: 'var(--mantine-color-orange-7)',
  census: 'var(--mantine-color-teal-9)',
  grid: 'var(--mantine-color-gray-4)',
  text: 'var(--mantine-color-gray-8)',
};

/** Day of the month, the chart's axis label. */
const dayOfMonth = (isoDate: string) => String(Number(isoDate.slice(8, 10)));

/**
 * Admissions and discharges per day (paired bars, left scale) with the midnight census
 * (line, right scale), drawn as plain SVG. The picture has a one-line text name; the same
 * numbers are a table one click away.
 */
export function CensusChart(props: { figures: CensusFigures }) {
  const { t } = useTranslation();
  const [isTableShown, setIsTableShown] = useState(false);
  const tableId = useId();
  const { days } = props.figures;
  const maxFlow = Math.max(1, ...days.flatMap((d) => [d.admissions, d.discharges]));
  const maxCensus = Math.max(1, ...days.map((d) => d.midnightCensus ?? 0));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, slot / 3);
  const yFlow = (v: number) => pad.top + plotH - (v / maxFlow) * plotH;
  const yCensus = (v: number) => pad.top + plotH - (v / maxCensus) * plotH;
  const xOf = (i: number) => pad.left + i * slot;
  const censusPoints = days
    .map((d, i) =>
      d.midnightCensus === null ? null : `${xOf(i) + slot / 2},${yCensus(d.midnightCensus)}`,
    )
    .filter((p): p is string => p !== null);
  const label = t('admissions:census.chartLabel', {
    from: formatLocalDay(props.figures.from),
    to: formatLocalDay(props.figures.to),
  });

  return (
    <Stack gap="xs">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={label}
        style={{ maxWidth: width, display: 'block' }}
      >
        <line
          x1={pad.left}
          x2={width - pad.right}
          y1={pad.top + plotH}
          y2={pad.top + plotH}
          stroke={colors.grid}
        />
        <text x={pad.left - 4} y={pad.top + 8} textAnchor="end" fontSize={10} fill={colors.text}>
          {maxFlow}
        </text>
        <text x={width - pad.right + 4} y={pad.top + 8} fontSize={10} fill={colors.census}>
          {maxCensus}
        </text>
        {days.map((d, i) => (
          <g key={d.date}>
            <rect
              x={xOf(i) + slot / 2 - barW}
              y={yFlow(d.admissions)}
              width={barW}
              height={pad.top + plotH - yFlow(d.admissions)}
              fill={colors.admissions}
            />
            <rect
              x={xOf(i) + slot / 2}
              y={yFlow(d.discharges)}
              width={barW}
              height={pad.top + plotH - yFlow(d.discharges)}
              fill={colors.discharges}
            />
            <text
              x={xOf(i) + slot / 2}
              y={height - 8}
              textAnchor="middle"
              fontSize={10}
              fill={colors.text}
            >
              {dayOfMonth(d.date)}
            </text>
          </g>
        ))}
        {censusPoints.length > 1 ? (
          <polyline
            points={censusPoints.join(' ')}
            fill="none"
            stroke={colors.census}
            strokeWidth={2}
          />
        ) : null}
        {censusPoints.map((p) => {
          const [cx, cy] = p.split(',');
          return <circle key={p} cx={cx} cy={cy} r={2.5} fill={colors.census} />;
        })}
      </svg>
      <Group gap="md" wrap="wrap" justify="space-between">
        <Group gap="md" wrap="wrap" aria-hidden>
          <Legend color={colors.admissions} label={t('admissions:census.admissions')} />
          <Legend color={colors.discharges} label={t('admissions:census.discharges')} />
          <Legend color={colors.census} label={t('admissions:census.midnightCensus')} isLine />
        </Group>
        <Button
          size="xs"
          variant="subtle"
          aria-expanded={isTableShown}
          aria-controls={tableId}
          onClick={() => setIsTableShown((v) => !v)}
        >
          {isTableShown ? t('admissions:census.hideTable') : t('admissions:census.showTable')}
        </Button>
      </Group>
      <div id={tableId} hidden={!isTableShown}>
        {isTableShown ? <DaysTable days={days} caption={label} /> : null}
      </div>
    </Stack>
  );
}

function Legend(props: { color: string; label: string; isLine?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span
        style={{
          display: 'inline-block',
          width: 14,
          height: props.isLine ? 3 : 10,
          background: props.color,
        }}
      />
      <Text size="xs">{props.label}</Text>
    </Group>
  );
}

function DaysTable(props: { days: Day[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table striped verticalSpacing={4} fz="sm">
        <Table.Caption>{props.caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('admissions:census.date')}</Table.Th>
            <Table.Th scope="col">{t('admissions:census.admissions')}</Table.Th>
            <Table.Th scope="col">{t('admissions:census.discharges')}</Table.Th>
            <Table.Th scope="col">{t('admissions:census.midnightCensus')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.days.map((d) => (
            <Table.Tr key={d.date}>
              <Table.Th scope="row" fw={400}>
                {formatLocalDay(d.date)}
              </Table.Th>
              <Table.Td>{d.admissions}</Table.Td>
              <Table.Td>{d.discharges}</Table.Td>
              <Table.Td>{d.midnightCensus ?? t('admissions:census.notTaken')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
