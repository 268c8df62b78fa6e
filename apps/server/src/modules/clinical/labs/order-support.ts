// What the lab use cases share: opening an order for a step (lock, access, version, status)
// and the time rules.
import { labStepAllowed, type LabStep, type Permission } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import type { LabOrderRow } from './labs.tables.js';
import * as repo from './lab.repository.js';
import './labs.errors.js';

/**
 * The order locked FOR UPDATE for a step: it exists, the user may reach its patient with
 * `permission`, it is the version the client saw (when If-Match was sent), and its status
 * allows `step`.
 */
export async function openOrderForStep(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  orderId: string,
  o: { permission: Permission; step: LabStep; expectedVersion: number | undefined },
): Promise<LabOrderRow> {
  const row = await repo.findOrder(tx, orderId, { lock: true });
  if (!row) throw notFound('lab order', orderId);
  await platform.access.requireAccess(tx, principal, o.permission, [row.patientId]);
  if (o.expectedVersion !== undefined && o.expectedVersion !== row.version) {
    throw versionMismatch('lab order', row.id, row.version);
  }
  if (!labStepAllowed(o.step, row)) {
    const state = row.reportStatus ? `${row.status} (${row.reportStatus})` : row.status;
    throw new AppError(
      'lab.invalid_transition',
      `lab order ${row.id} is ${state}: it cannot ${o.step}`,
      {
        errors: [{ path: 'status', rule: `not_from_${row.status}`, message: state }],
      },
    );
  }
  return row;
}

/** A step's moment: the client's or now; never in the future, never before `notBefore`. */
export function momentOf(
  platform: Platform,
  given: string | undefined,
  path: string,
  notBefore: Date,
): Date {
  const now = platform.clock.now();
  const at = given === undefined ? now : new Date(given);
  if (at.getTime() > now.getTime()) {
    throw new AppError('validation.failed', `${path} ${at.toISOString()} is in the future`, {
      errors: [{ path, rule: 'not_in_future', message: 'must not be in the future' }],
    });
  }
  if (at.getTime() < notBefore.getTime()) {
    throw new AppError('validation.failed', `${path} precedes ${notBefore.toISOString()}`, {
      errors: [{ path, rule: 'not_before_order', message: 'must not precede the order' }],
    });
  }
  return at;
}
