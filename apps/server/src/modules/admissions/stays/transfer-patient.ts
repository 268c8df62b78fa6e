import type { z } from 'zod';
import type { Stay, transferInput } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { fieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { BedOccupancyRow, BedRow, StayRow } from '../admissions.tables.js';
import { changeBedState } from '../beds/bed-state.js';
import {
  momentOf,
  openStayForChange,
  placeInBed,
  recordHappening,
  requireAfter,
  type Placement,
} from './stay-support.js';
import { toStay } from './stay-view.js';
import { loadTransferFacts } from './stay-facts.repository.js';
import * as repo from './stay.repository.js';

export type TransferInput = z.output<typeof transferInput>;

/** An admitted stay's open stretch as read; a stay admitted without one is a broken invariant. */
function presentStretch(stay: StayRow, stretch: BedOccupancyRow | null): BedOccupancyRow {
  if (!stretch) throw new Error(`admitted stay ${stay.id} has no open bed stretch`);
  return stretch;
}

/** The open stretch of an admitted stay. */
export async function requireOpenStretch(tx: DbOrTx, stay: StayRow): Promise<BedOccupancyRow> {
  return presentStretch(stay, await repo.findOpenStretch(tx, stay.id));
}

/**
 * Moves the stay from its bed (`held`, locked) to `to` at `at`: the old bed is vacated
 * (dirty, never available), the new one occupied, and the occupancy stretch closed and
 * reopened at the same instant. The caller records the movement. Answers the new bed as
 * occupied.
 */
async function moveBed(
  tx: DbOrTx,
  principal: Principal | null,
  o: { stay: StayRow; stretch: BedOccupancyRow; held: BedRow | null; to: Placement; at: Date },
): Promise<BedRow> {
  const actorUserId = principal?.userId ?? null;
  await changeBedState(
    tx,
    { bedId: o.stretch.bedId, action: 'vacate', at: o.at, actorUserId, stayId: o.stay.id },
    o.held ?? undefined,
  );
  const occupied = await changeBedState(
    tx,
    { bedId: o.to.bedId, action: 'occupy', at: o.at, actorUserId, stayId: o.stay.id },
    o.to.bed,
  );
  await repo.moveStretch(tx, o.stretch.id, o.at, {
    id: newId(),
    bedId: o.to.bedId,
    wardId: o.to.wardId,
    facilityId: o.to.facilityId,
  });
  return occupied;
}

/**
 * POST /api/v1/admissions/:id/transfer: another bed (and perhaps level of care), or only
 * another level of care when `bedId` is the current bed.
 */
export async function transferPatient(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  input: TransferInput,
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.write',
      step: 'transfer',
      expectedVersion,
    });
    const at = momentOf(platform, input.at, 'at');
    const facts = await loadTransferFacts(tx, { stayId: stay.id, bedId: input.bedId });
    const stretch = presentStretch(stay, facts.stretch);
    requireAfter(at, { admittedAt: stay.admittedAt, since: stretch.period.from, path: 'at' });
    const level = input.levelOfCare ?? stay.levelOfCare;
    const bedChanges = input.bedId !== stretch.bedId;
    if (!bedChanges && level === stay.levelOfCare) {
      throw fieldError(
        'bedId',
        'nothing_to_change',
        'the patient is in this bed already; give another bed or another level of care',
      );
    }
    const placement = await placeInBed(platform, tx, principal, {
      bedId: input.bedId,
      facilityId: stay.facilityId,
      stayId: stay.id,
      patientId: stay.patientId,
      isolation: stay.isolation,
      read: { placed: facts.target },
    });
    const held = bedChanges
      ? await moveBed(tx, principal, { stay, stretch, held: facts.held, to: placement, at })
      : placement.bed;
    const row = await repo.updateStay(tx, stay.id, {
      levelOfCare: level,
      updatedAt: platform.clock.now(),
    });
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'transferred',
      topic: 'admission.transferred',
      at,
      fromBedId: stretch.bedId,
      toBedId: placement.bedId,
      fromWardId: stretch.wardId,
      toWardId: placement.wardId,
      fromLevelOfCare: stay.levelOfCare,
      toLevelOfCare: level,
      reason: input.reason,
      facts: { fromLevelOfCare: stay.levelOfCare, toLevelOfCare: level, bedChanged: bedChanges },
    });
    return toStay(row, held);
  });
}
