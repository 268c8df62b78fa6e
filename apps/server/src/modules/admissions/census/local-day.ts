// Local days of a facility: census dates, their midnights and their spans, DST-correct.
import { Temporal } from 'temporal-polyfill';

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateAt(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/**
 * The instants a local date spans, [start, start of the next day): 23 or 25 hours on the
 * days clocks change. `from` is the date's midnight (or the first instant of the day where
 * midnight is skipped), the moment the midnight census counts.
 */
export function localDayBounds(date: string, timeZone: string): { from: Date; to: Date } {
  const day = Temporal.PlainDate.from(date);
  const start = day.toZonedDateTime({ timeZone });
  const next = day.add({ days: 1 }).toZonedDateTime({ timeZone });
  return { from: new Date(start.epochMilliseconds), to: new Date(next.epochMilliseconds) };
}

/** The dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = Temporal.PlainDate.from(to);
  for (
    let d = Temporal.PlainDate.from(from);
    Temporal.PlainDate.compare(d, last) <= 0;
    d = d.add({ days: 1 })
  ) {
    out.push(d.toString());
  }
  return out;
}

/** The date `days` before (negative: after) `date`. */
export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}
