import { addDays, instantOfLocal, localDateOf, startOfLocalDay } from '../scheduling-format';

/** What the time-off form holds: local dates ("YYYY-MM-DD") and, unless all day, times. */
export interface LocalPeriod {
  isAllDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
}

/**
 * The instants of a time-off period in the facility's zone. All day means local midnight of
 * the first day to local midnight after the last day (the end date is inclusive), so a day
 * when clocks change is still the whole local day (23 or 25 hours). Null while incomplete.
 */
export function periodInstants(
  period: LocalPeriod,
  timeZone: string,
): { startsAt: string; endsAt: string } | null {
  if (!period.startDate || !period.endDate) return null;
  if (period.isAllDay) {
    return {
      startsAt: startOfLocalDay(period.startDate, timeZone),
      endsAt: startOfLocalDay(addDays(period.endDate, 1), timeZone),
    };
  }
  if (!period.startTime || !period.endTime) return null;
  return {
    startsAt: instantOfLocal(period.startDate, period.startTime, timeZone),
    endsAt: instantOfLocal(period.endDate, period.endTime, timeZone),
  };
}

/**
 * The calendar link for the appointments a new exception falls on: the first local day of
 * the exception, and the practitioner's calendar when the exception is a practitioner's.
 */
export function calendarLink(practitionerId: string | null, date: string): string {
  const params = new URLSearchParams();
  if (practitionerId) params.set('practitioner', practitionerId);
  params.set('date', date);
  return `/schedule?${params.toString()}`;
}

/**
 * The first and last local day of a period that runs from local midnight to local midnight
 * (an all-day period), or null when it starts or ends at another time.
 */
export function allDayDates(
  startsAt: string,
  endsAt: string,
  timeZone: string,
): { first: string; last: string } | null {
  const first = localDateOf(startsAt, timeZone);
  const end = localDateOf(endsAt, timeZone);
  const atMidnight = (iso: string, date: string) =>
    Date.parse(iso) === Date.parse(startOfLocalDay(date, timeZone));
  if (!atMidnight(startsAt, first) || !atMidnight(endsAt, end)) return null;
  return { first, last: addDays(end, -1) };
}
