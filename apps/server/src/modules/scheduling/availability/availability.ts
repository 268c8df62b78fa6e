import { Temporal } from 'temporal-polyfill';
import type { Period } from '../period-column.js';

/*
 * Free-slot arithmetic, pure: no database, no clock (callers pass `now`).
 *
 * Decisions, so that callers and tests agree:
 * - Working hours are wall-clock times in the facility's zone. A block's start is the first
 *   moment the clock shows it, its end the last: on a fall-back day 00:00-03:00 is four real
 *   hours and 01:00-02:00 covers both passes of the repeated hour. A wall time that does not
 *   exist (the hour skipped when clocks spring forward) becomes the moment the clock jumped,
 *   so the missing hour has no working time and 09:00-17:00 stays eight hours.
 * - Slot starts lie on a grid of `slotStepMinutes` (15, or the visit's duration when
 *   shorter) counted in real minutes from the start of the template block, so they stay on
 *   round clock times; the first start is the first grid point that leaves room for the
 *   buffer before. The visit and both buffers must lie inside working time at one facility
 *   on one local date (adjacent blocks of one day join), outside every exception and every
 *   other appointment's blocked period. Slots starting before `now` are not offered.
 * - The per-day cap counts the practitioner's active appointments (overbooked ones too)
 *   that start on the slot's local date in the zone of the slot's facility.
 */

const minuteMs = 60_000;

/** A weekly template block with its template's location and effective dates. */
export interface WorkingBlock {
  facilityId: string;
  timeZone: string;
  /** ISO 8601: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight; endMinute may be 1440 (the end of the day). */
  startMinute: number;
  endMinute: number;
  /** Inclusive local dates; until null = open-ended. */
  effectiveFrom: string;
  effectiveUntil: string | null;
}

/** Time off: everywhere, or (facilityId set) only working time at that facility (a holiday). */
export interface Unavailability {
  period: Period;
  facilityId?: string | null;
}

/** An active appointment of the practitioner: its start and the time it blocks. */
export interface BusyAppointment {
  startsAt: Date;
  blockedPeriod: Period;
}

export interface PractitionerCalendar {
  practitionerId: string;
  maxAppointmentsPerDay: number | null;
  blocks: readonly WorkingBlock[];
  unavailable: readonly Unavailability[];
  appointments: readonly BusyAppointment[];
}

export interface VisitShape {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface SlotWindow {
  /** Inclusive local dates. */
  from: string;
  to: string;
  /** The zone `from`/`to` are meant in; absent = each facility's own. */
  timeZone?: string | undefined;
  now: Date;
}

/** A resource the visit also needs: it lives at one facility and is busy at these times. */
export interface ResourceNeed {
  facilityId: string;
  busy: readonly Period[];
}

export interface FreeSlot {
  practitionerId: string;
  facilityId: string;
  startsAt: Date;
  endsAt: Date;
}

/** A stretch of working time at one facility on one local date. */
export interface WorkingInterval {
  facilityId: string;
  timeZone: string;
  date: string;
  from: number;
  to: number;
}

export function slotStepMinutes(durationMinutes: number): number {
  return Math.min(15, durationMinutes);
}

// ---- Local time -> instants ----

const knownZones = new Set<string>();

/** Throws a RangeError naming the zone when the runtime's tz database does not know it. */
export function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  try {
    Temporal.PlainDate.from('2026-01-01').toZonedDateTime(timeZone);
  } catch {
    throw new RangeError(`"${timeZone}" is not an IANA time zone known to this server`);
  }
  knownZones.add(timeZone);
}

// Many practitioners share the same hours: remember conversions (bounded, cleared when full).
const instantCache = new Map<string, number>();

/**
 * The instant of a local wall time: `start` takes the first pass of a repeated time, `end`
 * the last; a skipped time becomes the moment the clock jumped.
 */
export function localInstant(
  date: string,
  minute: number,
  timeZone: string,
  edge: 'start' | 'end',
): number {
  const key = `${timeZone}|${date}|${minute}|${edge}`;
  const cached = instantCache.get(key);
  if (cached !== undefined) return cached;
  assertTimeZone(timeZone);
  const wall = Temporal.PlainDate.from(date).toPlainDateTime().add({ minutes: minute });
  const zoned = wall.toZonedDateTime(timeZone, {
    disambiguation: edge === 'start' ? 'earlier' : 'later',
  });
  let ms = zoned.epochMilliseconds;
  if (!zoned.toPlainDateTime().equals(wall)) {
    // Tricky: in a gap 'later' lands after the jump; the transition before it is the jump.
    const later = wall.toZonedDateTime(timeZone, { disambiguation: 'later' });
    ms = later.getTimeZoneTransition('previous')?.epochMilliseconds ?? later.epochMilliseconds;
  }
  if (instantCache.size > 50_000) instantCache.clear();
  instantCache.set(key, ms);
  return ms;
}

/** The first instant of a local date. */
export function startOfLocalDay(date: string, timeZone: string): number {
  return localInstant(date, 0, timeZone, 'start');
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date of an instant in the zone. */
export function localDateOf(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    assertTimeZone(timeZone);
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// Plain calendar arithmetic on ISO dates needs no zone: UTC Date maths is exact and much
// faster than Temporal's polyfill, which matters in the slot search's inner loops.
const dayMs = 86_400_000;
const dateMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function addDays(date: string, days: number): string {
  return new Date(dateMs(date) + days * dayMs).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateMs(to) - dateMs(from)) / dayMs);
}

/** ISO 8601 weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((new Date(dateMs(date)).getUTCDay() + 6) % 7) + 1;
}

/** The inclusive list of local dates. */
export function datesFromTo(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

// ---- Working time ----

function blockApplies(b: WorkingBlock, date: string, weekday: number): boolean {
  return (
    b.weekday === weekday &&
    b.effectiveFrom <= date &&
    (b.effectiveUntil === null || date <= b.effectiveUntil)
  );
}

/**
 * The working intervals of these blocks on these local dates, sorted by start; blocks of
 * one facility and date that touch or overlap are joined (the first block's start stays the
 * grid's anchor).
 */
export function workingIntervals(
  blocks: readonly WorkingBlock[],
  dates: readonly string[],
): WorkingInterval[] {
  const raw: WorkingInterval[] = [];
  for (const date of dates) {
    const weekday = isoWeekday(date);
    for (const b of blocks) {
      if (!blockApplies(b, date, weekday)) continue;
      const from = localInstant(date, b.startMinute, b.timeZone, 'start');
      const to = localInstant(date, b.endMinute, b.timeZone, 'end');
      if (to > from) raw.push({ facilityId: b.facilityId, timeZone: b.timeZone, date, from, to });
    }
  }
  raw.sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: WorkingInterval[] = [];
  for (const w of raw) {
    const joined = merged.findLast((m) => m.facilityId === w.facilityId && m.date === w.date);
    if (joined && w.from <= joined.to) joined.to = Math.max(joined.to, w.to);
    else merged.push({ ...w });
  }
  return merged;
}

/**
 * Whether the whole period lies inside working time at the facility (one local date):
 * the rule behind scheduling.outside_working_hours.
 */
export function isWithinWorkingTime(
  blocks: readonly WorkingBlock[],
  facilityId: string,
  period: Period,
): boolean {
  const here = blocks.filter((b) => b.facilityId === facilityId);
  const zone = here[0]?.timeZone;
  if (!zone) return false;
  const day = localDateOf(period.from, zone);
  const from = period.from.getTime();
  const to = period.to.getTime();
  return workingIntervals(here, [addDays(day, -1), day]).some((w) => w.from <= from && to <= w.to);
}

/** The facility where the blocks have the practitioner working over the whole period. */
export function workingFacilityOf(blocks: readonly WorkingBlock[], period: Period): string | null {
  const facilities = [...new Set(blocks.map((b) => b.facilityId))].sort();
  return facilities.find((f) => isWithinWorkingTime(blocks, f, period)) ?? null;
}

// ---- Busy time as sorted disjoint intervals ----

type Span = readonly [from: number, to: number];

/** Sorted, disjoint spans covering the same time as the periods. */
export function unionOf(periods: readonly Period[]): Span[] {
  const spans = periods
    .map((p): [number, number] => [p.from.getTime(), p.to.getTime()])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push(s);
  }
  return out;
}

/** Whether [from, to) overlaps any span (binary search; spans sorted and disjoint). */
export function overlapsAny(spans: readonly Span[], from: number, to: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[mid]?.[1] ?? 0) <= from) lo = mid + 1;
    else hi = mid;
  }
  const s = spans[lo];
  return s !== undefined && s[0] < to;
}

/** The number of sorted values in [from, to). */
function countBetween(sorted: readonly number[], from: number, to: number): number {
  const lowerBound = (x: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return lowerBound(to) - lowerBound(from);
}

/** Active appointments starting on the local date in the zone. */
export function appointmentsOnLocalDate(
  starts: readonly number[],
  date: string,
  timeZone: string,
): number {
  return countBetween(
    starts,
    startOfLocalDay(date, timeZone),
    startOfLocalDay(addDays(date, 1), timeZone),
  );
}

// ---- Slots ----

/** Which local dates to walk, and the instant bounds when the window names its own zone. */
function windowDates(window: SlotWindow): { dates: string[]; bounds: Span | null } {
  if (!window.timeZone) return { dates: datesFromTo(window.from, window.to), bounds: null };
  return {
    dates: datesFromTo(addDays(window.from, -1), addDays(window.to, 1)),
    bounds: [
      startOfLocalDay(window.from, window.timeZone),
      startOfLocalDay(addDays(window.to, 1), window.timeZone),
    ],
  };
}

/** The free slots of one practitioner, sorted by start. */
export function freeSlots(
  cal: PractitionerCalendar,
  visit: VisitShape,
  window: SlotWindow,
  resource?: ResourceNeed,
): FreeSlot[] {
  const { dates, bounds } = windowDates(window);
  const busy = unionOf(cal.appointments.map((a) => a.blockedPeriod));
  const starts = cal.appointments.map((a) => a.startsAt.getTime()).sort((a, b) => a - b);
  const resourceBusy = resource ? unionOf(resource.busy) : [];
  const offAt = new Map<string, Span[]>();
  const offFor = (facilityId: string): Span[] => {
    let spans = offAt.get(facilityId);
    if (!spans) {
      const applies = cal.unavailable.filter((u) => !u.facilityId || u.facilityId === facilityId);
      spans = unionOf(applies.map((u) => u.period));
      offAt.set(facilityId, spans);
    }
    return spans;
  };
  const step = slotStepMinutes(visit.durationMinutes) * minuteMs;
  const before = visit.bufferBeforeMinutes * minuteMs;
  const visitMs = visit.durationMinutes * minuteMs;
  const after = visit.bufferAfterMinutes * minuteMs;
  const now = window.now.getTime();
  const out: FreeSlot[] = [];
  for (const w of workingIntervals(cal.blocks, dates)) {
    if (resource && w.facilityId !== resource.facilityId) continue;
    const cap = cal.maxAppointmentsPerDay;
    if (cap !== null && appointmentsOnLocalDate(starts, w.date, w.timeZone) >= cap) continue;
    const off = offFor(w.facilityId);
    const first = w.from + Math.ceil(before / step) * step;
    for (let t = first; t + visitMs + after <= w.to; t += step) {
      if (t < now || (bounds && (t < bounds[0] || t >= bounds[1]))) continue;
      const [from, to] = [t - before, t + visitMs + after];
      if (overlapsAny(busy, from, to) || overlapsAny(off, from, to)) continue;
      if (overlapsAny(resourceBusy, t, t + visitMs)) continue;
      out.push({
        practitionerId: cal.practitionerId,
        facilityId: w.facilityId,
        startsAt: new Date(t),
        endsAt: new Date(t + visitMs),
      });
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Free slots across practitioners, by start then practitioner, cut at `limit`. */
export function searchFreeSlots(
  calendars: readonly PractitionerCalendar[],
  visit: VisitShape,
  window: SlotWindow,
  limit: number,
  resource?: ResourceNeed,
): { items: FreeSlot[]; truncated: boolean } {
  if (window.timeZone) assertTimeZone(window.timeZone);
  const all = calendars.flatMap((c) => freeSlots(c, visit, window, resource));
  all.sort(
    (a, b) =>
      a.startsAt.getTime() - b.startsAt.getTime() ||
      (a.practitionerId < b.practitionerId ? -1 : a.practitionerId > b.practitionerId ? 1 : 0) ||
      (a.facilityId < b.facilityId ? -1 : a.facilityId > b.facilityId ? 1 : 0),
  );
  return { items: all.slice(0, limit), truncated: all.length > limit };
}
