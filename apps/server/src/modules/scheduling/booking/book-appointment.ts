import type { z } from 'zod';
import type { Appointment, bookAppointmentInput } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import {
  startIdempotent,
  type IdempotencyClaim,
  type StoredAnswer,
} from '../../../platform/http/idempotency.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow } from '../scheduling.tables.js';
import { appointmentView } from './appointment-view.js';
import * as repo from './appointment.repository.js';
import { insertBookedAppointment, loadBookingFacts } from './booking-facts.repository.js';
import {
  admitPatient,
  checkSubjects,
  endOf,
  explainConflict,
  placeVisit,
  requireOverbook,
  type BookingSubjects,
  type Placement,
} from './placement.js';

export type BookInput = z.output<typeof bookAppointmentInput>;

/** An answer of an idempotent create: fresh, or the first one's replayed. */
export interface CreateAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** Inserts a booked appointment with its resources and its `booked` event (no audit). */
export async function insertBooked(
  platform: Platform,
  tx: DbOrTx,
  o: {
    patientId: string;
    subjects: BookingSubjects;
    placement: Placement;
    reason: string | null;
    note: string | null;
    seriesId: string | null;
    actorUserId: string | null;
  },
): Promise<AppointmentRow> {
  const now = platform.clock.now();
  const p = o.placement;
  // Every column is known here: the row is not read back.
  const row: AppointmentRow = {
    id: newId(),
    patientId: o.patientId,
    practitionerId: o.subjects.practitioner.id,
    facilityId: p.facilityId,
    departmentId: p.departmentId,
    appointmentTypeId: o.subjects.type.id,
    seriesId: o.seriesId,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    blockedPeriod: p.blockedPeriod,
    status: 'booked',
    modality: o.subjects.type.modality,
    reason: o.reason,
    note: o.note,
    isOverbooked: p.isOverbooked,
    overbookReason: p.overbookReason,
    holdExpiresAt: null,
    bookedBy: o.actorUserId,
    bookedAt: now,
    confirmedAt: null,
    confirmedVia: null,
    arrivedAt: null,
    inRoomAt: null,
    completedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelledVia: null,
    cancelReason: null,
    noShowAt: null,
    noShowVia: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await insertBookedAppointment(tx, {
    ...row,
    patientId: o.patientId,
    eventId: newId(),
    eventNote: p.isOverbooked ? 'overbooked' : null,
  });
  await repo.reserveResources(tx, row.id, p.resourceIds, p.visit);
  return row;
}

/**
 * POST /api/v1/appointments: one transaction from the idempotency key to the audit row.
 * What the checks need is read in one query (booking-facts.repository.ts), and the answer
 * is built from it. Overlaps are refused by the exclusion constraints alone; the refusal
 * names the appointment in the way.
 */
export async function bookAppointment(
  platform: Platform,
  principal: Principal | null,
  input: BookInput,
  claim: IdempotencyClaim | null,
): Promise<CreateAnswer<Appointment>> {
  const { db, audit, clock } = platform;
  let attempt: { practitionerId: string; placement: Placement } | null = null;
  try {
    return await db.transaction(async (tx) => {
      const started = await startIdempotent(tx, clock, claim);
      if (started.replay) {
        return replayed<Appointment>(platform, tx, started.replay, (a) => ({
          patientId: a.patientId,
          entityType: 'appointment',
          entityId: a.id,
        }));
      }
      const startsAt = new Date(input.startsAt);
      const endsAt = input.endsAt ? new Date(input.endsAt) : null;
      const facts = await loadBookingFacts(tx, {
        patientId: input.patientId,
        practitionerId: input.practitionerId,
        appointmentTypeId: input.appointmentTypeId,
        startsAt,
        endsAt,
        facilityId: input.facilityId ?? null,
      });
      await admitPatient(platform, tx, principal, input.patientId, facts.patient?.standing ?? null);
      if (input.overbook) await requireOverbook(platform, tx, principal, input.patientId);
      const subjects = checkSubjects(
        { practitionerId: input.practitionerId, typeId: input.appointmentTypeId },
        { ...facts, allowed: facts.allowedPractitionerIds },
      );
      const placement = await placeVisit(
        platform,
        tx,
        subjects,
        {
          startsAt,
          endsAt: endOf(startsAt, endsAt ?? undefined, subjects.type),
          ...(input.facilityId ? { facilityId: input.facilityId } : {}),
          fallbackFacilityId: subjects.practitioner.facilityId,
          resourceIds: input.resourceIds,
          overbookReason: input.overbook?.reason ?? null,
        },
        { ...facts, maxAppointmentsPerDay: subjects.practitioner.maxAppointmentsPerDay },
      );
      attempt = { practitionerId: subjects.practitioner.id, placement };
      const row = await insertBooked(platform, tx, {
        patientId: input.patientId,
        subjects,
        placement,
        reason: input.reason ?? null,
        note: input.note ?? null,
        seriesId: null,
        actorUserId: principal?.userId ?? null,
      });
      // admitPatient's requireAccess let this reader open the record: its summary is shown.
      const answer = appointmentView(row, {
        patient: facts.patient?.summary(true) ?? null,
        practitionerName: subjects.practitioner.name,
        typeName: subjects.type.name,
        color: subjects.type.color,
        resourceIds: [...placement.resourceIds].sort(),
      });
      await started.complete(201, answer);
      await audit.record(tx, {
        action: 'appointment.booked',
        patientId: row.patientId,
        entityType: 'appointment',
        entityId: row.id,
        facilityId: row.facilityId,
        details: {
          appointmentId: row.id,
          practitionerId: row.practitionerId,
          overbooked: row.isOverbooked,
        },
      });
      return { statusCode: 201, body: answer, replayed: false };
    });
  } catch (err) {
    const tried = attempt as { practitionerId: string; placement: Placement } | null;
    if (!tried) throw err;
    throw await explainConflict(db, err, {
      practitionerId: tried.practitionerId,
      patientId: input.patientId,
      placement: tried.placement,
    });
  }
}

/** A retry's answer: the first one's, audited as shown again. */
export async function replayed<T>(
  platform: Platform,
  tx: DbOrTx,
  stored: StoredAnswer,
  shown: (body: T) => { patientId: string | null; entityType: string; entityId: string | null },
): Promise<CreateAnswer<T>> {
  const body = stored.body as T;
  await platform.audit.record(tx, { action: 'appointment.create_replayed', ...shown(body) });
  return { statusCode: stored.statusCode, body, replayed: true };
}
