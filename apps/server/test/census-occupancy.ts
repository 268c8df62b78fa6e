// Test fixtures: stays in beds written straight to the database (inpatient_stay,
// bed_occupancy, stay_movement) with the bed moved by changeBedState, until the stays
// use cases have a factory. Only tests import this file.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { createPatient } from './patient-factories.js';
import { createPractitioner } from './scheduling-factories.js';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import {
  bedOccupancy,
  inpatientStay,
  stayMovement,
  type BedRow,
} from '../src/modules/admissions/admissions.tables.js';
import { changeBedState } from '../src/modules/admissions/beds/bed-state.js';

export interface PlacedStay {
  stayId: string;
  patientId: string;
  bed: BedRow;
}

const practitioners = new WeakMap<Platform, Promise<string>>();

/** A patient admitted into `bed` at `at` (default now): stay, bed occupied, movement, stretch. */
export async function admitIntoBed(
  platform: Platform,
  bed: BedRow,
  o: { at?: Date; reserveOnly?: boolean } = {},
): Promise<PlacedStay> {
  if (!practitioners.has(platform)) {
    practitioners.set(
      platform,
      createPractitioner(platform, { facilityId: bed.facilityId }).then((p) => p.id),
    );
  }
  const practitionerId = await practitioners.get(platform)!;
  const patient = await createPatient(platform);
  const at = o.at ?? platform.clock.now();
  const stayId = newId();
  await platform.db.transaction(async (tx) => {
    await tx.insert(inpatientStay).values({
      id: stayId,
      stayNumber: sql`nextval('inpatient_stay_number_seq')`,
      patientId: patient.id,
      facilityId: bed.facilityId,
      status: o.reserveOnly ? 'pre_admitted' : 'admitted',
      source: 'direct',
      admittingPractitionerId: practitionerId,
      attendingPractitionerId: practitionerId,
      reason: 'test admission',
      levelOfCare: 'acute',
      isolation: [],
      expectedAt: o.reserveOnly ? at : null,
      admittedAt: o.reserveOnly ? null : at,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    await changeBedState(tx, {
      bedId: bed.id,
      action: o.reserveOnly ? 'reserve' : 'occupy',
      at,
      actorUserId: null,
      stayId,
    });
    await tx.insert(stayMovement).values({
      id: newId(),
      stayId,
      facilityId: bed.facilityId,
      kind: o.reserveOnly ? 'pre_admitted' : 'admitted',
      occurredAt: at,
      toBedId: bed.id,
      toWardId: bed.wardId,
      toLevelOfCare: 'acute',
    });
    if (!o.reserveOnly) {
      await tx.insert(bedOccupancy).values({
        id: newId(),
        stayId,
        bedId: bed.id,
        wardId: bed.wardId,
        facilityId: bed.facilityId,
        period: { from: at, to: null },
        isVoid: false,
      });
    }
  });
  return { stayId, patientId: patient.id, bed };
}

async function closeStretch(platform: Platform, stayId: string, at: Date): Promise<void> {
  await platform.db
    .update(bedOccupancy)
    .set({
      period: sql`tstzrange(lower(${bedOccupancy.period}), ${at.toISOString()}::timestamptz, '[)')`,
    })
    .where(and(eq(bedOccupancy.stayId, stayId), sql`upper_inf(${bedOccupancy.period})`));
}

/** Moves the stay to another bed at `at`: old stretch closed, old bed dirty, new one occupied. */
export async function transferTo(platform: Platform, s: PlacedStay, to: BedRow, at: Date) {
  await closeStretch(platform, s.stayId, at);
  await platform.db.transaction(async (tx) => {
    await changeBedState(tx, {
      bedId: s.bed.id,
      action: 'vacate',
      at,
      actorUserId: null,
      stayId: s.stayId,
    });
    await changeBedState(tx, {
      bedId: to.id,
      action: 'occupy',
      at,
      actorUserId: null,
      stayId: s.stayId,
    });
    await tx.insert(stayMovement).values({
      id: newId(),
      stayId: s.stayId,
      facilityId: to.facilityId,
      kind: 'transferred',
      occurredAt: at,
      fromBedId: s.bed.id,
      toBedId: to.id,
      fromWardId: s.bed.wardId,
      toWardId: to.wardId,
    });
    await tx.insert(bedOccupancy).values({
      id: newId(),
      stayId: s.stayId,
      bedId: to.id,
      wardId: to.wardId,
      facilityId: to.facilityId,
      period: { from: at, to: null },
      isVoid: false,
    });
  });
  return { ...s, bed: to };
}

/** Discharges the stay at `at`: stretch closed, bed dirty, movement written. */
export async function dischargeAt(platform: Platform, s: PlacedStay, at: Date): Promise<void> {
  await closeStretch(platform, s.stayId, at);
  await platform.db.transaction(async (tx) => {
    await changeBedState(tx, {
      bedId: s.bed.id,
      action: 'vacate',
      at,
      actorUserId: null,
      stayId: s.stayId,
    });
    await tx
      .update(inpatientStay)
      .set({ status: 'discharged', dischargedAt: at, disposition: 'home' })
      .where(eq(inpatientStay.id, s.stayId));
    await tx.insert(stayMovement).values({
      id: newId(),
      stayId: s.stayId,
      facilityId: s.bed.facilityId,
      kind: 'discharged',
      occurredAt: at,
      fromBedId: s.bed.id,
      fromWardId: s.bed.wardId,
    });
  });
}

/** Leave of absence from `from` until `until` (or still away). */
export async function leave(platform: Platform, s: PlacedStay, from: Date, until?: Date) {
  const rows: { kind: 'leave_started' | 'leave_ended'; occurredAt: Date }[] = [
    { kind: 'leave_started', occurredAt: from },
  ];
  if (until) rows.push({ kind: 'leave_ended' as const, occurredAt: until });
  await platform.db
    .insert(stayMovement)
    .values(
      rows.map((r) => ({ id: newId(), stayId: s.stayId, facilityId: s.bed.facilityId, ...r })),
    );
  if (!until) {
    await platform.db
      .update(inpatientStay)
      .set({ status: 'on_leave', leaveStartedAt: from })
      .where(and(eq(inpatientStay.id, s.stayId), isNull(inpatientStay.dischargedAt)));
  }
}

/** dirty -> cleaning -> available, at the two times given. */
export async function clean(platform: Platform, bedId: string, startAt: Date, doneAt: Date) {
  await changeBedState(platform.db, {
    bedId,
    action: 'start_cleaning',
    at: startAt,
    actorUserId: null,
  });
  await changeBedState(platform.db, {
    bedId,
    action: 'finish_cleaning',
    at: doneAt,
    actorUserId: null,
  });
}
