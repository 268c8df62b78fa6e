import { ScrollArea, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Flowsheet, FlowsheetRow, News2Point } from '@meridian/contracts';
import { formatDateTime } from '../../../ui/format';
import { news2CellBackground } from './news2-look';

/** Shown rows, in the order a nurse reads a chart (the NEWS2 parameters first). */
const rowOrder = [
  'respiratoryRate',
  'spo2',
  'systolic',
  'diastolic',
  'heartRate',
  'consciousness',
  'temperature',
  'pain',
  'weight',
  'height',
  'bmi',
] as const;

function cellText(p: FlowsheetRow['points'][number]): string {
  if (p.value !== null)
    return new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(p.value);
  return p.valueCode ?? p.valueText ?? '';
}

/** One row per vital, whichever of its codes the values came under (SpO2 has two). */
export function rowOfKind(sheet: Flowsheet, kind: FlowsheetRow['kind']): FlowsheetRow | undefined {
  const mine = sheet.rows.filter((r) => r.kind === kind);
  const first = mine[0];
  if (!first) return undefined;
  const points = mine.flatMap((r) => r.points).sort((a, b) => a.at.localeCompare(b.at));
  return { ...first, points };
}

/** The time columns, newest first, so the latest set is in view on a tablet. */
export function flowsheetColumns(sheet: Flowsheet): string[] {
  const times = new Set<string>();
  for (const r of sheet.rows) for (const p of r.points) times.add(p.at);
  for (const n of sheet.news2) times.add(n.at);
  return [...times].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

function News2Cell(props: { point: News2Point | undefined }) {
  const { t } = useTranslation('vitals');
  const p = props.point;
  if (!p) return <Table.Td />;
  return (
    <Table.Td
      style={{ background: p.band ? news2CellBackground[p.band] : undefined, fontWeight: 700 }}
      title={p.band ? t(`news2.band.${p.band}`) : undefined}
    >
      {p.total ?? (p.isAlert ? '3!' : '—')}
      {p.isAlert ? <VisuallyHidden> {t('news2.alertWord')}</VisuallyHidden> : null}
    </Table.Td>
  );
}

/** Vitals rows against time columns, with a NEWS2 row coloured by band. */
export function VitalsFlowsheet(props: { sheet: Flowsheet }) {
  const { t } = useTranslation('vitals');
  const { sheet } = props;
  const columns = flowsheetColumns(sheet);
  const rows = rowOrder
    .map((kind) => rowOfKind(sheet, kind))
    .filter((r): r is FlowsheetRow => r !== undefined && r.points.length > 0);
  const news2ByTime = new Map(sheet.news2.map((n) => [n.at, n]));
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Table withTableBorder withColumnBorders striped stickyHeader miw={320}>
        <Table.Caption>{t('flowsheet.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th
              scope="col"
              style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)' }}
            >
              {t('flowsheet.vitalColumn')}
            </Table.Th>
            {columns.map((at) => (
              <Table.Th key={at} scope="col" style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(at)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th
              scope="row"
              style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)' }}
            >
              {t('vital.news2')}
            </Table.Th>
            {columns.map((at) => (
              <News2Cell key={at} point={news2ByTime.get(at)} />
            ))}
          </Table.Tr>
          {rows.map((r) => {
            const byTime = new Map(r.points.map((p) => [p.at, p]));
            return (
              <Table.Tr key={r.code}>
                <Table.Th
                  scope="row"
                  style={{
                    position: 'sticky',
                    left: 0,
                    background: 'var(--mantine-color-body)',
                    whiteSpace: 'nowrap',
                  }}
                >
                  {r.kind ? t(`vital.${r.kind}`) : r.display}
                  {r.unit && r.unit !== '{score}' ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({r.unit === 'Cel' ? '°C' : r.unit})
                    </Text>
                  ) : null}
                </Table.Th>
                {columns.map((at) => {
                  const p = byTime.get(at);
                  return <Table.Td key={at}>{p ? cellText(p) : ''}</Table.Td>;
                })}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
