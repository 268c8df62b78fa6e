import type { z } from 'zod';
import type {
  Appointment,
  AppointmentStatus,
  rescheduleAppointmentInput,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { offerFreedSlot } from '../waitlist/offer-freed-slot.js';
import { toAppointments } from './appointment-view.js';
import * as repo from './appointment.repository.js';
import {
  explainConflict,
  openPatientForBooking,
  openSubjects,
  placeVisit,
  requireOverbook,
  type Placement,
} from './placement.js';

export type RescheduleInput = z.output<typeof rescheduleAppointmentInput>;

interface Attempt {
  practitionerId: string;
  patientId: string | null;
  placement: Placement;
}

/** Only appointments still ahead of the visit move; a held slot belongs to the waitlist. */
const movableStatuses: readonly AppointmentStatus[] = ['booked', 'confirmed'];

/**
 * POST /api/v1/appointments/:id/reschedule: the booking rules for the new time (and
 * practitioner and resources, if changed), in place, so the constraints compare the new
 * period with everyone else's and the appointment keeps its id and history. A moved
 * appointment goes back to `booked`: the patient confirmed the old time, not the new one.
 * The length is kept unless endsAt is given.
 */
export async function rescheduleAppointment(
  platform: Platform,
  principal: Principal | null,
  id: string,
  expectedVersion: number,
  input: RescheduleInput,
): Promise<Appointment> {
  const { db, audit, clock } = platform;
  let attempt: Attempt | null = null;
  try {
    return await db.transaction(async (tx) => {
      const before = await repo.findAppointment(tx, id, { lock: true });
      if (!before) throw notFound('appointment', id);
      if (before.patientId) {
        await openPatientForBooking(platform, tx, principal, before.patientId);
      }
      if (before.version !== expectedVersion) {
        throw versionMismatch('appointment', id, before.version);
      }
      if (!movableStatuses.includes(before.status)) {
        throw new AppError(
          'scheduling.invalid_transition',
          `appointment ${id} is ${before.status} and cannot be moved`,
          { from: before.status },
        );
      }
      if (input.overbook) await requireOverbook(platform, tx, principal, before.patientId);
      const practitionerId = input.practitionerId ?? before.practitionerId;
      const subjects = await openSubjects(tx, practitionerId, before.appointmentTypeId);
      const startsAt = new Date(input.startsAt);
      const lengthMs = before.endsAt.getTime() - before.startsAt.getTime();
      const samePractitioner = practitionerId === before.practitionerId;
      const placement = await placeVisit(platform, tx, subjects, {
        startsAt,
        endsAt: input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + lengthMs),
        fallbackFacilityId: samePractitioner ? before.facilityId : subjects.practitioner.facilityId,
        resourceIds: input.resourceIds ?? (await repo.activeResourceIds(tx, id)),
        overbookReason: input.overbook?.reason ?? null,
        excludeAppointmentId: id,
      });
      attempt = { practitionerId, patientId: before.patientId, placement };
      const now = clock.now();
      const after = await repo.updateAppointment(tx, id, {
        practitionerId,
        facilityId: placement.facilityId,
        departmentId: placement.departmentId,
        startsAt: placement.startsAt,
        endsAt: placement.endsAt,
        blockedPeriod: placement.blockedPeriod,
        status: 'booked',
        confirmedAt: null,
        confirmedVia: null,
        isOverbooked: placement.isOverbooked,
        overbookReason: placement.overbookReason,
        updatedAt: now,
      });
      await repo.releaseResources(tx, id, placement.resourceIds);
      await repo.reserveResources(tx, id, placement.resourceIds, placement.visit);
      await repo.insertEvent(tx, {
        id: newId(),
        appointmentId: id,
        kind: 'rescheduled',
        fromStatus: before.status,
        toStatus: 'booked',
        fromStartsAt: before.startsAt,
        toStartsAt: after.startsAt,
        channel: 'staff',
        actorUserId: principal?.userId ?? null,
        note: placement.isOverbooked ? 'overbooked' : null,
        occurredAt: now,
      });
      // A move that still covers part of the old time frees no whole slot to offer.
      const stillThere =
        samePractitioner &&
        placement.blockedPeriod.from < before.blockedPeriod.to &&
        before.blockedPeriod.from < placement.blockedPeriod.to;
      if (!stillThere) await offerFreedSlot(tx, platform, before);
      const [answer] = await toAppointments(platform, tx, principal, 'appointment.book', [after]);
      if (!answer) throw new Error('the moved appointment has no view');
      await audit.record(tx, {
        action: 'appointment.rescheduled',
        patientId: after.patientId,
        entityType: 'appointment',
        entityId: id,
        facilityId: after.facilityId,
        details: {
          appointmentId: id,
          fromPractitionerId: before.practitionerId,
          toPractitionerId: practitionerId,
          overbooked: after.isOverbooked,
        },
      });
      return answer;
    });
  } catch (err) {
    const tried = attempt as Attempt | null;
    if (!tried) throw err;
    throw await explainConflict(db, err, { ...tried, excludeAppointmentId: id });
  }
}
