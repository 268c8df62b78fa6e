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
