import type { Stay } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { Platform } from '../../../platform/platform.js';
import { changeBedState } from '../beds/bed-state.js';
import { openStayForChange, recordHappening } from './stay-support.js';
import { viewStay } from './stay-view.js';
import * as repo from './stay.repository.js';

/**
 * POST /api/v1/admissions/:id/cancel (admission.correct): an admission entered in error.
 * The stay becomes `cancelled` and its occupancy stretches void (they count for nothing).
 * A reserved bed is released (available: nobody used it). An occupied bed is vacated and so
 * goes dirty: the system cannot know that nobody lay in it, and a bed is cleaned before the
 * next patient whenever that is in doubt (the machine has no occupied -> available).
 * A discharged stay is not cancelled: undo the discharge first.
 */
export async function cancelStay(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  reason: string,
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.correct',
      step: 'cancel',
      expectedVersion,
    });
    const now = platform.clock.now();
    const held = await repo.findHeldBed(tx, stay.id);
    if (held) {
      await changeBedState(tx, {
        bedId: held.id,
        action: held.state === 'reserved' ? 'release' : 'vacate',
        at: now,
        actorUserId: principal?.userId ?? null,
        stayId: stay.id,
        reason: 'admission entered in error',
      });
    }
    const voided = await repo.voidStretches(tx, stay.id);
    const row = await repo.updateStay(tx, stay.id, {
      status: 'cancelled',
      cancelledAt: now,
      cancelledBy: principal?.userId ?? null,
      cancelReason: reason,
      updatedAt: now,
    });
    // The inpatient encounter, if the patient had arrived, was entered in error with it.
    await platform.careEpisodes.announce(
      tx,
      { kind: 'stay_entered_in_error', stayId: stay.id, reason, at: now },
      { actorUserId: principal?.userId ?? null },
    );
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'cancelled',
      topic: 'admission.cancelled',
      at: now,
      fromBedId: held?.id ?? null,
      fromWardId: held?.wardId ?? null,
      reason,
      facts: { fromStatus: stay.status, voidedStretches: voided },
    });
    return viewStay(tx, row);
  });
}
