// A deterministic generator of appointments for the demo seed and the benchmarks: it walks
// each practitioner's weekly template day by day in the facility's time zone, fills about
// `fill` of the working time with visits (buffers included), never overlaps a practitioner
// or a patient, and gives each visit the status its time relative to `now` calls for, with
// the timestamps and appointment_event rows of every step.
//
// The same options give the same rows (ids included), on every machine.
import { Temporal } from 'temporal-polyfill';
import type { AppointmentStatus, TemplateBlock } from '@meridian/contracts';
// Tricky: the patients generator's PRNG is the project's only seeded generator; it is
// imported directly rather than copied (it belongs in platform/ one day).
import { Rng } from '../../../platform/prng.js';
import type { Period } from '../period-column.js';
import type { Channel } from '../scheduling.tables.js';
import { wallClockInstant } from './demo-hours.js';

export interface GeneratorPractitioner {
  id: string;
  facilityId: string;
  departmentId: string | null;
  blocks: readonly TemplateBlock[];
  /** The appointment types this practitioner takes, with relative weights. */
  typeWeights: readonly (readonly [string, number])[];
  /**
   * One-off working hours besides the weekly blocks (demo-hours.ts: an evening session on
   * the seeding day), drafted on the local day they start; closures do not apply to them.
   */
  extraPeriods?: readonly Period[];
}

export interface GeneratorType {
  id: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  modality: 'in_person' | 'video';
  /** Also reserved for the visit (e.g. the procedure room). */
  resourceIds?: readonly string[];
}

export interface GenerateAppointmentsOptions {
  seed: number;
  now: Date;
  timeZone: string;
  /** Local dates, inclusive. */
  fromDate: string;
  toDate: string;
  practitioners: readonly GeneratorPractitioner[];
  types: readonly GeneratorType[];
  patientIds: readonly string[];
  /** Share of template time taken by visits and their buffers (default 0.65). */
  fill?: number;
  /** Times nobody is booked: holidays (practitionerId null = everyone) and leave. */
  closures?: readonly { practitionerId: string | null; period: Period }[];
  /** Staff user recorded as booking, cancelling and checking in; null = the system. */
  actorUserId?: string | null;
}

export interface GeneratedAppointment {
  id: string;
  patientId: string;
  practitionerId: string;
  facilityId: string;
  departmentId: string | null;
  appointmentTypeId: string;
  startsAt: Date;
  endsAt: Date;
  blockedPeriod: Period;
  status: AppointmentStatus;
  modality: 'in_person' | 'video';
  reason: string | null;
  bookedBy: string | null;
  bookedAt: Date;
  confirmedAt: Date | null;
  confirmedVia: Channel | null;
  arrivedAt: Date | null;
  inRoomAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancelledVia: Channel | null;
  cancelReason: string | null;
  noShowAt: Date | null;
  noShowVia: 'staff' | 'system' | null;
  isOverbooked: false;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface GeneratedEvent {
  id: string;
  appointmentId: string;
  kind: 'booked' | 'status';
  fromStatus: AppointmentStatus | null;
  toStatus: AppointmentStatus;
  channel: Channel;
  actorUserId: string | null;
  occurredAt: Date;
}

export interface GeneratedVisit {
  appointment: GeneratedAppointment;
  events: GeneratedEvent[];
  resources: { appointmentId: string; resourceId: string; period: Period; isActive: boolean }[];
}

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Gaps left between visits are this long; visits are placed on a 5-minute grid. */
const gapMinutes = 15;

const visitReasons = [
  'Blood pressure review',
  'Medication review',
  'Annual check-up',
  'Follow-up of lab results',
  'Cough for two weeks',
  'Back pain',
  'Diabetes review',
  'Skin lesion check',
  'Vaccination',
  'Post-operative check',
] as const;

const cancelReasons = [
  'Patient asked to reschedule',
  'Patient unwell',
  'Transport unavailable',
  'Practitioner unavailable',
  'Booked in error',
] as const;

/** A UUIDv7 from a time and the generator's stream: time-ordered like newId(), repeatable. */
function uuidV7(ms: number, rng: Rng): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const time = hex(Math.floor(ms), 12);
  const a = rng.nextUint32();
  const b = rng.nextUint32();
  const c = rng.nextUint32();
  const variant = (0x8 | (a & 0x3)).toString(16);
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex((a >>> 4) & 0xfff, 3)}-` +
    `${variant}${hex((a >>> 16) & 0xfff, 3)}-${hex(b, 8)}${hex(c & 0xffff, 4)}`
  );
}

function localDays(fromDate: string, toDate: string): Temporal.PlainDate[] {
  const days: Temporal.PlainDate[] = [];
  const last = Temporal.PlainDate.from(toDate);
  for (let d = Temporal.PlainDate.from(fromDate); Temporal.PlainDate.compare(d, last) <= 0;) {
    days.push(d);
    d = d.add({ days: 1 });
  }
  return days;
}

/** The instant of a wall-clock minute of a local day (08:00 stays 08:00 when clocks change). */
function localInstant(day: Temporal.PlainDate, minute: number, timeZone: string): number {
  return wallClockInstant(day, minute, timeZone).getTime();
}

interface Draft {
  practitioner: GeneratorPractitioner;
  type: GeneratorType;
  blockedFrom: number;
  startsAt: number;
  endsAt: number;
  blockedTo: number;
}

/** One practitioner's visits on one day: about `fill` of each open block. */
function draftDay(
  rng: Rng,
  p: GeneratorPractitioner,
  day: Temporal.PlainDate,
  o: GenerateAppointmentsOptions,
  types: Map<string, GeneratorType>,
): Draft[] {
  const periods: [number, number][] = [];
  for (const block of p.blocks) {
    if (block.weekday !== day.dayOfWeek) continue;
    const blockFrom = localInstant(day, block.startMinute, o.timeZone);
    const blockTo = localInstant(day, block.endMinute, o.timeZone);
    const closed = o.closures?.some(
      (c) =>
        (c.practitionerId === null || c.practitionerId === p.id) &&
        c.period.from.getTime() < blockTo &&
        c.period.to.getTime() > blockFrom,
    );
    if (!closed) periods.push([blockFrom, blockTo]);
  }
  const dayStart = localInstant(day, 0, o.timeZone);
  const nextDayStart = localInstant(day, 1440, o.timeZone);
  const fill = o.fill ?? 0.65;
  const drafts = periods.flatMap(([from, to]) => draftPeriod(rng, p, from, to, fill, types));
  for (const extra of p.extraPeriods ?? []) {
    const from = extra.from.getTime();
    const to = extra.to.getTime();
    if (from < dayStart || from >= nextDayStart) continue;
    // Extended hours exist for the seeding moment: a visit starts just after it for sure.
    const now = o.now.getTime();
    const cut = Math.floor(now / (5 * minuteMs)) * 5 * minuteMs + 5 * minuteMs;
    if (cut <= from || cut >= to) {
      drafts.push(...draftPeriod(rng, p, from, to, fill, types));
      continue;
    }
    drafts.push(...draftPeriod(rng, p, from, cut, fill, types));
    drafts.push(...draftPeriod(rng, p, cut, to, fill, types, { placeFirst: true }));
  }
  return drafts;
}

/** Visits one after another through a working period, about `fill` of it. */
function draftPeriod(
  rng: Rng,
  p: GeneratorPractitioner,
  periodFrom: number,
  periodTo: number,
  fill: number,
  types: Map<string, GeneratorType>,
  opts: { placeFirst?: boolean } = {},
): Draft[] {
  // Chance to place a visit rather than leave a gap, for visits of about 30 minutes.
  const placeChance = (fill * gapMinutes) / (30 * (1 - fill) + fill * gapMinutes);
  const drafts: Draft[] = [];
  let cursor = periodFrom;
  while (cursor < periodTo) {
    const mustPlace = opts.placeFirst === true && drafts.length === 0 && cursor === periodFrom;
    if (!mustPlace && !rng.chance(placeChance)) {
      cursor += gapMinutes * minuteMs;
      continue;
    }
    const type = types.get(rng.weighted(p.typeWeights));
    if (!type) throw new Error('practitioner weights name an unknown appointment type');
    const startsAt = cursor + type.bufferBeforeMinutes * minuteMs;
    const endsAt = startsAt + type.durationMinutes * minuteMs;
    const blockedTo = endsAt + type.bufferAfterMinutes * minuteMs;
    if (blockedTo > periodTo) {
      cursor += gapMinutes * minuteMs;
      continue;
    }
    drafts.push({ practitioner: p, type, blockedFrom: cursor, startsAt, endsAt, blockedTo });
    cursor = blockedTo;
  }
  return drafts;
}

/**
 * Which of today's visits are in the room and waiting: each practitioner's visit under way
 * (started, not over) is in the room; the next two that start within the hour have arrived.
 * Seeded before opening, the first patients wait for the doors to open.
 */
function todayRoles(
  drafts: readonly Draft[],
  now: number,
  dayEnd: number,
): Map<Draft, AppointmentStatus> {
  const roles = new Map<Draft, AppointmentStatus>();
  const open = drafts.filter((d) => d.endsAt > now).sort((a, b) => a.startsAt - b.startsAt);
  // A practitioner's visits never overlap: at most one of theirs is under way.
  for (const d of open) if (d.startsAt <= now) roles.set(d, 'in_room');
  // Today's list shows visits starting today: later ones wait for tomorrow's. One of today's
  // visits to come stays to come, unless it is the only one.
  const later = open.filter((d) => d.startsAt > now && d.startsAt < dayEnd);
  const soon = later.filter((d) => d.startsAt <= now + 60 * minuteMs);
  const waiting = Math.min(2, soon.length, Math.max(1, later.length - 1));
  for (const d of soon.slice(0, waiting)) roles.set(d, 'arrived');
  return roles;
}

interface Step {
  status: AppointmentStatus;
  at: number;
  channel: Channel;
}

/** The status history of a visit: each step after `booked`, by time relative to now. */
function stepsFor(
  rng: Rng,
  d: Draft,
  now: number,
  today: { isToday: boolean; role: AppointmentStatus | undefined },
): Step[] {
  const steps: Step[] = [];
  const { isToday, role } = today;
  const isPast = d.endsAt <= now;
  if (role === 'in_room') {
    const inRoomAt = Math.min(
      now - rng.int(2, 10) * minuteMs,
      d.startsAt + rng.int(0, 10) * minuteMs,
    );
    steps.push({ status: 'arrived', at: inRoomAt - rng.int(5, 20) * minuteMs, channel: 'staff' });
    steps.push({ status: 'in_room', at: inRoomAt, channel: 'staff' });
    return steps;
  }
  if (role === 'arrived') {
    return [{ status: 'arrived', at: now - rng.int(5, 25) * minuteMs, channel: 'staff' }];
  }
  const outcome = isPast
    ? rng.weighted<AppointmentStatus>([
        ['completed', 87],
        ['no_show', isToday ? 0 : 8],
        ['cancelled', 5],
      ])
    : rng.weighted<AppointmentStatus>([
        ['booked', 100],
        ['cancelled', 3],
      ]);
  const confirmBy = d.startsAt - rng.int(1, 72) * 60 * minuteMs;
  if (outcome === 'cancelled') {
    return [
      {
        status: 'cancelled',
        at: Math.min(now, d.startsAt - rng.int(2, 96) * 60 * minuteMs),
        channel: rng.chance(0.4) ? 'patient_link' : 'staff',
      },
    ];
  }
  const confirms = isPast ? rng.chance(0.6) : d.startsAt - now < 3 * dayMs && rng.chance(0.5);
  if (confirms && confirmBy < now) {
    steps.push({
      status: 'confirmed',
      at: confirmBy,
      channel: rng.chance(0.5) ? 'patient_link' : 'staff',
    });
  }
  if (outcome === 'no_show') {
    steps.push({ status: 'no_show', at: d.startsAt + 30 * minuteMs, channel: 'system' });
  } else if (outcome === 'completed') {
    const arrivedAt = d.startsAt - rng.int(0, 15) * minuteMs;
    const inRoomAt = d.startsAt + rng.int(0, 20) * minuteMs;
    const completedAt = Math.max(inRoomAt + 5 * minuteMs, d.endsAt + rng.int(-5, 10) * minuteMs);
    steps.push({ status: 'arrived', at: arrivedAt, channel: 'staff' });
    steps.push({ status: 'in_room', at: inRoomAt, channel: 'staff' });
    steps.push({ status: 'completed', at: Math.min(completedAt, now), channel: 'staff' });
  }
  return steps;
}

function buildVisit(
  rng: Rng,
  d: Draft,
  patientId: string,
  steps: readonly Step[],
  o: GenerateAppointmentsOptions,
): GeneratedVisit {
  const now = o.now.getTime();
  const actor = o.actorUserId ?? null;
  const earliestStep = Math.min(d.startsAt, ...steps.map((s) => s.at));
  const bookedAt = Math.min(
    now - 60 * minuteMs,
    earliestStep - rng.int(1, 30 * 24) * 60 * minuteMs,
  );
  const id = uuidV7(bookedAt, rng);
  const stamp = (status: AppointmentStatus) => {
    const at = steps.find((s) => s.status === status)?.at;
    return at === undefined ? null : new Date(at);
  };
  const last = steps[steps.length - 1];
  const status = last?.status ?? 'booked';
  const cancelled = status === 'cancelled';
  const appointment: GeneratedAppointment = {
    id,
    patientId,
    practitionerId: d.practitioner.id,
    facilityId: d.practitioner.facilityId,
    departmentId: d.practitioner.departmentId,
    appointmentTypeId: d.type.id,
    startsAt: new Date(d.startsAt),
    endsAt: new Date(d.endsAt),
    blockedPeriod: { from: new Date(d.blockedFrom), to: new Date(d.blockedTo) },
    status,
    modality: d.type.modality,
    reason: rng.chance(0.7) ? rng.pick(visitReasons) : null,
    bookedBy: actor,
    bookedAt: new Date(bookedAt),
    confirmedAt: stamp('confirmed'),
    confirmedVia: steps.find((s) => s.status === 'confirmed')?.channel ?? null,
    arrivedAt: stamp('arrived'),
    inRoomAt: stamp('in_room'),
    completedAt: stamp('completed'),
    cancelledAt: stamp('cancelled'),
    cancelledBy: cancelled && last?.channel === 'staff' ? actor : null,
    cancelledVia: cancelled ? (last?.channel ?? null) : null,
    cancelReason: cancelled ? rng.pick(cancelReasons) : null,
    noShowAt: stamp('no_show'),
    noShowVia: status === 'no_show' ? 'system' : null,
    isOverbooked: false,
    version: 1 + steps.length,
    createdAt: new Date(bookedAt),
    updatedAt: new Date(last?.at ?? bookedAt),
  };
  const events: GeneratedEvent[] = [
    {
      id: uuidV7(bookedAt, rng),
      appointmentId: id,
      kind: 'booked',
      fromStatus: null,
      toStatus: 'booked',
      channel: 'staff',
      actorUserId: actor,
      occurredAt: new Date(bookedAt),
    },
  ];
  let from: AppointmentStatus = 'booked';
  for (const s of steps) {
    events.push({
      id: uuidV7(s.at, rng),
      appointmentId: id,
      kind: 'status',
      fromStatus: from,
      toStatus: s.status,
      channel: s.channel,
      actorUserId: s.channel === 'staff' ? actor : null,
      occurredAt: new Date(s.at),
    });
    from = s.status;
  }
  const isActive = status !== 'cancelled' && status !== 'no_show';
  const resources = (d.type.resourceIds ?? []).map((resourceId) => ({
    appointmentId: id,
    resourceId,
    period: appointment.blockedPeriod,
    isActive,
  }));
  return { appointment, events, resources };
}

/**
 * Visits day by day from `fromDate` to `toDate`. A patient has at most one visit a day, so
 * no patient is ever in two places (more visits in a day than patients is refused); every
 * practitioner's visits follow one another.
 */
export function* generateAppointments(o: GenerateAppointmentsOptions): Generator<GeneratedVisit> {
  if (o.patientIds.length === 0) return;
  const types = new Map(o.types.map((t) => [t.id, t]));
  const now = o.now.getTime();
  const today = Temporal.Instant.fromEpochMilliseconds(now)
    .toZonedDateTimeISO(o.timeZone)
    .toPlainDate();
  for (const [dayIndex, day] of localDays(o.fromDate, o.toDate).entries()) {
    // One stream per day, so a day's visits depend only on the seed and the date's place.
    const rng = new Rng(o.seed, dayIndex);
    const drafts = o.practitioners.flatMap((p) => draftDay(rng, p, day, o, types));
    const roles = day.equals(today)
      ? todayRoles(drafts, now, localInstant(day, 1440, o.timeZone))
      : new Map<Draft, AppointmentStatus>();
    if (drafts.length > o.patientIds.length) {
      throw new Error(
        `${drafts.length} visits on ${day.toString()} but only ${o.patientIds.length} patients`,
      );
    }
    const usedToday = new Set<number>();
    for (const d of drafts) {
      let patient = rng.int(0, o.patientIds.length - 1);
      while (usedToday.has(patient)) patient = (patient + 1) % o.patientIds.length;
      usedToday.add(patient);
      const steps = stepsFor(rng, d, now, { isToday: day.equals(today), role: roles.get(d) });
      yield buildVisit(rng, d, o.patientIds[patient]!, steps, o);
    }
  }
}
