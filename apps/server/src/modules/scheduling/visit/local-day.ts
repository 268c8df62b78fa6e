import { Temporal } from 'temporal-polyfill';

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateAt(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/**
 * The instants a local date spans in a zone, [start of day, start of the next day): 23 or
 * 25 hours on the days clocks change, and the day may not start at 00:00 where midnight is
 * skipped.
 */
export function localDayBounds(date: string, timeZone: string): { from: Date; to: Date } {
  const day = Temporal.PlainDate.from(date);
  const start = day.toZonedDateTime({ timeZone });
  const next = day.add({ days: 1 }).toZonedDateTime({ timeZone });
  return {
    from: new Date(start.epochMilliseconds),
    to: new Date(next.epochMilliseconds),
  };
}

/** Whole minutes a patient has waited since arrival, while arrived and not yet in room. */
export function waitingMinutes(
  a: { status: string; arrivedAt: Date | null },
  now: Date,
): number | null {
  if (a.status !== 'arrived' || !a.arrivedAt) return null;
  return Math.max(0, Math.floor((now.getTime() - a.arrivedAt.getTime()) / 60_000));
}
