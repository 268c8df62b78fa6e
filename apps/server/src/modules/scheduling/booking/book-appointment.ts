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
import { toAppointments } from './appointment-view.js';
import * as repo from './appointment.repository.js';
import {
  endOf,
  explainConflict,
  openPatientForBooking,
  openSubjects,
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
  const row = await repo.insertAppointment(tx, {
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
    bookedBy: o.actorUserId,
    bookedAt: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await repo.reserveResources(tx, row.id, p.resourceIds, p.visit);
  await repo.insertEvent(tx, {
    id: newId(),
    appointmentId: row.id,
    kind: 'booked',
    toStatus: 'booked',
    toStartsAt: row.startsAt,
    channel: 'staff',
    actorUserId: o.actorUserId,
    note: p.isOverbooked ? 'overbooked' : null,
    occurredAt: now,
  });
  return row;
}

/**
 * POST /api/v1/appointments: one transaction from the idempotency key to the audit row.
 * Overlaps are refused by the exclusion constraints alone; the refusal names the
 * appointment in the way.
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
      await openPatientForBooking(platform, tx, principal, input.patientId);
      if (input.overbook) await requireOverbook(platform, tx, principal, input.patientId);
      const subjects = await openSubjects(tx, input.practitionerId, input.appointmentTypeId);
      const startsAt = new Date(input.startsAt);
      const placement = await placeVisit(platform, tx, subjects, {
        startsAt,
        endsAt: endOf(startsAt, input.endsAt ? new Date(input.endsAt) : undefined, subjects.type),
        ...(input.facilityId ? { facilityId: input.facilityId } : {}),
        fallbackFacilityId: subjects.practitioner.facilityId,
        resourceIds: input.resourceIds,
        overbookReason: input.overbook?.reason ?? null,
      });
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
      const [answer] = await toAppointments(platform, tx, principal, 'appointment.book', [row]);
      if (!answer) throw new Error('the booked appointment has no view');
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
