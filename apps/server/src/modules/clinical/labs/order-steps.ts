import type { LabCollectInput, LabOrder } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { recordDomainEvent } from '../../../platform/events/domain-events.js';
import type { Platform } from '../../../platform/platform.js';
import { loadCatalogue } from './catalogue.js';
import { viewOrder } from './order-view.js';
import { momentOf, openOrderForStep } from './order-support.js';
import * as repo from './lab.repository.js';

/** POST /api/v1/lab-orders/:id/collect: the specimen was taken (by the lab or a nurse). */
export async function collectSpecimen(
  platform: Platform,
  principal: Principal | null,
  orderId: string,
  version: number | undefined,
  input: LabCollectInput,
): Promise<LabOrder> {
  return platform.db.transaction(async (tx) => {
    const order = await openOrderForStep(platform, tx, principal, orderId, {
      permission: 'specimen.collect',
      step: 'collect',
      expectedVersion: version,
    });
    const collectedAt = momentOf(platform, input.collectedAt, 'collectedAt', order.orderedAt);
    const row = await repo.updateOrder(tx, order.id, {
      status: 'collected',
      specimenType: input.specimenType,
      collectedAt,
      collectedBy: principal?.userId ?? null,
      updatedAt: platform.clock.now(),
    });
    const facts = { orderId: row.id, specimenType: input.specimenType };
    await recordDomainEvent(tx, {
      topic: 'lab.specimen_collected',
      aggregateType: 'lab_order',
      aggregateId: row.id,
      patientId: row.patientId,
      facilityId: row.facilityId,
      payload: facts,
      occurredAt: collectedAt,
    });
    await platform.audit.record(tx, {
      action: 'lab.order_collected',
      patientId: row.patientId,
      entityType: 'lab_order',
      entityId: row.id,
      facilityId: row.facilityId,
      details: facts,
    });
    return viewOrder(tx, await loadCatalogue(tx), row);
  });
}

/** POST /api/v1/lab-orders/:id/cancel: only before any result, with a reason. */
export async function cancelOrder(
  platform: Platform,
  principal: Principal | null,
  orderId: string,
  version: number | undefined,
  reason: string,
): Promise<LabOrder> {
  return platform.db.transaction(async (tx) => {
    const order = await openOrderForStep(platform, tx, principal, orderId, {
      permission: 'order.write',
      step: 'cancel',
      expectedVersion: version,
    });
    const now = platform.clock.now();
    const row = await repo.updateOrder(tx, order.id, {
      status: 'cancelled',
      cancelledAt: now,
      cancelledBy: principal?.userId ?? null,
      cancelReason: reason,
      updatedAt: now,
    });
    const facts = { orderId: row.id, fromStatus: order.status };
    await recordDomainEvent(tx, {
      topic: 'lab.order_cancelled',
      aggregateType: 'lab_order',
      aggregateId: row.id,
      patientId: row.patientId,
      facilityId: row.facilityId,
      payload: facts,
      occurredAt: now,
    });
    // The reason is free text (may hold PHI): it stays on the order, not in the audit row.
    await platform.audit.record(tx, {
      action: 'lab.order_cancelled',
      patientId: row.patientId,
      entityType: 'lab_order',
      entityId: row.id,
      facilityId: row.facilityId,
      details: facts,
    });
    return viewOrder(tx, await loadCatalogue(tx), row);
  });
}
