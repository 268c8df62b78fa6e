import type { z } from 'zod';
import type { leaveInput, returnInput, Stay } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { momentOf, openStayForChange, recordHappening, requireAfter } from './stay-support.js';
import { viewStay } from './stay-view.js';
import * as repo from './stay.repository.js';

export type LeaveInput = z.output<typeof leaveInput>;
export type ReturnInput = z.output<typeof returnInput>;

/** POST /api/v1/admissions/:id/leave: off the ward for a while; the bed stays occupied (held). */
export async function startLeave(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  input: LeaveInput,
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.write',
      step: 'start_leave',
      expectedVersion,
    });
    const at = momentOf(platform, input.at, 'at');
    requireAfter(at, { admittedAt: stay.admittedAt, since: null, path: 'at' });
    const expectedReturnAt = input.expectedReturnAt ? new Date(input.expectedReturnAt) : null;
    if (expectedReturnAt && expectedReturnAt <= at) {
      throw fieldError('expectedReturnAt', 'after_leave_start', 'must be after the leave starts');
    }
    const row = await repo.updateStay(tx, stay.id, {
      status: 'on_leave',
      leaveStartedAt: at,
      leaveExpectedReturnAt: expectedReturnAt,
      updatedAt: platform.clock.now(),
    });
    const held = await repo.findHeldBed(tx, stay.id);
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'leave_started',
      topic: 'admission.leave_started',
      at,
      fromBedId: held?.id ?? null,
      fromWardId: held?.wardId ?? null,
      reason: input.reason,
    });
    return viewStay(tx, row);
  });
}

/** POST /api/v1/admissions/:id/return: back from leave, into the held bed. */
export async function endLeave(
  platform: Platform,
  principal: Principal | null,
  stayId: string,
  expectedVersion: number | undefined,
  input: ReturnInput,
): Promise<Stay> {
  return platform.db.transaction(async (tx) => {
    const stay = await openStayForChange(platform, tx, principal, stayId, {
      permission: 'admission.write',
      step: 'end_leave',
      expectedVersion,
    });
    const at = momentOf(platform, input.at, 'at');
    requireAfter(at, { admittedAt: stay.admittedAt, since: stay.leaveStartedAt, path: 'at' });
    const row = await repo.updateStay(tx, stay.id, {
      status: 'admitted',
      leaveStartedAt: null,
      leaveExpectedReturnAt: null,
      updatedAt: platform.clock.now(),
    });
    const held = await repo.findHeldBed(tx, stay.id);
    await recordHappening(platform, tx, principal, {
      stay: row,
      kind: 'leave_ended',
      topic: 'admission.leave_ended',
      at,
      toBedId: held?.id ?? null,
      toWardId: held?.wardId ?? null,
    });
    return viewStay(tx, row);
  });
}
