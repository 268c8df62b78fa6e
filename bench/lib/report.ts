import { inspect } from 'node:util';
import type { LatencySummary } from './stats.js';

export type Verdict = 'pass' | 'FAIL' | 'info';

export interface ReportRow {
  figure: string;
  value: string;
  goal: string;
  result: Verdict;
}

/** Prints rows as a plain-text table (figure, value, goal, result). */
export function printTable(rows: ReportRow[]): void {
  const header: ReportRow = { figure: 'figure', value: 'value', goal: 'goal', result: 'info' };
  const cells = (r: ReportRow, isHeader = false) => [
    r.figure,
    r.value,
    r.goal,
    isHeader ? 'result' : r.result,
  ];
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[header, ...rows].map((r, n) => (cells(r, n === 0)[i] ?? '').length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(cells(header, true)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cells(r)));
}

export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
export const perSecond = (v: number): string =>
  Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} req/s` : 'n/a';

/**
 * A latency figure against its goal: passes when every answer had `okStatus` and the chosen
 * percentile is within `goalMs`.
 */
export function latencyRow(
  figure: string,
  f: { latency: LatencySummary; statuses: Record<string, number> } | undefined,
  pick: 'p95Ms' | 'p99Ms',
  goalMs: number,
  okStatus: string,
): ReportRow[] {
  if (!f) return [];
  const l = f.latency;
  const failed = Object.entries(f.statuses).reduce((n, [s, c]) => n + (s === okStatus ? 0 : c), 0);
  const clean = failed === 0 && l.count > 0;
  return [
    {
      figure: `${figure} ${pick === 'p95Ms' ? 'p95' : 'p99'} (${l.count})`,
      value: `${ms(l[pick])} (p50 ${ms(l.p50Ms)}, p95 ${ms(l.p95Ms)}, p99 ${ms(l.p99Ms)}${clean ? '' : `, ${failed} failed: ${inspect(f.statuses)}`})`,
      goal: `<= ${goalMs} ms`,
      result: clean && l[pick] <= goalMs ? 'pass' : 'FAIL',
    },
  ];
}
