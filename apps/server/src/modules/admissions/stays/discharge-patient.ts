import type { z } from 'zod';
import type { dischargeInput, Stay } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { changeBedState } from '../beds/bed-state.js';
import { momentOf, openStayForChange, recordHappening, requireAfter } from './stay-support.js';
import { requireOpenStretch } from './transfer-patient.js';
import { viewStay } from './stay-view.js';
import * as repo from './stay.repository.js';

export type DischargeInput = z.output<typeof dischargeInput>;

/**
 * POST /api/v1/admissions/:id/discharge: the patient leaves. The bed is vacated (dirty,
 * never available: housekeeping makes it available), the stretch closed at the discharge.
 *
 * A `deceased` disposition does not mark the patient record deceased: recording a death
 * (time, verification) belongs to the patient record, and a discharge is correctable here
 * (undo within the window) where a death record is not. The admission.discharged event
 * carries the disposition for the patient module and the ADT feed to act on.
 */
export async function dischargePatient(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  input: DischargeInput,
): Promise<Stay> {
  if (input.disposition === 'transferred' && !input.destination) {
    throw fieldError('destination', 'required', 'a transfer out names where the patient went');
  }
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.write',
      step: 'discharge',
      expectedVersion,
    });
    const at = momentOf(platform, input.dischargedAt, 'dischargedAt');
    const stretch = await requireOpenStretch(tx, stay);
    requireAfter(at, {
      admittedAt: stay.admittedAt,
      since: stretch.period.from,
      path: 'dischargedAt',
    });
    await changeBedState(tx, {
      bedId: stretch.bedId,
      action: 'vacate',
      at,
      actorUserId: principal?.userId ?? null,
      stayId: stay.id,
    });
    await repo.closeStretch(tx, stretch.id, at);
    const row = await repo.updateStay(tx, stay.id, {
      status: 'discharged',
      dischargedAt: at,
      dischargedBy: principal?.userId ?? null,
      disposition: input.disposition,
      dischargeDestination: input.destination,
      dischargeSummary: input.summary,
      leaveStartedAt: null,
      leaveExpectedReturnAt: null,
      updatedAt: platform.clock.now(),
    });
    await platform.careEpisodes.announce(
      tx,
      { kind: 'stay_finished', stayId: stay.id, at },
      { actorUserId: principal?.userId ?? null },
    );
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'discharged',
      topic: 'admission.discharged',
      at,
      fromBedId: stretch.bedId,
      fromWardId: stretch.wardId,
      fromLevelOfCare: row.levelOfCare,
      facts: { disposition: input.disposition, fromStatus: stay.status },
    });
    return viewStay(tx, row);
  });
}
