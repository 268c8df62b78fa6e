import type { z } from 'zod';
import type { arriveInput, Stay } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { changeBedState } from '../beds/bed-state.js';
import { occupy } from './admit-patient.js';
import { momentOf, openStayForChange, placeInBed } from './stay-support.js';
import { toStay } from './stay-view.js';
import * as repo from './stay.repository.js';

export type ArriveInput = z.output<typeof arriveInput>;

/**
 * POST /api/v1/admissions/:id/admit: a pre-admitted patient arrives, into the bed reserved
 * for the stay or another one (the reservation is then released).
 */
export async function arrivePatient(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  input: ArriveInput,
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.write',
      step: 'arrive',
      expectedVersion,
    });
    const admittedAt = momentOf(platform, input.admittedAt, 'admittedAt');
    const reserved = await repo.findHeldBed(tx, stay.id);
    const bedId = input.bedId ?? reserved?.id;
    if (!bedId) throw fieldError('bedId', 'required', 'no bed is reserved for the stay: name one');
    const placement = await placeInBed(platform, tx, principal, {
      bedId,
      facilityId: stay.facilityId,
      stayId: stay.id,
      patientId: stay.patientId,
      isolation: stay.isolation,
    });
    if (reserved && reserved.id !== bedId) {
      await changeBedState(tx, {
        bedId: reserved.id,
        action: 'release',
        at: platform.clock.now(),
        actorUserId: principal?.userId ?? null,
        stayId: stay.id,
      });
    }
    const row = await repo.updateStay(tx, stay.id, {
      status: 'admitted',
      admittedAt,
      updatedAt: platform.clock.now(),
    });
    return toStay(row, await occupy(platform, tx, principal, row, placement, admittedAt));
  });
}
