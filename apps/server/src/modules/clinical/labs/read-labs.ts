import type {
  LabCatalogueItem,
  LabCatalogueQuery,
  LabOrder,
  LabOrderQuery,
  LabResultHistory,
  LabWorklistItem,
  LabWorklistQuery,
} from '@meridian/contracts';
import { requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { patientSummaries } from '../../patients/index.js';
import { loadCatalogue, searchCatalogue } from './catalogue.js';
import {
  decodeOffsetCursor,
  decodeTimeCursor,
  encodeOffsetCursor,
  encodeTimeCursor,
} from './lab-cursor.js';
import { viewOrder, viewOrders } from './order-view.js';
import * as repo from './lab.repository.js';

/** GET /api/v1/lab-tests: the orderable catalogue (reference data, no patient: not audited). */
export async function searchLabCatalogue(
  platform: Platform,
  q: LabCatalogueQuery,
): Promise<{ items: LabCatalogueItem[] }> {
  const catalogue = await loadCatalogue(platform.db);
  return { items: searchCatalogue(catalogue, q.q, q.limit) };
}

/** GET /api/v1/lab-orders?patientId=: a patient's orders with results, newest first. */
export async function listPatientOrders(
  platform: Platform,
  principal: Principal | null,
  q: LabOrderQuery,
): Promise<{ items: LabOrder[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeTimeCursor('lo1', q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [q.patientId]);
    const rows = await repo.listOrdersOfPatient(tx, {
      patientId: q.patientId,
      ...(q.status ? { statuses: q.status } : {}),
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const pageRows = rows.slice(0, q.limit);
    const items = await viewOrders(tx, await loadCatalogue(tx), pageRows);
    // Committed with the transaction, before the answer leaves: reads fail closed.
    await platform.audit.record(tx, {
      action: 'lab.order_list',
      patientId: q.patientId,
      entityType: 'lab_order',
      details: { resultCount: items.length },
    });
    const last = pageRows.at(-1);
    return {
      items,
      nextCursor:
        rows.length > q.limit && last
          ? encodeTimeCursor('lo1', { at: last.orderedAt, id: last.id })
          : null,
    };
  });
}

/** GET /api/v1/lab-orders/:id, audited as a read. */
export async function getOrder(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<LabOrder> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findOrder(tx, id);
    if (!row) throw notFound('lab order', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
    const answer = await viewOrder(tx, await loadCatalogue(tx), row);
    await platform.audit.record(tx, {
      action: 'lab.order_read',
      patientId: row.patientId,
      entityType: 'lab_order',
      entityId: row.id,
      facilityId: row.facilityId,
    });
    return answer;
  });
}

/** GET /api/v1/lab-results/:id/history: every value the result has had, oldest first. */
export async function getResultHistory(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<LabResultHistory> {
  return platform.db.transaction(async (tx) => {
    const result = await repo.findResult(tx, id);
    if (!result) throw notFound('lab result', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [result.patientId]);
    const revisions = await repo.revisionsOf(tx, id);
    const names = await repo.usersByIds(
      tx,
      revisions.map((r) => r.recordedBy),
    );
    await platform.audit.record(tx, {
      action: 'lab.result_history_read',
      patientId: result.patientId,
      entityType: 'lab_result',
      entityId: result.id,
    });
    return {
      resultId: result.id,
      testCode: result.testCode,
      items: revisions.map((r) => ({
        revision: r.revision,
        status: r.status,
        valueNumeric: r.valueNumeric,
        unit: r.unit,
        valueCode: r.valueCode,
        valueText: r.valueText,
        enteredValue: r.enteredValue,
        enteredUnit: r.enteredUnit,
        flag: r.flag,
        reason: r.reason,
        recordedByName: r.recordedBy ? (names.get(r.recordedBy)?.displayName ?? null) : null,
        recordedAt: r.recordedAt.toISOString(),
      })),
    };
  });
}

/**
 * GET /api/v1/lab-worklist: a facility's orders awaiting collection or results, across
 * patients, stat first. Orders of patients the reader may not open are left out; one audit
 * row names the patients shown.
 */
export async function getWorklist(
  platform: Platform,
  principal: Principal | null,
  q: LabWorklistQuery,
): Promise<{ items: LabWorklistItem[]; nextCursor: string | null }> {
  const offset = q.cursor ? decodeOffsetCursor('lw1', q.cursor) : 0;
  requireFacilityScope(principal, q.facilityId);
  return platform.db.transaction(async (tx) => {
    const rows = await repo.listWorklist(tx, {
      facilityId: q.facilityId,
      stage: q.stage,
      offset,
      limit: q.limit + 1,
    });
    const pageRows = rows.slice(0, q.limit);
    const visible = await platform.access.filterAccessible(
      tx,
      principal,
      'clinical.read',
      pageRows.map((r) => r.patientId),
    );
    const shown = pageRows.filter((r) => visible.has(r.patientId));
    const orders = await viewOrders(tx, await loadCatalogue(tx), shown);
    const summaries = await patientSummaries(
      platform,
      tx,
      principal,
      'clinical.read',
      shown.map((r) => r.patientId),
    );
    const items = orders.flatMap((order) => {
      const patient = summaries.get(order.patientId);
      return patient ? [{ order, patient }] : [];
    });
    await platform.audit.record(tx, {
      action: 'lab.worklist_read',
      entityType: 'lab_order',
      facilityId: q.facilityId,
      details: {
        stage: q.stage,
        patientIds: [...new Set(items.map((i) => i.patient.id))],
        resultCount: items.length,
      },
    });
    return {
      items,
      nextCursor: rows.length > q.limit ? encodeOffsetCursor('lw1', offset + q.limit) : null,
    };
  });
}
