import type { AppointmentStatus, AppointmentTransition } from '@meridian/contracts';
import { isBeforeVisit, transitionsFrom } from '../visit-flow';
import type { TodayEntry } from './today.api';

export interface TodaySummary {
  /** Booked or confirmed, not here yet. */
  expected: number;
  waiting: number;
  inRoom: number;
  completed: number;
  noShow: number;
  cancelled: number;
}

export function summarise(items: readonly TodayEntry[]): TodaySummary {
  const count = (...statuses: AppointmentStatus[]) =>
    items.filter((e) => statuses.includes(e.status)).length;
  return {
    expected: count('booked', 'confirmed'),
    waiting: count('arrived'),
    inRoom: count('in_room'),
    completed: count('completed'),
    noShow: count('no_show'),
    cancelled: count('cancelled'),
  };
}

/** By start time; at the same time by practitioner, so parallel clinics stay together. */
export function byTime(items: readonly TodayEntry[]): TodayEntry[] {
  return [...items].sort(
    (a, b) =>
      Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
      a.practitionerName.localeCompare(b.practitionerName),
  );
}

/** The practitioners seen in today's list, by name, for the filter. */
export function practitionersOf(items: readonly TodayEntry[]): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const e of items) seen.set(e.practitionerId, e.practitionerName);
  return [...seen]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The row's buttons: the usual next step of the visit flow as the primary action, and the
 * rest (confirm; no-show once the start time has passed; cancel before the visit) in a menu.
 */
export function rowActions(
  entry: Pick<TodayEntry, 'status' | 'startsAt'>,
  nowMs: number,
): { primary: AppointmentTransition | null; more: (AppointmentTransition | 'cancel')[] } {
  const steps = transitionsFrom(entry.status);
  const primary = steps.find((s) => s !== 'no_show' && s !== 'confirm') ?? null;
  const isLate = nowMs >= Date.parse(entry.startsAt);
  const more: (AppointmentTransition | 'cancel')[] = steps.filter(
    (s) => s !== primary && (s !== 'no_show' || isLate),
  );
  if (isBeforeVisit(entry.status) && entry.status !== 'held') more.push('cancel');
  return { primary, more };
}
