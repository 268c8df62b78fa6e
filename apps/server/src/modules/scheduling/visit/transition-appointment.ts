import type { AppointmentTransition } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow, Channel } from '../scheduling.tables.js';
import { decideTransition, transitionRules, type TransitionDecision } from './visit-flow.js';
import * as repo from './visit.repository.js';

export interface TransitionCommand {
  appointmentId: string;
  action: AppointmentTransition;
  channel: Channel;
  /** Null for the patient (by link) and for jobs. */
  actorUserId: string | null;
  note?: string;
  /** If-Match from staff; links and jobs pass none. */
  expectedVersion?: number;
}

/**
 * Moves an appointment along the visit flow inside the caller's transaction (row locked):
 * refuses what visit-flow.ts forbids (scheduling.invalid_transition; check-in and rooming
 * on another local day than the visit's, scheduling.not_visit_day), stamps the transition's
 * time, records the event and the audit row.
 */
export async function transitionAppointmentInTx(
  tx: DbOrTx,
  platform: Platform,
  cmd: TransitionCommand,
): Promise<AppointmentRow> {
  const row = await repo.findAppointmentForUpdate(tx, cmd.appointmentId);
  if (!row) throw notFound('appointment', cmd.appointmentId);
  if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== row.version) {
    throw versionMismatch('appointment', row.id, row.version);
  }
  const now = platform.clock.now();
  const decision = decideTransition(row.status, cmd.action, {
    channel: cmd.channel,
    now,
    startsAt: row.startsAt,
    timeZone: await repo.findFacilityTimeZone(tx, row.facilityId),
  });
  if (!decision.ok) {
    throw decision.reason === 'not_visit_day'
      ? notVisitDay(row, cmd)
      : invalidTransition(row, cmd, decision.reason);
  }
  if (decision.undoesNoShow) await assertSlotStillFree(tx, row);

  const updated = await repo.updateStatus(tx, row.id, {
    status: decision.to,
    updatedAt: now,
    [decision.stamps]: now,
    ...(cmd.action === 'confirm' ? { confirmedVia: cmd.channel } : {}),
    ...(cmd.action === 'no_show'
      ? { noShowVia: cmd.channel === 'system' ? 'system' : 'staff' }
      : {}),
    // The no-show is undone: the event trail keeps that it was marked.
    ...(decision.undoesNoShow ? { noShowAt: null, noShowVia: null } : {}),
  });
  if (decision.to === 'no_show' || decision.undoesNoShow) {
    await repo.setResourcesActive(tx, [row.id], decision.undoesNoShow);
  }
  await repo.insertStatusEvents(tx, [
    {
      appointmentId: row.id,
      fromStatus: row.status,
      toStatus: decision.to,
      channel: cmd.channel,
      actorUserId: cmd.actorUserId,
      note: cmd.note ?? null,
      occurredAt: now,
    },
  ]);
  await announceVisitChange(tx, platform, updated, decision.to, cmd.actorUserId, now);
  // Last: the audit chain's lock is held from here until commit.
  await platform.audit.record(tx, {
    action: 'appointment.status_changed',
    actorUserId: cmd.actorUserId,
    patientId: row.patientId,
    entityType: 'appointment',
    entityId: row.id,
    facilityId: row.facilityId,
    details: {
      action: cmd.action,
      fromStatus: row.status,
      toStatus: decision.to,
      channel: cmd.channel,
    },
  });
  return updated;
}

/**
 * Check-in opens the visit's encounter in the clinical record and completion finishes it,
 * in this transaction (platform/care-episodes.ts); other steps change no encounter.
 */
async function announceVisitChange(
  tx: DbOrTx,
  platform: Platform,
  row: AppointmentRow,
  to: AppointmentRow['status'],
  actorUserId: string | null,
  at: Date,
): Promise<void> {
  if (to === 'arrived' && row.patientId) {
    await platform.careEpisodes.announce(
      tx,
      {
        kind: 'visit_started',
        appointmentId: row.id,
        patientId: row.patientId,
        facilityId: row.facilityId,
        practitionerId: row.practitionerId,
        appointmentTypeId: row.appointmentTypeId,
        modality: row.modality,
        reason: row.reason,
        at,
      },
      { actorUserId },
    );
  } else if (to === 'completed') {
    await platform.careEpisodes.announce(
      tx,
      { kind: 'visit_finished', appointmentId: row.id, at },
      { actorUserId },
    );
  }
}

type StateRefusal = Exclude<Exclude<TransitionDecision, { ok: true }>['reason'], 'not_visit_day'>;

const refusals: Record<StateRefusal, string> = {
  status: 'is not allowed from that status',
  channel: 'is not allowed through this channel',
  not_started: 'is not allowed before the appointment has started',
};

/** Check-in or rooming on another day than the visit's (the date itself is not named). */
function notVisitDay(row: AppointmentRow, cmd: TransitionCommand): AppError {
  return new AppError(
    'scheduling.not_visit_day',
    `appointment ${row.id}: ${cmd.action} is only allowed on the appointment's own day ` +
      "in the facility's time zone",
    { action: cmd.action },
  );
}

function invalidTransition(
  row: AppointmentRow,
  cmd: TransitionCommand,
  reason: StateRefusal,
): AppError {
  const from = transitionRules[cmd.action].from.join(' or ');
  return new AppError(
    'scheduling.invalid_transition',
    `appointment ${row.id} is ${row.status}: ${cmd.action} ${refusals[reason]}` +
      (reason === 'status' ? ` (only from ${from})` : ''),
    { fromStatus: row.status, action: cmd.action, reason },
  );
}

/**
 * Before a late arrival takes a no-show's place back: the friendly answer naming whoever
 * was booked into it meanwhile. The exclusion constraints stay the guarantee.
 */
async function assertSlotStillFree(tx: DbOrTx, row: AppointmentRow): Promise<void> {
  const c = await repo.findSlotConflicts(tx, row);
  if (c.practitioner) {
    throw new AppError(
      'scheduling.slot_taken',
      `appointment ${row.id}: the practitioner's time was booked again (appointment ${c.practitioner})`,
      { conflictingAppointmentId: c.practitioner },
    );
  }
  if (c.patient) {
    throw new AppError(
      'scheduling.patient_busy',
      `appointment ${row.id}: the patient has another appointment then (${c.patient})`,
      { conflictingAppointmentId: c.patient },
    );
  }
  if (c.resource) {
    throw new AppError(
      'scheduling.resource_taken',
      `appointment ${row.id}: a reserved resource was booked again (appointment ${c.resource})`,
      { conflictingAppointmentId: c.resource },
    );
  }
}
