// A believable fortnight of inpatient flow for the demo, planned in memory (pure, seeded):
// arrivals per ward at rates that keep the hospital about three-quarters full, some through
// the emergency department, some stepping down from intensive care; each stay takes a free
// bed that suits the patient, leaves it dirty, and housekeeping turns it around. What has
// happened by `now` becomes rows; what has not is the open stretch of a patient still in.
import type {
  AdmissionSource,
  BedAction,
  BedState,
  DischargeDisposition,
  IsolationPrecaution,
  LevelOfCare,
  MovementKind,
  WardKind,
} from '@meridian/contracts';
import { Rng } from '../../../platform/prng.js';

export interface PlanBed {
  id: string;
  wardId: string;
  kind: WardKind;
  roomSex: 'female' | 'male' | null;
}

export interface PlanPatient {
  id: string;
  sex: string;
  ageYears: number;
}

export interface PlannedStay {
  id: string;
  patientId: string;
  status: 'pre_admitted' | 'admitted' | 'on_leave' | 'discharged';
  source: AdmissionSource;
  sourceDetail: string | null;
  attendingPractitionerId: string;
  admittingPractitionerId: string;
  reason: string;
  levelOfCare: LevelOfCare;
  expectedLosDays: number;
  isolation: IsolationPrecaution[];
  expectedAt: Date | null;
  admittedAt: Date | null;
  dischargeExpectedAt: Date | null;
  dischargeOrderedAt: Date | null;
  dischargedAt: Date | null;
  disposition: DischargeDisposition | null;
  dischargeDestination: string | null;
  leaveStartedAt: Date | null;
  leaveExpectedReturnAt: Date | null;
}

export interface PlannedStretch {
  stayId: string;
  bedId: string;
  wardId: string;
  from: Date;
  to: Date | null;
}

export interface PlannedMovement {
  stayId: string;
  kind: MovementKind;
  occurredAt: Date;
  fromBedId: string | null;
  toBedId: string | null;
  fromWardId: string | null;
  toWardId: string | null;
  fromLevelOfCare: LevelOfCare | null;
  toLevelOfCare: LevelOfCare | null;
  reason: string | null;
}

export interface PlannedBedChange {
  bedId: string;
  wardId: string;
  action: BedAction;
  fromState: BedState;
  toState: BedState;
  occurredAt: Date;
  stayId: string | null;
  reason: string | null;
}

export interface PlannedBedState {
  state: BedState;
  since: Date;
  stayId: string | null;
  blockedReason: string | null;
  blockedUntil: Date | null;
}

export interface OccupancyPlan {
  stays: PlannedStay[];
  stretches: PlannedStretch[];
  movements: PlannedMovement[];
  bedChanges: PlannedBedChange[];
  /** Every bed's state at `now`. */
  bedStates: Map<string, PlannedBedState>;
}

const hour = 3_600_000;
const minute = 60_000;

interface Segment {
  kind: WardKind;
  hours: number;
}

interface Flow {
  entry: WardKind;
  perDay: number;
  pool: 'adult' | 'child' | 'maternity';
  path(rng: Rng): Segment[];
  /** Weighted sources of admissions that do not come through the emergency department. */
  sources: readonly (readonly [AdmissionSource, number])[];
}

const h = (rng: Rng, min: number, max: number) => rng.int(min, max);

function medSurg(rng: Rng): Segment[] {
  const stay: Segment = { kind: 'medical_surgical', hours: h(rng, 40, 170) };
  return rng.chance(0.45) ? [{ kind: 'emergency', hours: h(rng, 3, 11) }, stay] : [stay];
}

const flows: readonly Flow[] = [
  {
    entry: 'icu',
    perDay: 2.2,
    pool: 'adult',
    path: (rng) => {
      const icu: Segment = { kind: 'icu', hours: h(rng, 36, 130) };
      const after = rng.weighted<Segment[]>([
        [[{ kind: 'step_down', hours: h(rng, 30, 80) }], 5],
        [[{ kind: 'medical_surgical', hours: h(rng, 40, 100) }], 2],
        [[], 3],
      ]);
      return [icu, ...after];
    },
    sources: [
      ['emergency', 6],
      ['transfer_in', 2],
      ['direct', 2],
    ],
  },
  {
    entry: 'step_down',
    perDay: 2.2,
    pool: 'adult',
    path: (rng) => [{ kind: 'step_down', hours: h(rng, 40, 90) }],
    sources: [
      ['emergency', 6],
      ['direct', 4],
    ],
  },
  {
    entry: 'medical_surgical',
    perDay: 9.6,
    pool: 'adult',
    path: medSurg,
    sources: [
      ['elective', 6],
      ['direct', 4],
    ],
  },
  {
    entry: 'maternity',
    perDay: 4.2,
    pool: 'maternity',
    path: (rng) => [{ kind: 'maternity', hours: h(rng, 28, 72) }],
    sources: [
      ['elective', 5],
      ['direct', 5],
    ],
  },
  {
    entry: 'paediatric',
    perDay: 3.8,
    pool: 'child',
    path: (rng) => {
      const ward: Segment = { kind: 'paediatric', hours: h(rng, 20, 96) };
      return rng.chance(0.4) ? [{ kind: 'emergency', hours: h(rng, 2, 6) }, ward] : [ward];
    },
    sources: [
      ['direct', 6],
      ['elective', 4],
    ],
  },
  {
    entry: 'psychiatric',
    perDay: 0.9,
    pool: 'adult',
    path: (rng) => [{ kind: 'psychiatric', hours: h(rng, 96, 300) }],
    sources: [
      ['emergency', 5],
      ['direct', 5],
    ],
  },
  {
    // Observation in the emergency department, then home.
    entry: 'emergency',
    perDay: 3.2,
    pool: 'adult',
    path: (rng) => [{ kind: 'emergency', hours: h(rng, 5, 20) }],
    sources: [['emergency', 1]],
  },
];

const reasons: Record<WardKind, readonly string[]> = {
  icu: [
    'Septic shock',
    'Respiratory failure',
    'Post-operative monitoring after major surgery',
    'Diabetic ketoacidosis',
  ],
  step_down: [
    'Chest pain under evaluation',
    'Atrial fibrillation with rapid ventricular response',
    'Heart failure exacerbation',
  ],
  medical_surgical: [
    'Community-acquired pneumonia',
    'Cellulitis of the lower leg',
    'Elective hip replacement',
    'Laparoscopic cholecystectomy',
    'COPD exacerbation',
    'Small bowel obstruction',
    'Urinary tract infection with delirium',
  ],
  maternity: ['Spontaneous labour at term', 'Planned caesarean section', 'Induction of labour'],
  paediatric: [
    'Bronchiolitis',
    'Dehydration from gastroenteritis',
    'Asthma exacerbation',
    'Appendicectomy',
  ],
  psychiatric: ['Major depressive episode', 'Acute psychosis', 'Bipolar disorder, manic episode'],
  emergency: ['Observation after a fall', 'Abdominal pain under observation', 'Syncope work-up'],
};

const levelOf: Record<WardKind, LevelOfCare> = {
  icu: 'icu',
  step_down: 'step_down',
  medical_surgical: 'acute',
  maternity: 'acute',
  paediatric: 'acute',
  psychiatric: 'acute',
  emergency: 'observation',
};

interface BedTrack {
  bed: PlanBed;
  freeAt: number;
  state: BedState;
  since: number;
  stayId: string | null;
}

function movementBase(stayId: string, at: number): PlannedMovement {
  return {
    stayId,
    kind: 'admitted',
    occurredAt: new Date(at),
    fromBedId: null,
    toBedId: null,
    fromWardId: null,
    toWardId: null,
    fromLevelOfCare: null,
    toLevelOfCare: null,
    reason: null,
  };
}

export interface PlanOptions {
  now: Date;
  beds: PlanBed[];
  patients: PlanPatient[];
  practitionerIds: string[];
  newId: () => string;
  seed: number;
  /** Days simulated before now; the first ones fill the empty hospital. */
  days?: number;
}

interface StayContext {
  stay: PlannedStay;
  patient: PlanPatient;
  segments: Segment[];
  track: BedTrack;
  stretch: PlannedStretch;
  /** When the last segment is planned to end (may lie after now). */
  plannedEnd: number;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Plans the stays, stretches, movements and bed history of the last `days` days. */
export function planOccupancy(o: PlanOptions): OccupancyPlan {
  const rng = new Rng(o.seed);
  const now = o.now.getTime();
  const start = now - (o.days ?? 16) * 24 * hour;
  const plan: OccupancyPlan = {
    stays: [],
    stretches: [],
    movements: [],
    bedChanges: [],
    bedStates: new Map(),
  };
  const tracks = o.beds.map<BedTrack>((bed) => ({
    bed,
    freeAt: start,
    state: 'available',
    since: start - 24 * hour,
    stayId: null,
  }));

  const people = shuffled(rng, o.patients);
  // When each patient may come in (again): never twice at once, and a readmission only some
  // days after a discharge, once every patient has had a first stay.
  const availableAt = new Map<string, number>();
  const fits: Record<Flow['pool'], (p: PlanPatient) => boolean> = {
    child: (p) => p.ageYears < 16,
    maternity: (p) => p.sex === 'female' && p.ageYears >= 18 && p.ageYears <= 44,
    adult: (p) => p.ageYears >= 16,
  };
  const takePatient = (pool: Flow['pool'], at: number) => {
    const p =
      people.find((x) => !availableAt.has(x.id) && fits[pool](x)) ??
      people.find((x) => (availableAt.get(x.id) ?? Infinity) <= at && fits[pool](x));
    if (p) availableAt.set(p.id, Infinity);
    return p ?? null;
  };
  const release = (patientId: string, at: number | null) => {
    if (at === null) availableAt.delete(patientId);
    else availableAt.set(patientId, at + 5 * 24 * hour);
  };

  const change = (
    t: BedTrack,
    action: BedAction,
    to: BedState,
    at: number,
    stayId: string | null,
    reason: string | null = null,
  ) => {
    plan.bedChanges.push({
      bedId: t.bed.id,
      wardId: t.bed.wardId,
      action,
      fromState: t.state,
      toState: to,
      occurredAt: new Date(at),
      stayId,
      reason,
    });
    t.state = to;
    t.since = at;
    t.stayId = to === 'occupied' || to === 'reserved' ? stayId : null;
  };

  const freeBed = (kind: WardKind, patient: PlanPatient, at: number) => {
    const free = tracks.filter(
      (t) =>
        t.bed.kind === kind &&
        t.state === 'available' &&
        t.freeAt <= at &&
        (t.bed.roomSex === null || t.bed.roomSex === patient.sex),
    );
    return free.length ? rng.pick(free) : null;
  };

  const move = (
    ctx: StayContext,
    kind: MovementKind,
    at: number,
    from: BedTrack | null,
    to: BedTrack | null,
  ) =>
    plan.movements.push({
      stayId: ctx.stay.id,
      kind,
      occurredAt: new Date(at),
      fromBedId: from?.bed.id ?? null,
      toBedId: to?.bed.id ?? null,
      fromWardId: from?.bed.wardId ?? null,
      toWardId: to?.bed.wardId ?? null,
      fromLevelOfCare: from ? levelOf[from.bed.kind] : null,
      toLevelOfCare: to ? levelOf[to.bed.kind] : null,
      reason: kind === 'transferred' ? 'Level of care changed' : null,
    });

  const occupy = (ctx: StayContext, t: BedTrack, at: number) => {
    change(t, 'occupy', 'occupied', at, ctx.stay.id);
    ctx.track = t;
    ctx.stretch = {
      stayId: ctx.stay.id,
      bedId: t.bed.id,
      wardId: t.bed.wardId,
      from: new Date(at),
      to: null,
    };
    plan.stretches.push(ctx.stretch);
  };

  /** The patient leaves the bed: dirty, then cleaned, as far as has happened by now. */
  const vacate = (ctx: StayContext, at: number) => {
    const t = ctx.track;
    ctx.stretch.to = new Date(at);
    change(t, 'vacate', 'dirty', at, ctx.stay.id);
    const cleaningAt = at + rng.int(15, 150) * minute;
    const readyAt = cleaningAt + rng.int(20, 50) * minute;
    if (cleaningAt <= now) change(t, 'start_cleaning', 'cleaning', cleaningAt, null);
    if (readyAt <= now) change(t, 'finish_cleaning', 'available', readyAt, null);
    t.freeAt = readyAt + rng.int(0, 90) * minute;
  };

  const contexts: StayContext[] = [];
  const queue: { at: number; ctx: StayContext; segment: number }[] = [];
  const schedule = (ctx: StayContext, segment: number, at: number) => {
    if (at <= now) queue.push({ at, ctx, segment });
  };

  const arrive = (flow: Flow, at: number) => {
    const patient = takePatient(flow.pool, at);
    if (!patient) return;
    const segments = flow.path(rng);
    const bed = freeBed(segments[0]!.kind, patient, at);
    if (!bed) {
      release(patient.id, null);
      return;
    }
    const totalHours = segments.reduce((sum, s) => sum + s.hours, 0);
    const attending = rng.pick(o.practitionerIds);
    const finalKind = segments[segments.length - 1]!.kind;
    const stay: PlannedStay = {
      id: o.newId(),
      patientId: patient.id,
      status: 'admitted',
      source:
        segments.length > 1 && segments[0]!.kind === 'emergency'
          ? 'emergency'
          : rng.weighted(flow.sources),
      sourceDetail: null,
      attendingPractitionerId: attending,
      admittingPractitionerId: rng.chance(0.7) ? attending : rng.pick(o.practitionerIds),
      reason: rng.pick(reasons[finalKind === 'emergency' ? 'emergency' : flow.entry]),
      levelOfCare: levelOf[segments[0]!.kind],
      expectedLosDays: Math.max(1, Math.ceil(totalHours / 24)),
      isolation: flow.entry === 'icu' && rng.chance(0.25) ? ['contact'] : [],
      expectedAt: null,
      admittedAt: new Date(at),
      dischargeExpectedAt: null,
      dischargeOrderedAt: null,
      dischargedAt: null,
      disposition: null,
      dischargeDestination: null,
      leaveStartedAt: null,
      leaveExpectedReturnAt: null,
    };
    if (stay.source === 'transfer_in') stay.sourceDetail = 'Hudson Valley Regional Hospital';
    plan.stays.push(stay);
    const ctx = { stay, patient, segments, plannedEnd: at + totalHours * hour } as StayContext;
    contexts.push(ctx);
    occupy(ctx, bed, at);
    move(ctx, 'admitted', at, null, bed);
    schedule(ctx, 1, at + segments[0]!.hours * hour);
  };

  const discharge = (ctx: StayContext, at: number) => {
    const from = ctx.track;
    vacate(ctx, at);
    release(ctx.patient.id, at);
    const disposition = rng.weighted<DischargeDisposition>([
      ['home', 78],
      ['home_with_services', 14],
      ['transferred', 5],
      ['left_against_medical_advice', 3],
    ]);
    Object.assign(ctx.stay, {
      status: 'discharged',
      dischargedAt: new Date(at),
      disposition,
      dischargeDestination:
        disposition === 'transferred' ? 'Riverside Rehabilitation Center' : null,
      dischargeExpectedAt: new Date(at),
      dischargeOrderedAt: new Date(at - rng.int(2, 20) * hour),
    });
    if (ctx.stay.dischargeOrderedAt! < ctx.stay.admittedAt!)
      ctx.stay.dischargeOrderedAt = ctx.stay.admittedAt;
    move(ctx, 'discharge_ordered', ctx.stay.dischargeOrderedAt!.getTime(), null, null);
    move(ctx, 'discharged', at, from, null);
  };

  const step = (ctx: StayContext, segment: number, at: number) => {
    const next = ctx.segments[segment];
    const bed = next ? freeBed(next.kind, ctx.patient, at) : null;
    if (!next || !bed) {
      discharge(ctx, at);
      return;
    }
    const from = ctx.track;
    vacate(ctx, at);
    occupy(ctx, bed, at);
    ctx.stay.levelOfCare = levelOf[next.kind];
    move(ctx, 'transferred', at, from, bed);
    schedule(ctx, segment + 1, at + next.hours * hour);
  };

  const arrivals: { at: number; flow: Flow }[] = [];
  for (const flow of flows) {
    // Gaps around the mean at the flow's daily rate: steadier than a Poisson stream, so the
    // demo is about as full whatever day it is seeded.
    const gap = () => ((0.4 + 1.2 * rng.next()) / flow.perDay) * 24 * hour;
    for (let t = start + gap(); t < now; t += gap()) {
      arrivals.push({ at: Math.round(t / minute) * minute, flow });
    }
  }
  arrivals.sort((a, b) => a.at - b.at);
  let i = 0;
  for (;;) {
    queue.sort((a, b) => a.at - b.at);
    const arrival = arrivals[i];
    const transition = queue[0];
    if (!arrival && !transition) break;
    if (transition && (!arrival || transition.at <= arrival.at)) {
      queue.shift();
      step(transition.ctx, transition.segment, transition.at);
    } else if (arrival) {
      i += 1;
      arrive(arrival.flow, arrival.at);
    }
  }

  // Today's picture: a few discharges ordered, one patient on leave, beds blocked for
  // repairs, and one elective patient expected later with a bed reserved.
  const inHouse = contexts.filter(
    (c) => c.stay.status === 'admitted' && c.track.bed.kind !== 'emergency',
  );
  const soonest = [...inHouse].sort((a, b) => a.plannedEnd - b.plannedEnd).slice(0, 4);
  for (const ctx of soonest) {
    const orderedAt = Math.max(ctx.stay.admittedAt!.getTime() + hour, now - rng.int(1, 5) * hour);
    ctx.stay.dischargeOrderedAt = new Date(orderedAt);
    ctx.stay.dischargeExpectedAt = new Date(
      Math.ceil(Math.max(ctx.plannedEnd, now + hour) / (15 * minute)) * 15 * minute,
    );
    move(ctx, 'discharge_ordered', orderedAt, null, null);
  }
  const mayLeave = (c: StayContext) =>
    !soonest.includes(c) && c.stay.admittedAt!.getTime() < now - 24 * hour;
  const away =
    inHouse.find((c) => mayLeave(c) && c.track.bed.kind === 'psychiatric') ??
    inHouse.find((c) => mayLeave(c) && c.track.bed.kind === 'medical_surgical');
  if (away) {
    Object.assign(away.stay, {
      status: 'on_leave',
      leaveStartedAt: new Date(now - 2 * hour),
      leaveExpectedReturnAt: new Date(now + 4 * hour),
    });
    plan.movements.push({
      ...movementBase(away.stay.id, now - 2 * hour),
      kind: 'leave_started',
      reason: 'Therapeutic home visit',
    });
  }
  const idle = shuffled(
    rng,
    tracks.filter(
      (t) =>
        t.state === 'available' &&
        t.since <= now - hour &&
        t.freeAt <= now &&
        (t.bed.kind === 'medical_surgical' || t.bed.kind === 'paediatric'),
    ),
  );
  const blockReasons = ['Bed rail repair', 'Mattress replacement', 'Suction outlet fault'];
  idle.slice(0, 3).forEach((t, k) => {
    const at = Math.max(t.since + 15 * minute, now - rng.int(2, 20) * hour);
    change(t, 'block', 'blocked', at, null, blockReasons[k]);
  });
  const forReservation = tracks.find(
    (t) =>
      t.state === 'available' &&
      t.freeAt <= now &&
      t.bed.roomSex === null &&
      (t.bed.kind === 'medical_surgical' || t.bed.kind === 'step_down'),
  );
  const expected = takePatient('adult', now);
  if (forReservation && expected) {
    const at = Math.max(forReservation.since + 10 * minute, now - 90 * minute);
    const attending = rng.pick(o.practitionerIds);
    const stay: PlannedStay = {
      id: o.newId(),
      patientId: expected.id,
      status: 'pre_admitted',
      source: 'elective',
      sourceDetail: null,
      attendingPractitionerId: attending,
      admittingPractitionerId: attending,
      reason: 'Elective knee replacement',
      levelOfCare: 'acute',
      expectedLosDays: 3,
      isolation: [],
      expectedAt: new Date(Math.ceil((now + 3 * hour) / (15 * minute)) * 15 * minute),
      admittedAt: null,
      dischargeExpectedAt: null,
      dischargeOrderedAt: null,
      dischargedAt: null,
      disposition: null,
      dischargeDestination: null,
      leaveStartedAt: null,
      leaveExpectedReturnAt: null,
    };
    plan.stays.push(stay);
    change(forReservation, 'reserve', 'reserved', at, stay.id);
    plan.movements.push({
      ...movementBase(stay.id, at),
      kind: 'pre_admitted',
      toBedId: forReservation.bed.id,
      toWardId: forReservation.bed.wardId,
      toLevelOfCare: 'acute',
    });
  }
  for (const t of tracks) {
    plan.bedStates.set(t.bed.id, {
      state: t.state,
      since: new Date(t.since),
      stayId: t.stayId,
      blockedReason:
        t.state === 'blocked'
          ? (plan.bedChanges.findLast((c) => c.bedId === t.bed.id)?.reason ?? null)
          : null,
      blockedUntil: t.state === 'blocked' ? new Date(now + rng.int(12, 60) * hour) : null,
    });
  }
  return plan;
}
