// The demo's "today" must look like a working day at the front desk whenever it is seeded:
// some patients seen, some waiting, some still to come. When the facility's local time is
// outside everyone's working hours (the evening, the night, a Sunday), a few practitioners
// get one-off extended hours around that moment: a real template, so the calendars and
// the booking rules agree with the visits seeded into it.
import { Temporal } from 'temporal-polyfill';
import type { TemplateBlock } from '@meridian/contracts';
import type { Period } from '../period-column.js';

/** The extended session reaches this far either side of the seeding moment. */
const reachMinutes = 120;
/** A piece of extended hours shorter than this is left out (no visit would fit well). */
const shortestPieceMinutes = 30;
const dayMinutes = 1440;

interface LocalMoment {
  date: Temporal.PlainDate;
  /** Minutes since local midnight (wall clock). */
  minute: number;
  weekday: number;
}

function localMoment(now: Date, timeZone: string): LocalMoment {
  const zoned = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
  return {
    date: zoned.toPlainDate(),
    minute: zoned.hour * 60 + zoned.minute,
    weekday: zoned.dayOfWeek,
  };
}

/**
 * The instant of a wall-clock minute of a local day (1440 and beyond run into the next
 * days). Wall clock, not elapsed time: 08:00 stays 08:00 on the days clocks change.
 */
export function wallClockInstant(date: Temporal.PlainDate, minute: number, timeZone: string): Date {
  const day = date.add({ days: Math.floor(minute / dayMinutes) });
  const m = minute % dayMinutes;
  const time = Temporal.PlainTime.from({ hour: Math.floor(m / 60), minute: m % 60 });
  return new Date(day.toPlainDateTime(time).toZonedDateTime(timeZone).epochMilliseconds);
}

/**
 * Whether the regular hours alone make a believable "today" at `now`: someone is working,
 * or starts within the hour, with at least half an hour of work ahead.
 */
export function hasWorkingHoursAround(
  now: Date,
  timeZone: string,
  blocks: readonly TemplateBlock[],
): boolean {
  const { minute, weekday } = localMoment(now, timeZone);
  return blocks.some(
    (b) =>
      b.weekday === weekday &&
      b.startMinute <= minute + 60 &&
      b.endMinute >= minute + shortestPieceMinutes,
  );
}

export interface ExtendedHours {
  /** Local dates the one-off template is in effect (inclusive). */
  effectiveFrom: string;
  effectiveUntil: string;
  /** Its blocks, split at midnight; none overlaps the practitioner's regular blocks. */
  blocks: TemplateBlock[];
  /** The same hours as instants, joined across midnight, for the visit generator. */
  periods: Period[];
}

/** [from, to) minutes on an axis that starts at local midnight today and runs into tomorrow. */
type Span = [number, number];

function subtract(span: Span, taken: readonly Span[]): Span[] {
  let pieces: Span[] = [span];
  for (const [tFrom, tTo] of taken) {
    pieces = pieces.flatMap(([from, to]): Span[] => {
      if (tTo <= from || tFrom >= to) return [[from, to]];
      return [
        ...(tFrom > from ? [[from, tFrom] as Span] : []),
        ...(tTo < to ? [[tTo, to] as Span] : []),
      ];
    });
  }
  return pieces;
}

/**
 * One practitioner's extended hours around `now` (on a 15-minute grid, reaching into the
 * next day after a late-evening seed), minus their regular hours; null when nothing is left.
 */
export function extendedHoursAround(
  now: Date,
  timeZone: string,
  regular: readonly TemplateBlock[],
): ExtendedHours | null {
  const { date, minute, weekday } = localMoment(now, timeZone);
  const from = Math.max(0, Math.floor((minute - reachMinutes) / 15) * 15);
  const to = Math.ceil((minute + reachMinutes) / 15) * 15;
  const nextWeekday = (weekday % 7) + 1;
  const taken: Span[] = regular.flatMap((b): Span[] => [
    ...(b.weekday === weekday ? [[b.startMinute, b.endMinute] as Span] : []),
    ...(b.weekday === nextWeekday
      ? [[b.startMinute + dayMinutes, b.endMinute + dayMinutes] as Span]
      : []),
  ]);
  const spans = subtract([from, to], taken).filter(([f, t]) => t - f >= shortestPieceMinutes);
  if (spans.length === 0) return null;

  const blocks = spans.flatMap(([f, t]): TemplateBlock[] => {
    const today =
      f < dayMinutes ? [{ weekday, startMinute: f, endMinute: Math.min(t, dayMinutes) }] : [];
    const tomorrow =
      t > dayMinutes
        ? [
            {
              weekday: nextWeekday,
              startMinute: Math.max(f, dayMinutes) - dayMinutes,
              endMinute: t - dayMinutes,
            },
          ]
        : [];
    return [...today, ...tomorrow];
  });
  const reachesTomorrow = spans.some(([, t]) => t > dayMinutes);
  return {
    effectiveFrom: date.toString(),
    effectiveUntil: (reachesTomorrow ? date.add({ days: 1 }) : date).toString(),
    blocks,
    periods: spans.map(([f, t]) => ({
      from: wallClockInstant(date, f, timeZone),
      to: wallClockInstant(date, t, timeZone),
    })),
  };
}
