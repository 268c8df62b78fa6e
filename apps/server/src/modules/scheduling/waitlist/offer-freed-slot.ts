import { AppError } from '../../../platform/errors.js';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding, type PatientStanding } from '../../patients/index.js';
import { assertBookable } from '../availability/bookable.js';
import { chooseReminderChannel } from '../reminders/reminder-policy.js';
import type { AppointmentRow } from '../scheduling.tables.js';
import {
  findMatchingEntries,
  findSlotContext,
  insertAppointmentEvent,
  insertHold,
  insertOffers,
  updateEntry,
  type WaitlistEntryRow,
} from './waitlist.repository.js';
import {
  holdMinutes,
  localDateOf,
  minimumLeadMinutes,
  offerMessage,
  offersPerSlot,
} from './waitlist-rules.js';

// Entries looked at per freed slot: a few more than offered, for those whose patient has
// since died or been merged away.
const candidateLimit = offersPerSlot * 4;

/** The accept link a patient receives: the public page that reads the signed token. */
export function offerLink(platform: Platform, token: string): string {
  const base = platform.config.PUBLIC_URL ?? `http://localhost:${platform.config.PORT}`;
  return `${base.replace(/\/+$/, '')}/r/${token}`;
}

/**
 * Called in the transaction that freed a slot (a cancellation, or a reschedule away from
 * it) with the appointment as it was: offers the slot to matching waitlist entries.
 * Runs inside the caller's transaction; must not throw for "nobody is waiting".
 *
 * When entries match, the slot is held (an appointment in status `held`, exclusive through
 * the practitioner overlap constraint) for `holdMinutes`, and the first `offersPerSlot`
 * entries each get an offer and a message with the accept link.
 */
export async function offerFreedSlot(
  tx: DbOrTx,
  platform: Platform,
  freed: AppointmentRow,
): Promise<void> {
  const now = platform.clock.now();
  // An overbooked visit never had the time to itself, so its cancellation frees nothing.
  if (freed.isOverbooked) return;
  if (freed.startsAt.getTime() - now.getTime() < minimumLeadMinutes * 60_000) return;
  const place = await findSlotContext(tx, freed);
  if (!(await stillBookable(tx, freed))) return;

  const matches = await findMatchingEntries(
    tx,
    {
      practitionerId: freed.practitionerId,
      facilityId: freed.facilityId,
      specialty: place.specialty,
      startsAt: freed.startsAt,
      blockedPeriod: freed.blockedPeriod,
      localDate: localDateOf(freed.startsAt, place.timeZone),
      freedPatientId: freed.patientId,
    },
    candidateLimit,
  );
  const chosen: { entry: WaitlistEntryRow; standing: PatientStanding }[] = [];
  for (const entry of matches) {
    if (chosen.length === offersPerSlot) break;
    const standing = await findPatientStanding(tx, entry.patientId);
    if (!standing || standing.status === 'merged' || standing.deceased) continue;
    chosen.push({ entry, standing });
  }
  if (chosen.length === 0) return;

  const expiresAt = new Date(now.getTime() + holdMinutes * 60_000);
  const hold = await insertHoldUnlessTaken(tx, freed, expiresAt, now);
  if (!hold) return;

  const audits: { offerId: string; entry: WaitlistEntryRow; channel: string | null }[] = [];
  for (const { entry, standing } of chosen) {
    const offerId = newId();
    // The same consent and preferred-contact rules as reminders; none usable = no message.
    const choice = chooseReminderChannel(standing);
    const to = 'channel' in choice ? choice : null;
    let outboxMessageId: string | null = null;
    if (to) {
      const link = offerLink(
        platform,
        platform.links.sign({ purpose: 'waitlist_offer', subjectId: offerId, expiresAt }),
      );
      const text = offerMessage(
        {
          startsAt: freed.startsAt,
          expiresAt,
          timeZone: place.timeZone,
          practitionerName: place.practitionerName,
          facilityName: place.facilityName,
          link,
        },
        to.channel,
      );
      outboxMessageId = await platform.outbox.enqueue(tx, {
        channel: to.channel,
        recipient: to.recipient,
        subject: text.subject,
        body: text.body,
      });
    }
    await insertOffers(tx, [
      {
        id: offerId,
        entryId: entry.id,
        heldAppointmentId: hold.id,
        status: 'open',
        expiresAt,
        outboxMessageId,
        createdAt: now,
      },
    ]);
    await updateEntry(tx, entry.id, { status: 'offered' }, now);
    audits.push({ offerId, entry, channel: to?.channel ?? null });
  }
  // Audit rows last: the audit chain's lock is held until commit.
  for (const a of audits) {
    await platform.audit.record(tx, {
      action: 'waitlist.offered',
      patientId: a.entry.patientId,
      entityType: 'waitlist_offer',
      entityId: a.offerId,
      facilityId: freed.facilityId,
      details: {
        entryId: a.entry.id,
        heldAppointmentId: hold.id,
        freedAppointmentId: freed.id,
        channel: a.channel,
      },
    });
  }
}

/** Leave or a holiday entered since the booking: the slot is not offered. */
async function stillBookable(tx: DbOrTx, freed: AppointmentRow): Promise<boolean> {
  try {
    await assertBookable(tx, {
      practitionerId: freed.practitionerId,
      facilityId: freed.facilityId,
      startsAt: freed.startsAt,
      endsAt: freed.endsAt,
      blockedPeriod: freed.blockedPeriod,
      excludeAppointmentId: freed.id,
    });
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

function isPractitionerOverlap(err: unknown): boolean {
  const cause = err instanceof Error ? (err.cause as { constraint?: string } | undefined) : null;
  return cause?.constraint === 'appointment_practitioner_no_overlap';
}

/**
 * The hold, in a savepoint: if a clerk booked the freed time first (or another instance is
 * holding it), the constraint refuses and the slot is simply not offered; the cancellation
 * that called us goes on.
 */
async function insertHoldUnlessTaken(
  tx: DbOrTx,
  freed: AppointmentRow,
  holdExpiresAt: Date,
  now: Date,
): Promise<AppointmentRow | null> {
  try {
    return await tx.transaction(async (sp) => {
      const hold = await insertHold(sp, {
        id: newId(),
        patientId: null,
        practitionerId: freed.practitionerId,
        facilityId: freed.facilityId,
        departmentId: freed.departmentId,
        appointmentTypeId: freed.appointmentTypeId,
        startsAt: freed.startsAt,
        endsAt: freed.endsAt,
        blockedPeriod: freed.blockedPeriod,
        status: 'held',
        modality: freed.modality,
        isOverbooked: false,
        holdExpiresAt,
        bookedAt: now,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await insertAppointmentEvent(sp, {
        id: newId(),
        appointmentId: hold.id,
        kind: 'booked',
        toStatus: 'held',
        channel: 'system',
        actorUserId: null,
        note: 'Held for waitlist offers',
        occurredAt: now,
      });
      return hold;
    });
  } catch (err) {
    if (isPractitionerOverlap(err)) return null;
    throw err;
  }
}
