import type { VitalSet } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { openPatientForWrite } from './vitals-access.js';
import { viewVitalSet } from './vitals-view.js';
import * as repo from './vitals.repository.js';

/**
 * POST /api/v1/vital-sets/:id/entered-in-error (If-Match): the set and its observations
 * are retired with a reason (migration 0410's trigger retires the observations), never
 * deleted; the chart, flowsheet and bed board stop counting them.
 */
export async function enterVitalSetInError(
  platform: Platform,
  principal: Principal | null,
  id: string,
  expectedVersion: number,
  reason: string,
): Promise<VitalSet> {
  return platform.db.transaction(async (tx) => {
    const found = await repo.findVitalSet(tx, id);
    if (!found) throw notFound('vital set', id);
    await openPatientForWrite(platform, tx, principal, found.patientId);
    const row = await repo.findVitalSet(tx, id, { lock: true });
    if (!row) throw notFound('vital set', id);
    if (row.version !== expectedVersion) throw versionMismatch('vital set', id, row.version);
    if (row.status !== 'final') {
      throw new AppError('vitals.invalid_transition', `vital set ${id} is already ${row.status}`, {
        errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }],
      });
    }
    const updated = await repo.markEnteredInError(tx, id, {
      reason,
      at: platform.clock.now(),
      by: principal?.userId ?? null,
    });
    await platform.audit.record(tx, {
      action: 'vitals.entered_in_error',
      patientId: row.patientId,
      entityType: 'vital_set',
      entityId: id,
      details: { vitalSetId: id, version: updated.version },
    });
    return viewVitalSet(tx, updated);
  });
}
