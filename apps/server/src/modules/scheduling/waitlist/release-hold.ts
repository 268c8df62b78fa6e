import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow } from '../scheduling.tables.js';
import { offerFreedSlot } from './offer-freed-slot.js';
import {
  closeOpenOffers,
  findEntry,
  insertAppointmentEvent,
  returnEntriesToWaiting,
  updateAppointment,
} from './waitlist.repository.js';

export const holdExpiredReason = 'Waitlist hold expired';
export const holdDeclinedReason = 'Waitlist offers declined';

/**
 * Gives a held slot up (it lapsed, or everyone offered it said no) in the caller's
 * transaction, with the hold row locked: the hold is cancelled by the system, its open
 * offers expire and their entries wait again, and the slot is offered to the next matching
 * entries (those not offered it yet) if it is still far enough ahead.
 */
export async function releaseHold(
  tx: DbOrTx,
  platform: Platform,
  held: AppointmentRow,
  reason: string,
): Promise<void> {
  const now = platform.clock.now();
  await updateAppointment(
    tx,
    held.id,
    { status: 'cancelled', cancelledAt: now, cancelledVia: 'system', cancelReason: reason },
    now,
  );
  await insertAppointmentEvent(tx, {
    id: newId(),
    appointmentId: held.id,
    kind: 'status',
    fromStatus: 'held',
    toStatus: 'cancelled',
    channel: 'system',
    actorUserId: null,
    note: reason,
    occurredAt: now,
  });
  const expired = await closeOpenOffers(tx, held.id, 'expired', now);
  await returnEntriesToWaiting(
    tx,
    expired.map((o) => o.entryId),
    now,
  );
  await offerFreedSlot(tx, platform, held);
  for (const offer of expired) {
    const entry = await findEntry(tx, offer.entryId);
    await platform.audit.record(tx, {
      action: 'waitlist.offer_expired',
      patientId: entry?.patientId ?? null,
      entityType: 'waitlist_offer',
      entityId: offer.id,
      facilityId: held.facilityId,
      details: { entryId: offer.entryId, heldAppointmentId: held.id },
    });
  }
}
