import type { TemplateBlock } from '@meridian/contracts';

/**
 * The weekly working-hours editor's model: seven rows (Monday first, ISO weekday = index + 1),
 * each with zero or more time ranges as wall-clock "HH:MM" strings ("24:00" ends the day).
 * The API speaks minutes since local midnight; these functions convert between the two and
 * find what the manager must fix before saving.
 */

export interface TimeRange {
  start: string;
  end: string;
}
export type WeekRows = TimeRange[][];

export const minutesPerDay = 1440;
/** Times step by a quarter of an hour. */
export const stepMinutes = 15;

/** 0..1440 minutes as "HH:MM"; 1440 is "24:00" (the end of the day). */
export function minutesToTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "HH:MM" as minutes since midnight, "24:00" as 1440; null when it is no time of day. */
export function timeToMinutes(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return null;
  return h * 60 + m;
}

/** Every quarter hour of a day, "00:00" to "24:00", for the time pickers. */
export function quarterHours(): string[] {
  const out: string[] = [];
  for (let m = 0; m <= minutesPerDay; m += stepMinutes) out.push(minutesToTime(m));
  return out;
}

export function emptyWeek(): WeekRows {
  return Array.from({ length: 7 }, () => []);
}

/** The API's blocks as seven rows, each day's ranges in order of their start. */
export function rowsFromBlocks(blocks: readonly TemplateBlock[]): WeekRows {
  const rows = emptyWeek();
  const sorted = [...blocks].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  for (const b of sorted) {
    rows[b.weekday - 1]?.push({
      start: minutesToTime(b.startMinute),
      end: minutesToTime(b.endMinute),
    });
  }
  return rows;
}

/**
 * The rows as the API's blocks, Monday first and each row in its order. Block `i` of the
 * answer is `origins[i]` of the rows, so a server error on `blocks.i` finds its range.
 */
export function blocksFromRows(rows: WeekRows): {
  blocks: TemplateBlock[];
  origins: { day: number; range: number }[];
} {
  const blocks: TemplateBlock[] = [];
  const origins: { day: number; range: number }[] = [];
  rows.forEach((ranges, day) =>
    ranges.forEach((r, range) => {
      blocks.push({
        weekday: day + 1,
        startMinute: timeToMinutes(r.start) ?? -1,
        endMinute: timeToMinutes(r.end) ?? -1,
      });
      origins.push({ day, range });
    }),
  );
  return { blocks, origins };
}

export type RangeProblem = 'missing' | 'not_quarter' | 'end_before_start' | 'overlap';

/** A problem of one range: `key` is "day.range" (indexes into the rows). */
export interface RangeIssue {
  day: number;
  range: number;
  problem: RangeProblem;
}

function problemOf(r: TimeRange): RangeProblem | null {
  const start = timeToMinutes(r.start);
  const end = timeToMinutes(r.end);
  if (start === null || end === null) return 'missing';
  if (start % stepMinutes !== 0 || end % stepMinutes !== 0) return 'not_quarter';
  if (end <= start) return 'end_before_start';
  return null;
}

/**
 * What is wrong with the week, range by range: a missing time, a time off the quarter hour,
 * an end not after its start, or a range that overlaps an earlier one on the same day
 * (touching ranges, 12:00 end and 12:00 start, do not overlap). Empty when it can be saved.
 */
export function weekIssues(rows: WeekRows): RangeIssue[] {
  const issues: RangeIssue[] = [];
  rows.forEach((ranges, day) => {
    const valid: { start: number; end: number }[] = [];
    ranges.forEach((r, range) => {
      const problem = problemOf(r);
      if (problem) {
        issues.push({ day, range, problem });
        return;
      }
      const start = timeToMinutes(r.start) ?? 0;
      const end = timeToMinutes(r.end) ?? 0;
      if (valid.some((o) => o.start < end && start < o.end)) {
        issues.push({ day, range, problem: 'overlap' });
      }
      valid.push({ start, end });
    });
  });
  return issues;
}

/** Tuesday to Friday become copies of Monday; the weekend stays as it is. */
export function copyMondayToWeekdays(rows: WeekRows): WeekRows {
  const monday = rows[0] ?? [];
  return rows.map((ranges, day) => (day >= 1 && day <= 4 ? monday.map((r) => ({ ...r })) : ranges));
}

/** A new range for a day: after its last range (one hour), else 09:00–17:00. */
export function nextRange(ranges: readonly TimeRange[]): TimeRange {
  const last = ranges[ranges.length - 1];
  const lastEnd = last ? timeToMinutes(last.end) : null;
  if (lastEnd === null || lastEnd === undefined) return { start: '09:00', end: '17:00' };
  const start = Math.min(lastEnd, minutesPerDay - 60);
  return { start: minutesToTime(start), end: minutesToTime(start + 60) };
}

/**
 * The window the weekly preview draws: from the earliest start to the latest end, widened to
 * whole hours, at least 08:00–18:00 so a short week still reads as a day.
 */
export function previewWindow(rows: WeekRows): { startMinute: number; endMinute: number } {
  let start = 8 * 60;
  let end = 18 * 60;
  for (const ranges of rows) {
    for (const r of ranges) {
      const s = timeToMinutes(r.start);
      const e = timeToMinutes(r.end);
      if (s === null || e === null || e <= s) continue;
      start = Math.min(start, Math.floor(s / 60) * 60);
      end = Math.max(end, Math.ceil(e / 60) * 60);
    }
  }
  return { startMinute: start, endMinute: end };
}
