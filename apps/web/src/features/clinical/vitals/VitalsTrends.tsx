import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Flowsheet, VitalKind } from '@meridian/contracts';
import { formatDateTime } from '../../../ui/format';
import { rowOfKind } from './VitalsFlowsheet';

interface Trend {
  id: string;
  title: string;
  series: { name: string; label: string; color: string }[];
  data: Record<string, number | string>[];
  reference?: { y: number; label: string }[];
}

/** One chart's points: a row per time, a key per series (gaps where a series has none). */
function pointsOf(sheet: Flowsheet, kinds: { kind: VitalKind; key: string }[]) {
  const byTime = new Map<string, Record<string, number | string>>();
  for (const { kind, key } of kinds) {
    const row = rowOfKind(sheet, kind);
    for (const p of row?.points ?? []) {
      if (p.value === null) continue;
      const entry = byTime.get(p.at) ?? { at: p.at, time: formatDateTime(p.at) };
      entry[key] = p.value;
      byTime.set(p.at, entry);
    }
  }
  return [...byTime.values()].sort((a, b) => String(a.at).localeCompare(String(b.at)));
}

/** Trend charts of the flowsheet's range: NEWS2, blood pressure, pulse, RR, SpO2, temperature. */
export function VitalsTrends(props: { sheet: Flowsheet }) {
  const { t } = useTranslation('vitals');
  const { sheet } = props;
  const single = (kind: VitalKind, color: string): Trend => ({
    id: kind,
    title: t(`vital.${kind}`),
    series: [{ name: kind, label: t(`vital.${kind}`), color }],
    data: pointsOf(sheet, [{ kind, key: kind }]),
  });
  const news2: Trend = {
    id: 'news2',
    title: t('vital.news2'),
    series: [{ name: 'news2', label: t('vital.news2'), color: 'red.8' }],
    data: sheet.news2
      .filter((n) => n.total !== null)
      .map((n) => ({ at: n.at, time: formatDateTime(n.at), news2: n.total ?? 0 })),
    reference: [
      { y: 5, label: '5' },
      { y: 7, label: '7' },
    ],
  };
  const bp: Trend = {
    id: 'bp',
    title: t('trends.bloodPressure'),
    series: [
      { name: 'systolic', label: t('vital.systolic'), color: 'indigo.7' },
      { name: 'diastolic', label: t('vital.diastolic'), color: 'cyan.8' },
    ],
    data: pointsOf(sheet, [
      { kind: 'systolic', key: 'systolic' },
      { kind: 'diastolic', key: 'diastolic' },
    ]),
  };
  const trends = [
    news2,
    bp,
    single('heartRate', 'pink.8'),
    single('respiratoryRate', 'teal.8'),
    single('spo2', 'blue.8'),
    single('temperature', 'orange.8'),
  ].filter((tr) => tr.data.length > 0);
  if (trends.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('trends.empty')}
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {trends.map((tr) => (
        <Paper key={tr.id} withBorder p="sm" role="figure" aria-label={tr.title}>
          <Title order={4} size="h6" mb="xs">
            {tr.title}
          </Title>
          <LineChart
            h={180}
            data={tr.data}
            dataKey="time"
            series={tr.series}
            connectNulls
            withLegend={tr.series.length > 1}
            curveType="linear"
            referenceLines={tr.reference?.map((r) => ({ y: r.y, label: r.label, color: 'red.3' }))}
            xAxisProps={{ tick: false }}
            yAxisProps={{ domain: tr.id === 'news2' ? [0, 'auto'] : ['auto', 'auto'] }}
          />
        </Paper>
      ))}
    </SimpleGrid>
  );
}
