import type { LinkView } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import { cancelAppointmentInTx } from '../booking/cancel-appointment.js';
import type { AppointmentRow } from '../scheduling.tables.js';
import { holdDeclinedReason, releaseHold } from './release-hold.js';
import {
  closeOpenOffers,
  countOpenOffers,
  findAppointment,
  findAppointmentType,
  findEntry,
  findOffer,
  findPatientOverlap,
  findSlotContext,
  insertAppointmentEvent,
  returnEntriesToWaiting,
  setOfferStatus,
  updateAppointment,
  updateEntry,
  type WaitlistOfferRow,
} from './waitlist.repository.js';
import { visitInSlot } from './waitlist-rules.js';

export const movedFromWaitlistReason = 'Moved to an earlier slot from the waitlist';

function unavailable(offerId: string): AppError {
  return new AppError(
    'scheduling.offer_unavailable',
    `offer ${offerId} can no longer be answered: it was taken, answered or has lapsed`,
  );
}

/** The offer, its hold and its entry; an offer id that is not ours reads as a bad link. */
async function loadOffer(tx: DbOrTx, offerId: string, lock: boolean) {
  const first = await findOffer(tx, offerId);
  if (!first) throw new AppError('link.invalid', 'the link is not valid');
  // Tricky: the hold is locked before the offer, so concurrent accepts of one slot queue on
  // the same row and the second sees it booked.
  const held = await findAppointment(tx, first.heldAppointmentId, { lock });
  const offer = lock ? await findOffer(tx, offerId, { lock }) : first;
  const entry = await findEntry(tx, first.entryId, { lock });
  if (!held || !offer || !entry) throw new Error(`offer ${offerId} lost its hold or entry`);
  return { offer, held, entry };
}

function isAnswerable(platform: Platform, offer: WaitlistOfferRow, held: AppointmentRow): boolean {
  const now = platform.clock.now().getTime();
  return (
    offer.status === 'open' &&
    held.status === 'held' &&
    offer.expiresAt.getTime() > now &&
    (held.holdExpiresAt?.getTime() ?? 0) > now
  );
}

async function viewOf(tx: DbOrTx, platform: Platform, offerId: string): Promise<LinkView> {
  const { offer, held, entry } = await loadOffer(tx, offerId, false);
  const type = await findAppointmentType(tx, entry.appointmentTypeId);
  if (!type) throw new Error(`appointment type ${entry.appointmentTypeId} not found`);
  const place = await findSlotContext(tx, { ...held, appointmentTypeId: type.id });
  const open = isAnswerable(platform, offer, held);
  const endsAt =
    offer.status === 'accepted'
      ? held.endsAt
      : new Date(held.startsAt.getTime() + type.durationMinutes * 60_000);
  return {
    purpose: 'waitlist_offer',
    startsAt: held.startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    timeZone: place.timeZone,
    practitionerName: place.practitionerName,
    facilityName: place.facilityName,
    appointmentTypeName: type.name,
    // An open offer past its time reads as expired before the job gets to it.
    status: offer.status === 'open' && !open ? 'expired' : offer.status,
    actions: open ? ['accept', 'decline'] : [],
    expiresAt: offer.expiresAt.toISOString(),
  };
}

/** What the patient sees behind a waitlist offer link (no identifiers). */
export async function describeOffer(
  tx: DbOrTx,
  platform: Platform,
  offerId: string,
): Promise<LinkView> {
  const view = await viewOf(tx, platform, offerId);
  const offer = await findOffer(tx, offerId);
  const entry = offer ? await findEntry(tx, offer.entryId) : null;
  await platform.audit.record(tx, {
    action: 'waitlist.offer_viewed',
    patientId: entry?.patientId ?? null,
    entityType: 'waitlist_offer',
    entityId: offerId,
    details: { entryId: offer?.entryId ?? null },
  });
  return view;
}

/**
 * The patient's answer to an offer, by its signed link, inside the caller's transaction:
 * accept books the held slot for them (first come, first served: later accepts get
 * scheduling.offer_unavailable), decline releases their claim.
 */
export async function answerOfferInTx(
  tx: DbOrTx,
  platform: Platform,
  offerId: string,
  answer: 'accept' | 'decline',
): Promise<LinkView> {
  const { offer, held, entry } = await loadOffer(tx, offerId, true);
  if (!isAnswerable(platform, offer, held)) throw unavailable(offerId);
  const now = platform.clock.now();

  if (answer === 'decline') {
    await setOfferStatus(tx, offer.id, 'declined', now);
    await returnEntriesToWaiting(tx, [entry.id], now);
    // Nobody left to answer: the slot goes back (and on to the next entries) now.
    if ((await countOpenOffers(tx, held.id)) === 0) {
      await releaseHold(tx, platform, held, holdDeclinedReason);
    }
  } else {
    const booked = await acceptInto(tx, platform, { offer, held, entry });
    await setOfferStatus(tx, offer.id, 'accepted', now);
    const taken = await closeOpenOffers(tx, held.id, 'taken', now);
    await returnEntriesToWaiting(
      tx,
      taken.map((o) => o.entryId),
      now,
    );
    await updateEntry(tx, entry.id, { status: 'booked', bookedAppointmentId: booked.id }, now);
  }
  await platform.audit.record(tx, {
    action: answer === 'accept' ? 'waitlist.offer_accepted' : 'waitlist.offer_declined',
    patientId: entry.patientId,
    entityType: 'waitlist_offer',
    entityId: offer.id,
    facilityId: held.facilityId,
    details: { entryId: entry.id, heldAppointmentId: held.id },
  });
  return viewOf(tx, platform, offerId);
}

/**
 * Turns the hold into the patient's appointment of the entry's type. The appointment the
 * patient waited to move from is cancelled first (through booking's cancel, which offers
 * that slot on in turn), so a patient never holds both.
 */
async function acceptInto(
  tx: DbOrTx,
  platform: Platform,
  { offer, held, entry }: Awaited<ReturnType<typeof loadOffer>>,
): Promise<AppointmentRow> {
  const now = platform.clock.now();
  const standing = await findPatientStanding(tx, entry.patientId, { lock: true });
  if (!standing) throw new Error(`patient ${entry.patientId} of entry ${entry.id} not found`);
  if (standing.status === 'merged') {
    throw new AppError('patient.merged', `patient ${entry.patientId} was merged into another`, {
      mergedIntoId: standing.mergedIntoId,
    });
  }
  if (standing.deceased) {
    throw new AppError('scheduling.patient_deceased', `patient ${entry.patientId} is deceased`);
  }
  const type = await findAppointmentType(tx, entry.appointmentTypeId);
  const visit = type && visitInSlot(held, type);
  if (!type || !visit) throw unavailable(offer.id);
  const current = entry.currentAppointmentId
    ? await findAppointment(tx, entry.currentAppointmentId)
    : null;
  const moving = current && ['booked', 'confirmed'].includes(current.status) ? current : null;

  const busy = await findPatientOverlap(
    tx,
    entry.patientId,
    visit.startsAt,
    visit.endsAt,
    moving ? [moving.id] : [],
  );
  if (busy) {
    throw new AppError(
      'scheduling.patient_busy',
      `patient ${entry.patientId} already has appointment ${busy} at that time`,
      { conflictingAppointmentId: busy },
    );
  }
  if (moving) {
    await cancelAppointmentInTx(tx, platform, {
      appointmentId: moving.id,
      reason: movedFromWaitlistReason,
      channel: 'patient_link',
      actorUserId: null,
    });
  }
  const booked = await updateAppointment(
    tx,
    held.id,
    {
      patientId: entry.patientId,
      appointmentTypeId: type.id,
      endsAt: visit.endsAt,
      blockedPeriod: visit.blockedPeriod,
      modality: type.modality,
      status: 'booked',
      holdExpiresAt: null,
      bookedAt: now,
    },
    now,
  );
  await insertAppointmentEvent(tx, {
    id: newId(),
    appointmentId: held.id,
    kind: 'booked',
    fromStatus: 'held',
    toStatus: 'booked',
    channel: 'patient_link',
    actorUserId: null,
    note: 'Accepted a waitlist offer',
    occurredAt: now,
  });
  return booked;
}
