import type { Slot } from '@meridian/contracts';
import { localDateOf } from '../scheduling-format';

export interface SlotDay {
  /** The local date (YYYY-MM-DD) in the slot's facility zone. */
  date: string;
  slots: Slot[];
}

/**
 * Free slots grouped by the local day they start on, in the zone of each slot's facility
 * (a slot at 23:30 in New York is that evening's, not the next UTC day's). Days in date
 * order, slots in time order.
 */
export function groupSlotsByDay(
  slots: readonly Slot[],
  zoneOf: (facilityId: string) => string,
): SlotDay[] {
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots) {
    const date = localDateOf(slot.startsAt, zoneOf(slot.facilityId));
    const list = byDay.get(date) ?? [];
    list.push(slot);
    byDay.set(date, list);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, list]) => ({
      date,
      slots: list.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
    }));
}

/** A stable key for one slot (a practitioner at a start). */
export function slotKey(slot: Pick<Slot, 'practitionerId' | 'startsAt'>): string {
  return `${slot.practitionerId}@${slot.startsAt}`;
}
