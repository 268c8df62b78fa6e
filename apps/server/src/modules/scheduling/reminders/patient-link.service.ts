import type { z } from 'zod';
import type { LinkView, linkActionInput } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import type { LinkClaims } from '../../../platform/signed-links.js';
import { cancelAppointmentInTx } from '../booking/cancel-appointment.js';
import { transitionAppointmentInTx } from '../visit/transition-appointment.js';
import { answerOfferInTx, describeOffer } from '../waitlist/answer-offer.js';
import * as repo from './reminder.repository.js';

export type LinkAction = z.output<typeof linkActionInput>['action'];

/**
 * What a patient does with a signed link, without signing in: see the appointment (or the
 * offered slot) and confirm or cancel it (accept or decline the offer). The link is the
 * patient's own capability, so there is no principal: audit rows carry the patient id, no
 * actor, and `channel: patient_link`.
 */
export interface PatientLinkService {
  viewLink(token: string): Promise<LinkView>;
  actOnLink(token: string, action: LinkAction): Promise<LinkView>;
}

export const patientCancelReason = 'Cancelled by the patient via reminder link';

/** The token's claims, whichever purpose it was signed for. */
function verifyAnyPurpose(platform: Platform, token: string): LinkClaims {
  try {
    return platform.links.verify(token, 'reminder');
  } catch (err) {
    // A well-signed token of another purpose reads as invalid for this one: try the next.
    if (err instanceof AppError && err.code === 'link.invalid') {
      return platform.links.verify(token, 'waitlist_offer');
    }
    throw err;
  }
}

type ReminderAction = 'confirm' | 'cancel';

/** Nothing is left to do once the visit has started or left booked/confirmed. */
function reminderActions(setting: repo.AppointmentSetting, now: Date): ReminderAction[] {
  const { status, startsAt } = setting.appointment;
  if (startsAt.getTime() <= now.getTime()) return [];
  if (status === 'booked') return ['confirm', 'cancel'];
  if (status === 'confirmed') return ['cancel'];
  return [];
}

function toReminderView(setting: repo.AppointmentSetting, claims: LinkClaims, now: Date): LinkView {
  const a = setting.appointment;
  return {
    purpose: 'reminder',
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    timeZone: setting.timeZone,
    practitionerName: setting.practitionerName,
    facilityName: setting.facilityName,
    appointmentTypeName: setting.appointmentTypeName,
    status: a.status,
    actions: reminderActions(setting, now),
    expiresAt: claims.expiresAt.toISOString(),
  };
}

function invalidTransition(id: string, action: string, status: string): AppError {
  return new AppError(
    'scheduling.invalid_transition',
    `appointment ${id} cannot ${action} by link: it is ${status} or has started`,
  );
}

export function createPatientLinkService(platform: Platform): PatientLinkService {
  const { db, audit, clock } = platform;

  /** The appointment behind a reminder link; a deleted or patient-less one reads invalid. */
  async function reminderSetting(tx: DbOrTx, claims: LinkClaims, lock: boolean) {
    const setting = await repo.findAppointmentSetting(tx, claims.subjectId, { lock });
    if (!setting?.appointment.patientId) {
      throw new AppError('link.invalid', 'the link is not valid');
    }
    return setting;
  }

  /** Who answered is the patient, by the link: the patient's id, no actor. */
  async function auditReminderLink(
    tx: DbOrTx,
    setting: repo.AppointmentSetting,
    action: 'appointment.link_viewed' | 'appointment.link_answered',
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const a = setting.appointment;
    await audit.record(tx, {
      action,
      actorUserId: null,
      patientId: a.patientId,
      entityType: 'appointment',
      entityId: a.id,
      facilityId: a.facilityId,
      details: { channel: 'patient_link', purpose: 'reminder', ...details },
    });
  }

  async function actOnReminder(tx: DbOrTx, claims: LinkClaims, action: LinkAction) {
    if (action !== 'confirm' && action !== 'cancel') {
      throw fieldError('action', 'invalid_value', 'a reminder link can confirm or cancel');
    }
    const setting = await reminderSetting(tx, claims, true);
    const a = setting.appointment;
    const now = clock.now();
    // Confirming twice (a second tap, a retried request) answers as the first did.
    const isRepeat = action === 'confirm' && a.status === 'confirmed' && a.startsAt > now;
    if (!isRepeat && !reminderActions(setting, now).includes(action)) {
      throw invalidTransition(a.id, action, a.status);
    }
    const command = { appointmentId: a.id, channel: 'patient_link' as const, actorUserId: null };
    if (action === 'cancel') {
      await cancelAppointmentInTx(tx, platform, { ...command, reason: patientCancelReason });
    } else if (!isRepeat) {
      await transitionAppointmentInTx(tx, platform, { ...command, action: 'confirm' });
    }
    const after = await reminderSetting(tx, claims, false);
    await auditReminderLink(tx, after, 'appointment.link_answered', { answer: action, isRepeat });
    return toReminderView(after, claims, clock.now());
  }

  // The waitlist's seams record their own audit rows (patient id, no actor) for the offer.
  async function actOnOffer(tx: DbOrTx, claims: LinkClaims, action: LinkAction) {
    if (action !== 'accept' && action !== 'decline') {
      throw fieldError('action', 'invalid_value', 'a waitlist offer link can accept or decline');
    }
    return answerOfferInTx(tx, platform, claims.subjectId, action);
  }

  return {
    async viewLink(token) {
      const claims = verifyAnyPurpose(platform, token);
      // The audit row commits before the answer leaves (fail closed).
      return db.transaction(async (tx) => {
        if (claims.purpose === 'waitlist_offer') {
          return describeOffer(tx, platform, claims.subjectId);
        }
        const setting = await reminderSetting(tx, claims, false);
        await auditReminderLink(tx, setting, 'appointment.link_viewed');
        return toReminderView(setting, claims, clock.now());
      });
    },

    async actOnLink(token, action) {
      const claims = verifyAnyPurpose(platform, token);
      return db.transaction((tx) =>
        claims.purpose === 'reminder'
          ? actOnReminder(tx, claims, action)
          : actOnOffer(tx, claims, action),
      );
    },
  };
}
