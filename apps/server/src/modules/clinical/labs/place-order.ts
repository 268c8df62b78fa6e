import { sql } from 'drizzle-orm';
import type { labOrderInput } from '@meridian/contracts';
import { type LabOrder } from '@meridian/contracts';
import type { z } from 'zod';
import { openFacility } from '../../../platform/auth/facility-scope.js';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { recordDomainEvent } from '../../../platform/events/domain-events.js';
import { startIdempotent, type IdempotencyClaim } from '../../../platform/http/idempotency.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import { loadCatalogue, type Catalogue } from './catalogue.js';
import { viewOrder } from './order-view.js';
import * as repo from './lab.repository.js';

export type PlaceOrderInput = z.output<typeof labOrderInput>;

export interface CreateAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** The patient can have tests ordered: exists, reachable with order.write, not merged, alive. */
async function openPatientForOrder(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string,
): Promise<void> {
  const standing = await findPatientStanding(tx, patientId, { lock: true });
  if (!standing) throw notFound('patient', patientId);
  await platform.access.requireAccess(tx, principal, 'order.write', [patientId]);
  if (standing.status === 'merged') {
    throw new AppError(
      'patient.merged',
      `patient ${patientId} was merged into ${standing.mergedIntoId ?? 'another record'}`,
      { mergedIntoId: standing.mergedIntoId },
    );
  }
  if (standing.deceased) {
    throw fieldError('patientId', 'not_deceased', 'the patient is deceased');
  }
}

/** The encounter, when given, is the patient's (encounter is migration 0400's platform of the chart). */
async function requireEncounterOf(tx: DbOrTx, encounterId: string, patientId: string) {
  const { rows } = await tx.execute<{ patient_id: string; status: string }>(
    sql`select patient_id, status from encounter where id = ${encounterId}`,
  );
  const row = rows[0];
  if (!row) throw fieldError('encounterId', 'not_found', 'no such encounter');
  if (row.patient_id !== patientId) {
    throw fieldError('encounterId', 'same_patient', "the encounter is another patient's");
  }
  if (row.status === 'cancelled' || row.status === 'entered_in_error') {
    throw fieldError('encounterId', 'active', `the encounter is ${row.status}`);
  }
}

/** Every code is an orderable catalogue item; the refusal names the code's index. */
function requireOrderable(catalogue: Catalogue, codes: readonly string[]): void {
  codes.forEach((code, i) => {
    const row = catalogue.rows.get(code);
    if (!row || !row.isOrderable) {
      throw new AppError(
        'lab.unknown_test',
        `${code} is not an orderable test in the lab catalogue`,
        {
          errors: [
            {
              path: `testCodes.${i}`,
              rule: row ? 'orderable' : 'in_catalogue',
              message: row ? `${code} is not orderable on its own` : `unknown test ${code}`,
            },
          ],
        },
      );
    }
  });
}

/**
 * POST /api/v1/lab-orders: a clinician orders tests and panels for a patient. One
 * transaction from the idempotency key to the audit row; a refusal writes nothing.
 */
export async function placeOrder(
  platform: Platform,
  principal: Principal | null,
  input: PlaceOrderInput,
  claim: IdempotencyClaim | null,
): Promise<CreateAnswer<LabOrder>> {
  return platform.db.transaction(async (tx) => {
    const started = await startIdempotent(tx, platform.clock, claim);
    if (started.replay) {
      const body = started.replay.body as LabOrder;
      await platform.audit.record(tx, {
        action: 'lab.order_create_replayed',
        patientId: body.patientId,
        entityType: 'lab_order',
        entityId: body.id,
      });
      return { statusCode: started.replay.statusCode, body, replayed: true };
    }
    await openPatientForOrder(platform, tx, principal, input.patientId);
    await openFacility(tx, principal, input.facilityId);
    if (input.encounterId) await requireEncounterOf(tx, input.encounterId, input.patientId);
    const catalogue = await loadCatalogue(tx);
    requireOrderable(catalogue, input.testCodes);
    const now = platform.clock.now();
    const row = await repo.insertOrder(tx, {
      id: newId(),
      patientId: input.patientId,
      encounterId: input.encounterId ?? null,
      facilityId: input.facilityId,
      priority: input.priority,
      status: 'ordered',
      clinicalNote: input.clinicalNote ?? null,
      orderedBy: principal?.userId ?? null,
      orderedAt: now,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertOrderItems(tx, row.id, input.testCodes);
    const facts = { orderId: row.id, testCodes: input.testCodes, priority: input.priority };
    await recordDomainEvent(tx, {
      topic: 'lab.order_placed',
      aggregateType: 'lab_order',
      aggregateId: row.id,
      patientId: row.patientId,
      facilityId: row.facilityId,
      payload: facts,
      occurredAt: now,
    });
    await platform.audit.record(tx, {
      action: 'lab.order_created',
      patientId: row.patientId,
      entityType: 'lab_order',
      entityId: row.id,
      facilityId: row.facilityId,
      details: facts,
    });
    const answer = await viewOrder(tx, catalogue, row);
    await started.complete(201, answer);
    return { statusCode: 201, body: answer, replayed: false };
  });
}
