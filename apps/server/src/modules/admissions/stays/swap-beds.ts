import type { z } from 'zod';
import type { Stay, swapInput } from '@meridian/contracts';
import { requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { patientSummaries } from '../../patients/index.js';
import type { StayRow } from '../admissions.tables.js';
import { bedSuitability } from './stay-rules.js';
import { recordHappening, requireAfter, requireStep } from './stay-support.js';
import { requireOpenStretch } from './transfer-patient.js';
import { viewStays } from './stay-view.js';
import * as repo from './stay.repository.js';

export type SwapInput = z.output<typeof swapInput>;

/**
 * POST /api/v1/admissions/swap: two admitted patients trade beds in one transaction. Both
 * beds stay occupied (no bed state changes; only their holders do); each stay's stretch is
 * closed and a new one opened at the same instant; each gets a `swapped` movement.
 */
export async function swapBeds(
  platform: Platform,
  principal: Principal | null,
  input: SwapInput,
): Promise<Stay[]> {
  return platform.db.transaction(async (tx) => {
    const locked = await repo.lockStays(tx, input.stayIds);
    const stays = input.stayIds.map((id) => {
      const row = locked.find((s) => s.id === id);
      if (!row) throw notFound('stay', id);
      return row;
    }) as [StayRow, StayRow];
    await platform.access.requireAccess(
      tx,
      principal,
      'admission.write',
      stays.map((s) => s.patientId),
    );
    for (const s of stays) {
      requireFacilityScope(principal, s.facilityId);
      requireStep(s, 'swap');
    }
    const at = platform.clock.now();
    const stretches = [
      await requireOpenStretch(tx, stays[0]),
      await requireOpenStretch(tx, stays[1]),
    ] as const;
    stretches.forEach((s, i) =>
      requireAfter(at, { admittedAt: null, since: s.period.from, path: `stayIds.${i}` }),
    );
    const beds = await repo.lockPlacedBeds(tx, [stretches[0].bedId, stretches[1].bedId]);
    const sexes = await patientSummaries(
      platform,
      tx,
      principal,
      'admission.read',
      stays.map((s) => s.patientId),
    );
    // Each patient must suit the other's bed.
    stays.forEach((s, i) => {
      const other = beds.find((b) => b.bed.id === stretches[1 - i]?.bedId);
      if (!other) throw new Error('a swapped bed vanished while locked');
      if (other.bed.facilityId !== s.facilityId) {
        throw new AppError(
          'admission.wrong_facility',
          `the two stays are in different facilities`,
          {
            errors: [{ path: 'stayIds', rule: 'same_facility', message: 'different facilities' }],
          },
        );
      }
      const rule = bedSuitability(
        { isolationCapable: other.bed.isolationCapable, sexRestriction: other.sexRestriction },
        { isolation: s.isolation, sexAtBirth: sexes.get(s.patientId)?.sexAtBirth ?? null },
      );
      if (rule) {
        throw new AppError(
          'admission.bed_unsuitable',
          `bed ${other.bed.code} (${other.bed.id}) does not suit stay ${s.id}: ${rule}`,
          { rule, errors: [{ path: `stayIds.${i}`, rule, message: `bed ${other.bed.code}` }] },
        );
      }
    });
    await repo.swapBedHolders(
      tx,
      { bedId: stretches[0].bedId, stayId: stays[0].id },
      { bedId: stretches[1].bedId, stayId: stays[1].id },
      at,
    );
    for (const s of stretches) await repo.closeStretch(tx, s.id, at);
    const out: StayRow[] = [];
    for (const [i, stay] of stays.entries()) {
      const from = stretches[i] as (typeof stretches)[number];
      const to = stretches[1 - i] as (typeof stretches)[number];
      await repo.openStretch(tx, {
        id: newId(),
        stayId: stay.id,
        bedId: to.bedId,
        wardId: to.wardId,
        facilityId: to.facilityId,
        from: at,
      });
      const row = await repo.updateStay(tx, stay.id, { updatedAt: at });
      await recordHappening(platform, tx, principal, {
        stay: row,
        kind: 'swapped',
        topic: 'admission.transferred',
        at,
        fromBedId: from.bedId,
        toBedId: to.bedId,
        fromWardId: from.wardId,
        toWardId: to.wardId,
        fromLevelOfCare: row.levelOfCare,
        toLevelOfCare: row.levelOfCare,
        reason: input.reason,
        facts: { swappedWithStayId: stays[1 - i]?.id },
      });
      out.push(row);
    }
    return viewStays(tx, out);
  });
}
