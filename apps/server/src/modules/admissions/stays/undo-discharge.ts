import type { Stay } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { changeBedState } from '../beds/bed-state.js';
import { withinWindow } from './stay-rules.js';
import { openStayForChange, recordHappening } from './stay-support.js';
import { viewStay } from './stay-view.js';
import * as repo from './stay.repository.js';

function bedTaken(code: string, bedId: string, why: string): AppError {
  return new AppError(
    'admission.bed_unavailable',
    `bed ${code} (${bedId}) the patient left is no longer free: ${why}`,
    { errors: [{ path: 'bedId', rule: 'old_bed_taken', message: `bed ${code} is ${why}` }] },
  );
}

/**
 * POST /api/v1/admissions/:id/undo-discharge (admission.correct): a discharge recorded in
 * error, within ADMISSIONS_UNDO_DISCHARGE_HOURS of the discharge time. The patient goes back
 * into the bed they left, reopening the same stretch, if nobody has held or lain in it since
 * (409 naming the bed otherwise); a bed still dirty or being cleaned is taken back as is.
 */
export async function undoDischarge(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  reason: string,
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.correct',
      step: 'undo_discharge',
      expectedVersion,
    });
    const now = platform.clock.now();
    const hours = platform.config.ADMISSIONS_UNDO_DISCHARGE_HOURS;
    if (!stay.dischargedAt || !withinWindow(stay.dischargedAt, now, hours)) {
      throw new AppError(
        'admission.correction_window_passed',
        `stay ${stay.id} was discharged more than ${hours} hours ago`,
      );
    }
    const open = await repo.findOpenStayOfPatient(tx, stay.patientId);
    if (open) {
      throw new AppError(
        'admission.already_admitted',
        `patient ${stay.patientId} has open stay ${open.id} since this discharge`,
      );
    }
    const stretch = await repo.findLastStretch(tx, stay.id);
    if (!stretch) throw new Error(`discharged stay ${stay.id} has no bed stretch`);
    const placed = await repo.lockPlacedBed(tx, stretch.bedId);
    if (!placed) throw new Error(`bed ${stretch.bedId} vanished`);
    const b = placed.bed;
    if (b.stayId !== null) throw bedTaken(b.code, b.id, `${b.state} for another stay`);
    if (b.state === 'blocked' || !b.isActive) throw bedTaken(b.code, b.id, 'out of service');
    // bed_occupancy_bed_no_overlap refuses the reopened stretch if anyone lay there since.
    await repo.reopenStretch(tx, stretch.id);
    await changeBedState(tx, {
      bedId: b.id,
      action: 'occupy',
      at: now,
      actorUserId: principal?.userId ?? null,
      stayId: stay.id,
      reason: 'discharge undone',
      isUndoOfVacate: true,
    });
    const row = await repo.updateStay(tx, stay.id, {
      status: 'admitted',
      dischargedAt: null,
      dischargedBy: null,
      disposition: null,
      dischargeDestination: null,
      dischargeSummary: null,
      updatedAt: now,
    });
    await platform.careEpisodes.announce(
      tx,
      { kind: 'stay_reopened', stayId: stay.id, at: now },
      { actorUserId: principal?.userId ?? null },
    );
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'discharge_undone',
      topic: 'admission.discharge_undone',
      at: now,
      toBedId: b.id,
      toWardId: b.wardId,
      reason,
      facts: { undoneDischargeAt: stay.dischargedAt.toISOString() },
    });
    return viewStay(tx, row);
  });
}
