// The scheduled doses of a prescription on a local day of a facility: the frequency's
// standard times (contracts' frequencyDefs) in the facility's time zone, clipped to the
// prescription's course and the stay. DST-correct: a time a spring-forward skips is given
// at the first valid instant after it (Temporal's 'compatible' disambiguation).
import { Temporal } from 'temporal-polyfill';
import { scheduledTimesOn } from '@meridian/contracts';

export interface SchedulableOrder {
  frequency: string | null;
  isPrn: boolean;
  /** The course: first instant (starts_at, else signed_at) and the end (exclusive). */
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface ScheduledDose {
  scheduledFor: Date;
  /** Local HH:MM. */
  time: string;
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateAt(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/** Local HH:MM of an instant. */
export function localTimeAt(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainTime()
    .toString({ smallestUnit: 'minute' });
}

/** [start, start of the next day) of a local date. */
export function localDayBounds(date: string, timeZone: string): { from: Date; to: Date } {
  const day = Temporal.PlainDate.from(date);
  const start = day.toZonedDateTime({ timeZone });
  const next = day.add({ days: 1 }).toZonedDateTime({ timeZone });
  return { from: new Date(start.epochMilliseconds), to: new Date(next.epochMilliseconds) };
}

export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/**
 * The doses of `order` due on local `date`, within [window.from, window.to) (the stay), by
 * time. As-needed orders have none; a single dose ('once') is due at the course's start.
 */
export function scheduledDoses(
  order: SchedulableOrder,
  date: string,
  timeZone: string,
  window: { from: Date | null; to: Date | null } = { from: null, to: null },
): ScheduledDose[] {
  const start = order.startsAt;
  if (!start || order.isPrn || order.frequency === null) return [];
  const day = Temporal.PlainDate.from(date);
  const startDay = Temporal.PlainDate.from(localDateAt(start, timeZone));
  let instants: Date[];
  if (order.frequency === 'once') {
    instants = startDay.equals(day) ? [start] : [];
  } else {
    const daysSinceStart = startDay.until(day, { largestUnit: 'days' }).days;
    instants = scheduledTimesOn(order, { daysSinceStart }).map((hhmm) => {
      const zoned = day.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(hhmm) });
      return new Date(zoned.epochMilliseconds);
    });
  }
  const from = Math.max(start.getTime(), window.from?.getTime() ?? -Infinity);
  const to = Math.min(order.endsAt?.getTime() ?? Infinity, window.to?.getTime() ?? Infinity);
  return instants
    .filter((t) => t.getTime() >= from && t.getTime() < to)
    .sort((a, b) => a.getTime() - b.getTime())
    .map((t) => ({ scheduledFor: t, time: localTimeAt(t, timeZone) }));
}
