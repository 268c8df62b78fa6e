import { Temporal } from 'temporal-polyfill';

/**
 * Date-and-time fields of the stay dialogs hold the facility's wall-clock time
 * ("2026-12-05T14:30", as <input type="datetime-local"> gives it); the API takes instants.
 */

/** The instant of a wall-clock value in the zone, or null when the value is not one. */
export function instantOfLocalDateTime(value: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  try {
    return Temporal.PlainDateTime.from(value)
      .toZonedDateTime(timeZone, { disambiguation: 'compatible' })
      .toInstant()
      .toString();
  } catch {
    return null;
  }
}

/** The wall-clock value of an instant in the zone, to the minute. */
export function localDateTimeOf(iso: string | number, timeZone: string): string {
  const instant =
    typeof iso === 'number'
      ? Temporal.Instant.fromEpochMilliseconds(iso)
      : Temporal.Instant.from(iso);
  return instant
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' });
}
