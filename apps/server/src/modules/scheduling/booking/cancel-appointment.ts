import type { AppointmentStatus } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow, Channel } from '../scheduling.tables.js';
import { offerFreedSlot } from '../waitlist/offer-freed-slot.js';
import * as repo from './appointment.repository.js';

export interface CancelCommand {
  appointmentId: string;
  reason: string;
  channel: Channel;
  /** Null for the patient (by link) and for jobs. */
  actorUserId: string | null;
  /** If-Match from staff; links and jobs pass none. */
  expectedVersion?: number;
}

/** Once the patient is in the room the visit happens; completed and ended ones are history. */
export const cancellableStatuses: readonly AppointmentStatus[] = [
  'held',
  'booked',
  'confirmed',
  'arrived',
];

/**
 * Cancels inside the caller's transaction: refuses a status the visit flow cannot cancel
 * (scheduling.invalid_transition), frees the resources, records the event and the audit
 * row, and offers the freed slot to the waitlist (waitlist/offer-freed-slot.ts). Record-level
 * access is the caller's to check (staff routes do; links and jobs act for the patient).
 */
export async function cancelAppointmentInTx(
  tx: DbOrTx,
  platform: Platform,
  cmd: CancelCommand,
): Promise<AppointmentRow> {
  const before = await repo.findAppointment(tx, cmd.appointmentId, { lock: true });
  if (!before) throw notFound('appointment', cmd.appointmentId);
  if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== before.version) {
    throw versionMismatch('appointment', before.id, before.version);
  }
  if (!cancellableStatuses.includes(before.status)) {
    throw new AppError(
      'scheduling.invalid_transition',
      `appointment ${before.id} is ${before.status} and cannot be cancelled`,
      { from: before.status, to: 'cancelled' },
    );
  }
  const now = platform.clock.now();
  const after = await repo.updateAppointment(tx, before.id, {
    status: 'cancelled',
    cancelledAt: now,
    cancelledBy: cmd.actorUserId,
    cancelledVia: cmd.channel,
    cancelReason: cmd.reason,
    updatedAt: now,
  });
  await repo.releaseResources(tx, before.id);
  await repo.insertEvent(tx, {
    id: newId(),
    appointmentId: before.id,
    kind: 'status',
    fromStatus: before.status,
    toStatus: 'cancelled',
    channel: cmd.channel,
    actorUserId: cmd.actorUserId,
    note: cmd.reason,
    occurredAt: now,
  });
  if (before.status === 'arrived') {
    // Checked in, then left unseen: the visit's encounter (opened at check-in) is cancelled.
    await platform.careEpisodes.announce(
      tx,
      { kind: 'visit_cancelled', appointmentId: before.id, at: now },
      { actorUserId: cmd.actorUserId },
    );
  }
  await offerFreedSlot(tx, platform, before);
  await platform.audit.record(tx, {
    action: 'appointment.cancelled',
    actorUserId: cmd.actorUserId,
    patientId: before.patientId,
    entityType: 'appointment',
    entityId: before.id,
    facilityId: before.facilityId,
    details: { appointmentId: before.id, from: before.status, channel: cmd.channel },
  });
  return after;
}
