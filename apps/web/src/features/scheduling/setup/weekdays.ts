/** The locale's weekday names, Monday first (ISO weekday = index + 1). */
export function weekdayNames(style: 'long' | 'short' = 'long'): string[] {
  const format = new Intl.DateTimeFormat(undefined, { weekday: style, timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(Date.UTC(2024, 0, 1 + i)));
}
