import { formatClock, localDateOf } from '../../scheduling/scheduling-format';

/**
 * A moment as a busy ward reads it, in the facility's zone: "14:00" today, "Sun 14:00"
 * within the coming week, "8 Dec, 14:00" otherwise (or further back).
 */
export function formatWhen(iso: string, timeZone: string, now: Date = new Date()): string {
  const day = localDateOf(iso, timeZone);
  if (day === localDateOf(now, timeZone)) return formatClock(iso, timeZone);
  const daysAhead =
    (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${localDateOf(now, timeZone)}T00:00:00Z`)) /
    86_400_000;
  const options: Intl.DateTimeFormatOptions =
    daysAhead > 0 && daysAhead < 7
      ? { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone }
      : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone };
  return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
}
