import { Temporal } from 'temporal-polyfill';
import type { Appointment, FacilitySummary } from '@meridian/contracts';

/**
 * Times as the facility sees them. Appointments are instants (UTC in the API); staff read
 * them in the zone of the facility where the visit happens, whatever their own workstation's
 * zone is.
 */

/** The zone of a facility from the signed-in user's facilities, else the browser's own. */
export function facilityTimeZone(
  facilities: readonly Pick<FacilitySummary, 'id' | 'timeZone'>[],
  facilityId: string | null | undefined,
): string {
  return (
    facilities.find((f) => f.id === facilityId)?.timeZone ??
    Intl.DateTimeFormat().resolvedOptions().timeZone
  );
}

/** "09:30" (the locale's short time) in the zone. */
export function formatClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** "09:30 – 09:45" in the zone. */
export function formatTimeRange(startsAt: string, endsAt: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).formatRange(
    new Date(startsAt),
    new Date(endsAt),
  );
}

/** "Mon, 5 Jan 2026" for a local date (YYYY-MM-DD); no zone can shift a plain date. */
export function formatLocalDay(isoDate: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** "Mon, 5 Jan 2026, 09:30 – 09:45" in the zone: one appointment's when, in words. */
export function formatAppointmentWhen(
  appt: Pick<Appointment, 'startsAt' | 'endsAt'>,
  timeZone: string,
): string {
  return `${formatLocalDay(localDateOf(appt.startsAt, timeZone))}, ${formatTimeRange(
    appt.startsAt,
    appt.endsAt,
    timeZone,
  )}`;
}

/** The local date (YYYY-MM-DD) an instant falls on in the zone. */
export function localDateOf(iso: string | Date, timeZone: string): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return Temporal.Instant.fromEpochMilliseconds(ms)
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/** Today's local date in the zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localDateOf(now, timeZone);
}

/** The instant a local date starts in the zone (midnight, or the first minute a DST gap allows). */
export function startOfLocalDay(isoDate: string, timeZone: string): string {
  return Temporal.PlainDate.from(isoDate).toZonedDateTime({ timeZone }).toInstant().toString();
}

/** A local date moved by whole days. */
export function addDays(isoDate: string, days: number): string {
  return Temporal.PlainDate.from(isoDate).add({ days }).toString();
}

/** The instant of a local date and wall-clock time ("HH:mm") in the zone. */
export function instantOfLocal(isoDate: string, time: string, timeZone: string): string {
  return Temporal.PlainDateTime.from(`${isoDate}T${time}`)
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' })
    .toInstant()
    .toString();
}

/** The wall-clock time ("HH:mm") of an instant in the zone. */
export function localTimeOf(iso: string, timeZone: string): string {
  return Temporal.Instant.from(iso)
    .toZonedDateTimeISO(timeZone)
    .toPlainTime()
    .toString({ smallestUnit: 'minute' });
}
