import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Bed, bedStateChangeInput } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { bed, type BedRow } from '../admissions.tables.js';
import { requireFacility } from '../board/board.service.js';
import { changeBedState } from './bed-state.js';

export type BedStateChange = z.output<typeof bedStateChangeInput>;

export function toBedView(r: BedRow): Bed {
  return {
    id: r.id,
    wardId: r.wardId,
    roomId: r.roomId,
    code: r.code,
    isolationCapable: r.isolationCapable,
    telemetry: r.telemetry,
    bariatric: r.bariatric,
    isActive: r.isActive,
    state: r.state,
    stateSince: r.stateSince.toISOString(),
    blockedReason: r.blockedReason,
    blockedUntil: r.blockedUntil ? r.blockedUntil.toISOString() : null,
    version: r.version,
  };
}

/**
 * POST /api/v1/beds/:id/state: housekeeping and bed managers mark a bed dirty, clean it,
 * block or unblock it, at the version they saw. The machine (changeBedState) decides what
 * is allowed; the audit row names the bed and the states, never a patient.
 */
export async function setBedState(
  platform: Platform,
  principal: Principal | null,
  bedId: string,
  input: BedStateChange,
  expectedVersion: number,
): Promise<Bed> {
  const now = platform.clock.now();
  const blockedUntil = input.action === 'block' && input.expectedUntil ? input.expectedUntil : null;
  if (blockedUntil && Date.parse(blockedUntil) <= now.getTime()) {
    throw fieldError('expectedUntil', 'in_past', 'must be later than now');
  }
  // Looked up first, unlocked, only for the facility check: a bed outside the user's
  // facilities is refused before anything is locked.
  const [found] = await platform.db
    .select({ facilityId: bed.facilityId })
    .from(bed)
    .where(eq(bed.id, bedId));
  if (!found) throw notFound('bed', bedId);
  await requireFacility(platform, principal, found.facilityId, 'bed_state');
  return platform.db.transaction(async (tx) => {
    // Locked here so the audit row's "from" is the state the change really left.
    const [before] = await tx.select().from(bed).where(eq(bed.id, bedId)).for('update');
    if (!before) throw notFound('bed', bedId);
    const after = await changeBedState(tx, {
      bedId,
      action: input.action,
      at: now,
      actorUserId: principal?.userId ?? null,
      reason: input.action === 'block' ? input.reason : null,
      blockedUntil: blockedUntil ? new Date(blockedUntil) : null,
      expectedVersion,
    });
    await platform.audit.record(tx, {
      action: 'bed.state_changed',
      entityType: 'bed',
      entityId: bedId,
      facilityId: before.facilityId,
      details: { action: input.action, fromState: before.state, toState: after.state },
    });
    return toBedView(after);
  });
}
