import {
  boolean,
  customType,
  date,
  integer,
  pgTable,
  primaryKey,
  text,
  uuid,
  bigint,
} from 'drizzle-orm/pg-core';
import { timestamptz } from '../../platform/db-columns.js';
import type {
  AdmissionSource,
  BedAction,
  BedState,
  DischargeDisposition,
  IsolationPrecaution,
  LevelOfCare,
  MovementKind,
  RoomSexRestriction,
  StayStatus,
  WardKind,
} from '@meridian/contracts';

/** A stretch in a bed: [from, to), `to` null while the patient is still there. */
export interface Stretch {
  from: Date;
  to: Date | null;
}

/** A `tstzrange` with a lower bound and an upper bound or none (migration 0300's checks). */
export const stretchColumn = customType<{ data: Stretch; driverData: string }>({
  dataType: () => 'tstzrange',
  toDriver: (s) => `[${s.from.toISOString()},${s.to ? s.to.toISOString() : ''})`,
  fromDriver: (text) => {
    const m = /^\[("?)([^",]+)\1,(?:("?)([^",]+)\3)?\)$/.exec(text);
    if (!m?.[2]) throw new Error('expected a tstzrange with a lower bound');
    return { from: new Date(m[2]), to: m[4] ? new Date(m[4]) : null };
  },
});

// ---- Places ----

export const ward = pgTable('ward', {
  id: uuid('id').primaryKey(),
  facilityId: uuid('facility_id').notNull(),
  departmentId: uuid('department_id'),
  code: text('code').notNull(),
  name: text('name').notNull(),
  kind: text('kind').$type<WardKind>().notNull(),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type WardRow = typeof ward.$inferSelect;

export const wardRoom = pgTable('ward_room', {
  id: uuid('id').primaryKey(),
  wardId: uuid('ward_id').notNull(),
  code: text('code').notNull(),
  name: text('name'),
  sexRestriction: text('sex_restriction').$type<RoomSexRestriction>(),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type WardRoomRow = typeof wardRoom.$inferSelect;

export const bed = pgTable('bed', {
  id: uuid('id').primaryKey(),
  roomId: uuid('room_id').notNull(),
  wardId: uuid('ward_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  code: text('code').notNull(),
  isolationCapable: boolean('isolation_capable').notNull(),
  telemetry: boolean('telemetry').notNull(),
  bariatric: boolean('bariatric').notNull(),
  isActive: boolean('is_active').notNull(),
  state: text('state').$type<BedState>().notNull(),
  stateSince: timestamptz('state_since').notNull(),
  stayId: uuid('stay_id'),
  blockedReason: text('blocked_reason'),
  blockedUntil: timestamptz('blocked_until'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type BedRow = typeof bed.$inferSelect;

// ---- Stays ----

export const inpatientStay = pgTable('inpatient_stay', {
  id: uuid('id').primaryKey(),
  stayNumber: bigint('stay_number', { mode: 'number' }).notNull(),
  patientId: uuid('patient_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  status: text('status').$type<StayStatus>().notNull(),
  source: text('source').$type<AdmissionSource>().notNull(),
  sourceDetail: text('source_detail'),
  admittingPractitionerId: uuid('admitting_practitioner_id').notNull(),
  attendingPractitionerId: uuid('attending_practitioner_id').notNull(),
  reason: text('reason').notNull(),
  admittingDiagnosis: text('admitting_diagnosis'),
  levelOfCare: text('level_of_care').$type<LevelOfCare>().notNull(),
  expectedLosDays: integer('expected_los_days'),
  isolation: text('isolation').array().$type<IsolationPrecaution[]>().notNull(),
  expectedAt: timestamptz('expected_at'),
  admittedAt: timestamptz('admitted_at'),
  dischargeExpectedAt: timestamptz('discharge_expected_at'),
  dischargeOrderedAt: timestamptz('discharge_ordered_at'),
  dischargeOrderedBy: uuid('discharge_ordered_by'),
  dischargedAt: timestamptz('discharged_at'),
  dischargedBy: uuid('discharged_by'),
  disposition: text('disposition').$type<DischargeDisposition>(),
  dischargeDestination: text('discharge_destination'),
  dischargeSummary: text('discharge_summary'),
  leaveStartedAt: timestamptz('leave_started_at'),
  leaveExpectedReturnAt: timestamptz('leave_expected_return_at'),
  cancelledAt: timestamptz('cancelled_at'),
  cancelledBy: uuid('cancelled_by'),
  cancelReason: text('cancel_reason'),
  createdBy: uuid('created_by'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type StayRow = typeof inpatientStay.$inferSelect;

/** "IP-000123": the stay number as staff see it. */
export function formatStayNumber(n: number): string {
  return `IP-${String(n).padStart(6, '0')}`;
}

export const bedOccupancy = pgTable('bed_occupancy', {
  id: uuid('id').primaryKey(),
  stayId: uuid('stay_id').notNull(),
  bedId: uuid('bed_id').notNull(),
  wardId: uuid('ward_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  period: stretchColumn('period').notNull(),
  isVoid: boolean('is_void').notNull(),
});
export type BedOccupancyRow = typeof bedOccupancy.$inferSelect;

export const stayMovement = pgTable('stay_movement', {
  id: uuid('id').primaryKey(),
  stayId: uuid('stay_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  kind: text('kind').$type<MovementKind>().notNull(),
  occurredAt: timestamptz('occurred_at').notNull(),
  recordedAt: timestamptz('recorded_at').notNull().defaultNow(),
  fromBedId: uuid('from_bed_id'),
  toBedId: uuid('to_bed_id'),
  fromWardId: uuid('from_ward_id'),
  toWardId: uuid('to_ward_id'),
  fromLevelOfCare: text('from_level_of_care').$type<LevelOfCare>(),
  toLevelOfCare: text('to_level_of_care').$type<LevelOfCare>(),
  reason: text('reason'),
  actorUserId: uuid('actor_user_id'),
});
export type StayMovementRow = typeof stayMovement.$inferSelect;

export const bedStateChange = pgTable('bed_state_change', {
  id: uuid('id').primaryKey(),
  bedId: uuid('bed_id').notNull(),
  wardId: uuid('ward_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  action: text('action').$type<BedAction>().notNull(),
  fromState: text('from_state').$type<BedState>().notNull(),
  toState: text('to_state').$type<BedState>().notNull(),
  occurredAt: timestamptz('occurred_at').notNull(),
  stayId: uuid('stay_id'),
  reason: text('reason'),
  actorUserId: uuid('actor_user_id'),
});

export const censusSnapshot = pgTable(
  'census_snapshot',
  {
    wardId: uuid('ward_id').notNull(),
    censusDate: date('census_date', { mode: 'string' }).notNull(),
    facilityId: uuid('facility_id').notNull(),
    midnightAt: timestamptz('midnight_at').notNull(),
    takenAt: timestamptz('taken_at').notNull(),
    beds: integer('beds').notNull(),
    blocked: integer('blocked').notNull(),
    occupied: integer('occupied').notNull(),
    onLeave: integer('on_leave').notNull(),
  },
  (t) => [primaryKey({ columns: [t.wardId, t.censusDate] })],
);
