// Pure rules of weekly templates.
import { Temporal } from 'temporal-polyfill';
import type { TemplateBlock } from '@meridian/contracts';

/**
 * The first block (by its index in the input) that overlaps an earlier-listed block on the
 * same weekday, or null. Touching blocks (12:00 end, 12:00 start) do not overlap.
 */
export function firstSelfOverlap(blocks: readonly TemplateBlock[]): number | null {
  let first: number | null = null;
  blocks.forEach((b, i) => {
    const clash = blocks
      .slice(0, i)
      .some(
        (o) =>
          o.weekday === b.weekday && o.startMinute < b.endMinute && b.startMinute < o.endMinute,
      );
    if (clash && first === null) first = i;
  });
  return first;
}

/** The local date at an instant in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}
