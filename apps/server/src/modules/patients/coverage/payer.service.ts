import type { z } from 'zod';
import type {
  createPayerBody,
  createPlanBody,
  listPayersQuery,
  Payer,
  Plan,
  updatePayerBody,
  updatePlanBody,
} from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import { jsonEqual } from '../history/diff.js';
import type { PayerRow } from '../patients.tables.js';
import { toPayer, toPlan } from './coverage-mapper.js';
import * as repo from './payer.repository.js';
import './coverage.errors.js';

export type ListPayersInput = z.output<typeof listPayersQuery>;
export type CreatePayerInput = z.output<typeof createPayerBody>;
export type UpdatePayerInput = z.output<typeof updatePayerBody>;
export type CreatePlanInput = z.output<typeof createPlanBody>;
export type UpdatePlanInput = z.output<typeof updatePlanBody>;

/** The payer directory and its plans: organization data, audited without a patient. */
export interface PayerService {
  listPayers(query: ListPayersInput): Promise<Payer[]>;
  getPayer(id: string): Promise<Payer>;
  createPayer(input: CreatePayerInput): Promise<Payer>;
  updatePayer(id: string, expectedVersion: number, input: UpdatePayerInput): Promise<Payer>;
  listPlans(payerId: string): Promise<Plan[]>;
  createPlan(payerId: string, input: CreatePlanInput): Promise<Plan>;
  updatePlan(id: string, expectedVersion: number, input: UpdatePlanInput): Promise<Plan>;
}

/**
 * The fields of a PATCH that really change the row (left-out keys and equal values
 * dropped), so a no-op edit neither bumps the version nor writes an audit event.
 */
function pickChanges<T extends object>(current: T, patch: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const next = patch[key];
    if (next !== undefined && !jsonEqual(next, current[key] ?? null)) out[key] = next;
  }
  return out;
}

export function createPayerService(platform: Platform): PayerService {
  const { db, audit, clock } = platform;

  async function requirePayer(tx: DbOrTx, id: string, forUpdate = false): Promise<PayerRow> {
    const row = await repo.findPayerById(tx, id, { forUpdate });
    if (!row) throw notFound('payer', id);
    return row;
  }

  /** The friendly answer; the unique constraint guarantees it under races. */
  async function assertPayerCodeFree(tx: DbOrTx, code: string, exceptId?: string) {
    const [taken] = await repo.findPayersByCode(tx, [code]);
    if (taken && taken.id !== exceptId) {
      throw new AppError('payer.payer_id_taken', `payer ${taken.id} already uses this payer id`, {
        errors: [
          { path: 'payerId', rule: 'conflict', message: 'another payer uses this payer id' },
        ],
      });
    }
  }

  return {
    async listPayers(query) {
      return (await repo.listPayers(db, query)).map(toPayer);
    },

    async getPayer(id) {
      return toPayer(await requirePayer(db, id));
    },

    createPayer(input) {
      return db.transaction(async (tx) => {
        await assertPayerCodeFree(tx, input.payerId);
        const row = await repo.insertPayer(tx, {
          id: newId(),
          name: input.name,
          payerId: input.payerId,
          address: input.address ?? null,
          phone: input.phone ?? null,
          isActive: true,
          now: clock.now(),
        });
        await audit.record(tx, { action: 'payer.created', entityType: 'payer', entityId: row.id });
        return toPayer(row);
      });
    },

    updatePayer(id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await requirePayer(tx, id, true);
        if (current.version !== expectedVersion) {
          throw versionMismatch('payer', id, current.version);
        }
        const changes = pickChanges(current, input);
        if (Object.keys(changes).length === 0) return toPayer(current);
        if (changes.payerId !== undefined) await assertPayerCodeFree(tx, changes.payerId, id);
        const row = await repo.updatePayer(tx, id, changes, clock.now());
        await audit.record(tx, {
          action: 'payer.updated',
          entityType: 'payer',
          entityId: id,
          details: { changed: Object.keys(changes) },
        });
        return toPayer(row);
      });
    },

    async listPlans(payerId) {
      await requirePayer(db, payerId);
      return (await repo.listPlans(db, payerId)).map(toPlan);
    },

    createPlan(payerId, input) {
      return db.transaction(async (tx) => {
        // Locked so the payer cannot be retired between this check and the insert.
        const parent = await requirePayer(tx, payerId, true);
        if (!parent.isActive) {
          throw new AppError(
            'resource.conflict',
            `payer ${payerId} is inactive; reactivate it before adding plans`,
          );
        }
        const row = await repo.insertPlan(tx, {
          id: newId(),
          payerId,
          name: input.name,
          type: input.type,
          isActive: true,
          now: clock.now(),
        });
        await audit.record(tx, {
          action: 'plan.created',
          entityType: 'insurance_plan',
          entityId: row.id,
          details: { payerId },
        });
        return toPlan(row);
      });
    },

    updatePlan(id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await repo.findPlanById(tx, id, { forUpdate: true });
        if (!current) throw notFound('plan', id);
        if (current.version !== expectedVersion) {
          throw versionMismatch('plan', id, current.version);
        }
        const changes = pickChanges(current, input);
        if (Object.keys(changes).length === 0) return toPlan(current);
        const row = await repo.updatePlan(tx, id, changes, clock.now());
        await audit.record(tx, {
          action: 'plan.updated',
          entityType: 'insurance_plan',
          entityId: id,
          details: { payerId: row.payerId, changed: Object.keys(changes) },
        });
        return toPlan(row);
      });
    },
  };
}
