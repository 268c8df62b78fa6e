import type { Stay } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { openStayForChange, recordHappening, requireAfter } from './stay-support.js';
import { viewStay } from './stay-view.js';
import * as repo from './stay.repository.js';

/**
 * POST /api/v1/admissions/:id/discharge-order: the patient is expected to leave at
 * `expectedAt` (shown as pending discharge on the board). A second order replaces the first.
 */
export async function orderDischarge(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  input: { expectedAt: string },
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.write',
      step: 'order_discharge',
      expectedVersion,
    });
    const expectedAt = new Date(input.expectedAt);
    requireAfter(expectedAt, { admittedAt: stay.admittedAt, since: null, path: 'expectedAt' });
    const now = platform.clock.now();
    const row = await repo.updateStay(tx, stay.id, {
      dischargeExpectedAt: expectedAt,
      dischargeOrderedAt: now,
      dischargeOrderedBy: principal?.userId ?? null,
      updatedAt: now,
    });
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'discharge_ordered',
      topic: 'admission.discharge_ordered',
      at: now,
      facts: { dischargeExpectedAt: expectedAt.toISOString() },
    });
    return viewStay(tx, row);
  });
}

/** DELETE /api/v1/admissions/:id/discharge-order: the patient stays after all. */
export async function cancelDischargeOrder(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.write',
      step: 'cancel_discharge_order',
      expectedVersion,
    });
    if (!stay.dischargeExpectedAt) {
      throw new AppError(
        'admission.invalid_transition',
        `stay ${stay.id} has no discharge order to cancel`,
        { errors: [{ path: 'id', rule: 'no_discharge_order', message: 'no discharge order' }] },
      );
    }
    const now = platform.clock.now();
    const row = await repo.updateStay(tx, stay.id, {
      dischargeExpectedAt: null,
      dischargeOrderedAt: null,
      dischargeOrderedBy: null,
      updatedAt: now,
    });
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'discharge_order_cancelled',
      topic: 'admission.discharge_order_cancelled',
      at: now,
    });
    return viewStay(tx, row);
  });
}
