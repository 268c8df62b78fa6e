import { z } from 'zod';
import { instant, isoDate, multiLine, page, singleLine, uuid } from './common.js';
import { sexAtBirth } from './patients.js';
import { news2Bands } from './news2.js';

// ---- Places: wards, rooms, beds ----

export const wardKinds = [
  'icu',
  'step_down',
  'medical_surgical',
  'maternity',
  'paediatric',
  'psychiatric',
  'emergency',
] as const;
export const wardKind = z.enum(wardKinds);
export type WardKind = z.infer<typeof wardKind>;

const placeCode = singleLine(20).regex(/^[A-Z0-9][A-Z0-9_-]*$/, {
  message: 'must be upper-case letters, digits, - or _',
});

export const wardInput = z.strictObject({
  facilityId: uuid,
  departmentId: uuid.nullable().default(null),
  code: placeCode,
  name: singleLine(100),
  kind: wardKind,
  isActive: z.boolean().default(true),
});
export type WardInput = z.input<typeof wardInput>;

/**
 * PATCH: only the fields sent change (no defaults, unlike wardInput); the facility never
 * changes; send If-Match with the version.
 */
export const wardPatch = z.strictObject({
  departmentId: uuid.nullable().optional(),
  code: placeCode.optional(),
  name: singleLine(100).optional(),
  kind: wardKind.optional(),
  isActive: z.boolean().optional(),
});

export const ward = z.object({
  id: uuid,
  facilityId: uuid,
  departmentId: uuid.nullable(),
  code: z.string(),
  name: z.string(),
  kind: wardKind,
  isActive: z.boolean(),
  version: z.number().int(),
  /** Active beds, for lists. */
  bedCount: z.number().int(),
});
export type Ward = z.infer<typeof ward>;

export const wardQuery = z.strictObject({
  facilityId: uuid.optional(),
  includeInactive: z.stringbool().optional(),
});

/** A room may be restricted to patients of one sex (a single-sex bay). */
export const roomSexRestriction = z.enum(['female', 'male']);
export type RoomSexRestriction = z.infer<typeof roomSexRestriction>;

export const roomInput = z.strictObject({
  code: placeCode,
  name: singleLine(100).nullable().default(null),
  sexRestriction: roomSexRestriction.nullable().default(null),
  isActive: z.boolean().default(true),
});
/** PATCH: only the fields sent change; If-Match with the version. */
export const roomPatch = z.strictObject({
  code: placeCode.optional(),
  name: singleLine(100).nullable().optional(),
  sexRestriction: roomSexRestriction.nullable().optional(),
  isActive: z.boolean().optional(),
});

export const bedAttributes = z.strictObject({
  /** A single room with its own door (negative pressure where airborne isolation is needed). */
  isolationCapable: z.boolean().default(false),
  telemetry: z.boolean().default(false),
  bariatric: z.boolean().default(false),
});
export type BedAttributes = z.infer<typeof bedAttributes>;

export const bedInput = z.strictObject({
  code: placeCode,
  ...bedAttributes.shape,
  isActive: z.boolean().default(true),
});
/** PATCH: only the fields sent change; If-Match with the version. */
export const bedPatch = z.strictObject({
  code: placeCode.optional(),
  isolationCapable: z.boolean().optional(),
  telemetry: z.boolean().optional(),
  bariatric: z.boolean().optional(),
  isActive: z.boolean().optional(),
});

/** POST /api/v1/rooms/:id/beds/batch: several beds at once (e.g. A-D), all or none. */
export const bedBatchInput = z.strictObject({ beds: z.array(bedInput).min(1).max(26) });
export type BedBatchInput = z.input<typeof bedBatchInput>;

export const bedStates = [
  'available',
  'reserved',
  'occupied',
  'dirty',
  'cleaning',
  'blocked',
] as const;
export const bedState = z.enum(bedStates);
export type BedState = z.infer<typeof bedState>;

export const bed = z.object({
  id: uuid,
  wardId: uuid,
  roomId: uuid,
  code: z.string(),
  isolationCapable: z.boolean(),
  telemetry: z.boolean(),
  bariatric: z.boolean(),
  isActive: z.boolean(),
  state: bedState,
  stateSince: instant,
  blockedReason: z.string().nullable(),
  blockedUntil: instant.nullable(),
  version: z.number().int(),
});
export type Bed = z.infer<typeof bed>;

export const room = z.object({
  id: uuid,
  wardId: uuid,
  code: z.string(),
  name: z.string().nullable(),
  sexRestriction: roomSexRestriction.nullable(),
  isActive: z.boolean(),
  version: z.number().int(),
  beds: z.array(bed),
});
export type Room = z.infer<typeof room>;

/** GET /api/v1/wards/:id: the ward with its rooms and beds (no patients). */
export const wardDetail = ward.extend({ rooms: z.array(room) });
export type WardDetail = z.infer<typeof wardDetail>;

// ---- Bed state machine (pure; both sides use it) ----

/**
 * What can happen to a bed. Admission use cases drive reserve, release, occupy and vacate;
 * housekeeping and bed managers drive the rest through POST /beds/:id/state.
 */
export const bedActions = [
  'reserve',
  'release',
  'occupy',
  'vacate',
  'mark_dirty',
  'start_cleaning',
  'finish_cleaning',
  'block',
  'unblock',
] as const;
export type BedAction = (typeof bedActions)[number];

const bedMachine: Readonly<Record<BedState, Partial<Record<BedAction, BedState>>>> = {
  available: { reserve: 'reserved', occupy: 'occupied', mark_dirty: 'dirty', block: 'blocked' },
  reserved: { occupy: 'occupied', release: 'available' },
  // A patient leaving makes the bed dirty, never available.
  occupied: { vacate: 'dirty' },
  dirty: { start_cleaning: 'cleaning', block: 'blocked' },
  cleaning: { finish_cleaning: 'available', block: 'blocked' },
  blocked: { unblock: 'available' },
};

/** The state `action` leads to from `state`, or null when the machine forbids it. */
export function nextBedState(state: BedState, action: BedAction): BedState | null {
  return bedMachine[state][action] ?? null;
}

/** The actions the machine allows from `state`. */
export function allowedBedActions(state: BedState): BedAction[] {
  return bedActions.filter((a) => bedMachine[state][a] !== undefined);
}

/** Actions staff take on a bed directly (the others come with admissions). */
export const manualBedActions = [
  'mark_dirty',
  'start_cleaning',
  'finish_cleaning',
  'block',
  'unblock',
] as const;
export type ManualBedAction = (typeof manualBedActions)[number];

export const bedStateChangeInput = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.enum(['mark_dirty', 'start_cleaning', 'finish_cleaning', 'unblock']),
  }),
  z.strictObject({
    action: z.literal('block'),
    reason: singleLine(200),
    /** When the bed is expected back in service. */
    expectedUntil: instant.nullable().default(null),
  }),
]);
export type BedStateChangeInput = z.input<typeof bedStateChangeInput>;

// ---- Stays: admission, movements, discharge ----

export const stayStatuses = [
  'pre_admitted',
  'admitted',
  'on_leave',
  'discharged',
  'cancelled',
] as const;
export const stayStatus = z.enum(stayStatuses);
export type StayStatus = z.infer<typeof stayStatus>;
/** Statuses of a stay that is still open: one per patient (database constraint). */
export const openStayStatuses = ['pre_admitted', 'admitted', 'on_leave'] as const;

export const admissionSource = z.enum(['emergency', 'elective', 'direct', 'transfer_in']);
export type AdmissionSource = z.infer<typeof admissionSource>;

export const levelOfCare = z.enum(['icu', 'step_down', 'acute', 'observation']);
export type LevelOfCare = z.infer<typeof levelOfCare>;

export const isolationPrecaution = z.enum(['contact', 'droplet', 'airborne', 'protective']);
export type IsolationPrecaution = z.infer<typeof isolationPrecaution>;

export const dischargeDisposition = z.enum([
  'home',
  'home_with_services',
  'transferred',
  'left_against_medical_advice',
  'deceased',
]);
export type DischargeDisposition = z.infer<typeof dischargeDisposition>;

/**
 * POST /api/v1/admissions (Idempotency-Key accepted). With `bedId` and no `preAdmission`,
 * the patient is admitted into that bed now. With `preAdmission`, the stay is pre-admitted
 * for the expected time and `bedId` (optional) is reserved for it.
 */
export const admitInput = z.strictObject({
  patientId: uuid,
  facilityId: uuid,
  source: admissionSource,
  /** Free text where the source needs it, e.g. the sending hospital. */
  sourceDetail: singleLine(200).nullable().default(null),
  admittingPractitionerId: uuid,
  attendingPractitionerId: uuid,
  reason: singleLine(500),
  /** Free text now; coded once the clinical record exists. */
  admittingDiagnosis: singleLine(500).nullable().default(null),
  levelOfCare,
  expectedLengthOfStayDays: z.number().int().min(1).max(365).nullable().default(null),
  isolation: z.array(isolationPrecaution).max(4).default([]),
  bedId: uuid.nullable().default(null),
  /** When admitted now: the moment, default now; not in the future. */
  admittedAt: instant.optional(),
  preAdmission: z.strictObject({ expectedAt: instant }).nullable().default(null),
});
export type AdmitInput = z.input<typeof admitInput>;

/** POST /api/v1/admissions/:id/admit: a pre-admitted patient arrives. */
export const arriveInput = z.strictObject({
  /** Default: the bed reserved for the stay. */
  bedId: uuid.nullable().default(null),
  admittedAt: instant.optional(),
});

/** POST /api/v1/admissions/:id/transfer: another bed, ward or level of care. */
export const transferInput = z.strictObject({
  bedId: uuid,
  levelOfCare: levelOfCare.optional(),
  reason: singleLine(500),
  at: instant.optional(),
});
export type TransferInput = z.input<typeof transferInput>;

/** POST /api/v1/admissions/swap: two admitted patients trade beds in one transaction. */
export const swapInput = z.strictObject({
  stayIds: z.tuple([uuid, uuid]).refine(([a, b]) => a !== b, {
    message: 'must name two different stays',
  }),
  reason: singleLine(500),
});

/** POST /api/v1/admissions/:id/leave: off the ward for a while, the bed held. */
export const leaveInput = z.strictObject({
  reason: singleLine(500),
  expectedReturnAt: instant.nullable().default(null),
  at: instant.optional(),
});
export const returnInput = z.strictObject({ at: instant.optional() });

/** POST /api/v1/admissions/:id/discharge-order: shows as pending discharge on the board. */
export const dischargeOrderInput = z.strictObject({ expectedAt: instant });

export const dischargeInput = z.strictObject({
  disposition: dischargeDisposition,
  /** Default now; never before admission, never in the future. */
  dischargedAt: instant.optional(),
  /** Text now; structured diagnoses and medications join with the clinical record. */
  summary: multiLine(20_000).nullable().default(null),
  /** For `transferred`: where to. */
  destination: singleLine(200).nullable().default(null),
});
export type DischargeInput = z.input<typeof dischargeInput>;

/** Corrections: cancel an admission entered in error, or undo a recent discharge. */
export const correctionInput = z.strictObject({ reason: singleLine(500) });

export const movementKinds = [
  'pre_admitted',
  'admitted',
  'transferred',
  'swapped',
  'leave_started',
  'leave_ended',
  'discharge_ordered',
  'discharge_order_cancelled',
  'discharged',
  'cancelled',
  'discharge_undone',
] as const;
export const movementKind = z.enum(movementKinds);
export type MovementKind = z.infer<typeof movementKind>;

export const stayMovement = z.object({
  id: uuid,
  kind: movementKind,
  occurredAt: instant,
  fromBedId: uuid.nullable(),
  toBedId: uuid.nullable(),
  fromWardId: uuid.nullable(),
  toWardId: uuid.nullable(),
  fromLevelOfCare: levelOfCare.nullable(),
  toLevelOfCare: levelOfCare.nullable(),
  reason: z.string().nullable(),
  actorUserId: uuid.nullable(),
});
export type StayMovement = z.infer<typeof stayMovement>;

export const stay = z.object({
  id: uuid,
  /** Human-facing account number of the stay, e.g. "IP-000123". */
  stayNumber: z.string(),
  patientId: uuid,
  facilityId: uuid,
  status: stayStatus,
  source: admissionSource,
  sourceDetail: z.string().nullable(),
  admittingPractitionerId: uuid,
  attendingPractitionerId: uuid,
  reason: z.string(),
  admittingDiagnosis: z.string().nullable(),
  levelOfCare,
  expectedLengthOfStayDays: z.number().int().nullable(),
  isolation: z.array(isolationPrecaution),
  /** The bed held: reserved (pre-admitted), occupied or held on leave; null otherwise. */
  bedId: uuid.nullable(),
  wardId: uuid.nullable(),
  expectedAt: instant.nullable(),
  admittedAt: instant.nullable(),
  dischargeExpectedAt: instant.nullable(),
  dischargedAt: instant.nullable(),
  disposition: dischargeDisposition.nullable(),
  dischargeDestination: z.string().nullable(),
  dischargeSummary: z.string().nullable(),
  leaveExpectedReturnAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
export type Stay = z.infer<typeof stay>;

export const stayDetail = stay.extend({ movements: z.array(stayMovement) });
export type StayDetail = z.infer<typeof stayDetail>;

export const stayQuery = z.strictObject({
  patientId: uuid.optional(),
  facilityId: uuid.optional(),
  wardId: uuid.optional(),
  status: z
    .union([stayStatus, z.array(stayStatus)])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export const stayPage = page(stay);

// ---- Bed board ----

/**
 * The occupant as the board shows it. `restricted` without a break-the-glass grant: no
 * name, age, sex or MRN (all null), only that the bed is taken.
 */
export const boardOccupant = z.object({
  stayId: uuid,
  patientId: uuid.nullable(),
  restricted: z.boolean(),
  mrn: z.string().nullable(),
  displayName: z.string().nullable(),
  ageYears: z.number().int().nullable(),
  sexAtBirth: sexAtBirth.nullable(),
  attendingName: z.string().nullable(),
  admittedAt: instant.nullable(),
  /** Whole days since admission in the facility's time zone (day of admission = 1). */
  dayOfStay: z.number().int().nullable(),
  levelOfCare,
  isolation: z.array(isolationPrecaution),
  status: stayStatus,
  dischargeExpectedAt: instant.nullable(),
  leaveExpectedReturnAt: instant.nullable(),
  /** Pre-admissions: when the patient is expected. */
  expectedAt: instant.nullable(),
  /**
   * The latest scored NEWS2 of the occupant (vitals), shown even for a restricted record:
   * an alert on a bed is a safety signal and names nobody.
   */
  news2: z
    .object({
      total: z.number().int().nullable(),
      band: z.enum(news2Bands).nullable(),
      isAlert: z.boolean(),
      at: instant,
    })
    .nullable(),
});
export type BoardOccupant = z.infer<typeof boardOccupant>;

export const boardBed = bed.extend({
  roomCode: z.string(),
  roomSexRestriction: roomSexRestriction.nullable(),
  occupant: boardOccupant.nullable(),
});
export type BoardBed = z.infer<typeof boardBed>;

export const boardWard = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  kind: wardKind,
  beds: z.array(boardBed),
});
export type BoardWard = z.infer<typeof boardWard>;

export const boardQuery = z.strictObject({
  facilityId: uuid,
  wardId: z
    .union([uuid, z.array(uuid)])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  state: z
    .union([bedState, z.array(bedState)])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  attribute: z
    .union([
      z.enum(['isolation_capable', 'telemetry', 'bariatric']),
      z.array(z.enum(['isolation_capable', 'telemetry', 'bariatric'])),
    ])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
});
export type BoardQuery = z.input<typeof boardQuery>;

export const bedBoard = z.object({
  facilityId: uuid,
  generatedAt: instant,
  wards: z.array(boardWard),
});
export type BedBoard = z.infer<typeof bedBoard>;

/**
 * One Server-Sent Event on GET /api/v1/bed-board/events?facilityId=: `event: beds`, data
 * this JSON. Ids only: a client refetches the wards named. Sent after the change commits,
 * from any server instance (LISTEN/NOTIFY).
 */
export const bedBoardEvent = z.object({
  facilityId: uuid,
  wardIds: z.array(uuid),
  bedIds: z.array(uuid),
  at: instant,
});
export type BedBoardEvent = z.infer<typeof bedBoardEvent>;

export const housekeepingItem = z.object({
  bedId: uuid,
  wardId: uuid,
  wardName: z.string(),
  roomCode: z.string(),
  bedCode: z.string(),
  state: z.enum(['dirty', 'cleaning']),
  since: instant,
  waitingMinutes: z.number().int(),
  isolationCapable: z.boolean(),
  /** The precautions of the patient who left: terminal cleaning needed. */
  lastIsolation: z.array(isolationPrecaution),
  /** The bed's version, for the If-Match of POST /beds/:id/state. */
  version: z.number().int(),
});
export type HousekeepingItem = z.infer<typeof housekeepingItem>;
export const housekeepingList = z.object({ items: z.array(housekeepingItem) });

// ---- Census and figures ----

export const censusCounts = z.object({
  beds: z.number().int(),
  available: z.number().int(),
  reserved: z.number().int(),
  occupied: z.number().int(),
  dirty: z.number().int(),
  cleaning: z.number().int(),
  blocked: z.number().int(),
  /** Occupied / (beds - blocked), 0-100 with one decimal; null with no usable beds. */
  occupancyPercent: z.number().nullable(),
  onLeave: z.number().int(),
  pendingDischarges: z.number().int(),
});
export type CensusCounts = z.infer<typeof censusCounts>;

export const currentCensus = z.object({
  facilityId: uuid,
  at: instant,
  facility: censusCounts,
  wards: z.array(censusCounts.extend({ wardId: uuid, code: z.string(), name: z.string() })),
});
export type CurrentCensus = z.infer<typeof currentCensus>;

export const censusFiguresQuery = z.strictObject({
  facilityId: uuid,
  wardId: uuid.optional(),
  /** Local dates in the facility's time zone, inclusive; at most 366 days. */
  from: isoDate,
  to: isoDate,
});

export const censusDay = z.object({
  date: isoDate,
  admissions: z.number().int(),
  discharges: z.number().int(),
  transfersIn: z.number().int(),
  transfersOut: z.number().int(),
  /** Patients in a bed at local midnight starting this day (the snapshot, when taken). */
  midnightCensus: z.number().int().nullable(),
});

export const censusFigures = z.object({
  facilityId: uuid,
  wardId: uuid.nullable(),
  from: isoDate,
  to: isoDate,
  days: z.array(censusDay),
  /** Sum of the midnight census over the range. */
  patientDays: z.number().int(),
  /** Of stays discharged in the range, in days (one decimal); null when none. */
  averageLengthOfStayDays: z.number().nullable(),
  /** Median minutes from dirty to available for beds turned over in the range. */
  medianBedTurnaroundMinutes: z.number().nullable(),
  p90BedTurnaroundMinutes: z.number().nullable(),
  averageOccupancyPercent: z.number().nullable(),
});
export type CensusFigures = z.infer<typeof censusFigures>;
