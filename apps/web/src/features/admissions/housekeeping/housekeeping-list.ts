import type { HousekeepingItem } from '@meridian/contracts';

/** Minutes from `since` to `nowMs`, never negative (clocks differ a little). */
export function minutesWaiting(since: string, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(since)) / 60_000));
}

/**
 * The list as housekeeping works it: beds waiting to be cleaned and beds being cleaned,
 * each longest wait first (ties by ward, room and bed, so the order is stable).
 */
export function housekeepingGroups(items: readonly HousekeepingItem[]): {
  waiting: HousekeepingItem[];
  cleaning: HousekeepingItem[];
} {
  const sorted = [...items].sort(
    (a, b) =>
      Date.parse(a.since) - Date.parse(b.since) ||
      a.wardName.localeCompare(b.wardName) ||
      a.roomCode.localeCompare(b.roomCode) ||
      a.bedCode.localeCompare(b.bedCode),
  );
  return {
    waiting: sorted.filter((i) => i.state === 'dirty'),
    cleaning: sorted.filter((i) => i.state === 'cleaning'),
  };
}
