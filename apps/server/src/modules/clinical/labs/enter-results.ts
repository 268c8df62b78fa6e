import type {
  LabAmendInput,
  LabOrder,
  LabResult,
  LabResultsInput,
  LabTestDefinition,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { recordDomainEvent } from '../../../platform/events/domain-events.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { patientSummaries } from '../../patients/index.js';
import { loadCatalogue, type Catalogue } from './catalogue.js';
import { raiseCriticalAlertIfNeeded } from './critical-alerts.js';
import type { LabOrderRow, LabResultRow } from './labs.tables.js';
import { openOrderForStep } from './order-support.js';
import { viewOrder, viewResult } from './order-view.js';
import {
  evaluateValue,
  type EvaluatedValue,
  type PatientAtCollection,
} from './result-evaluation.js';
import * as repo from './lab.repository.js';

/** The patient's sex and birth date at the order's collection, for the reference range. */
async function patientAtCollection(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  order: LabOrderRow,
): Promise<PatientAtCollection> {
  const summary = (
    await patientSummaries(platform, tx, principal, 'clinical.read', [order.patientId])
  ).get(order.patientId);
  return {
    sex: summary?.sexAtBirth ?? null,
    birthDate: summary?.birthDate ?? null,
    collectedAt: order.collectedAt ?? order.orderedAt,
  };
}

/** The components the order's tests and panels call for, by code. */
async function componentsOfOrder(
  tx: DbOrTx,
  catalogue: Catalogue,
  orderId: string,
): Promise<Map<string, LabTestDefinition>> {
  const items = await repo.itemsOfOrders(tx, [orderId]);
  return new Map(
    items.flatMap((i) => catalogue.componentsOf(i.testCode)).map((d) => [d.code, d] as const),
  );
}

/** Writes one revision of a result: a first entry, or a preliminary superseded. */
async function writeRevision(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  o: {
    order: LabOrderRow;
    existing: LabResultRow | null;
    testCode: string;
    status: 'preliminary' | 'final' | 'amended';
    value: EvaluatedValue;
    reason?: string;
  },
): Promise<LabResultRow> {
  const now = platform.clock.now();
  const by = principal?.userId ?? null;
  const revision = (o.existing?.revision ?? 0) + 1;
  const values = { status: o.status, ...o.value, revision, resultedAt: now, resultedBy: by };
  const row = o.existing
    ? await repo.updateResult(tx, o.existing.id, { ...values, updatedAt: now })
    : await repo.insertResult(tx, {
        id: newId(),
        orderId: o.order.id,
        patientId: o.order.patientId,
        testCode: o.testCode,
        observedAt: o.order.collectedAt ?? o.order.orderedAt,
        ...values,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
  await repo.insertRevision(tx, {
    resultId: row.id,
    revision,
    status: o.status,
    ...o.value,
    reason: o.reason ?? null,
    recordedBy: by,
    recordedAt: now,
  });
  return row;
}

/**
 * POST /api/v1/lab-orders/:id/results: the lab enters results for a collected order (or
 * completes a preliminary report). Each component must belong to the order; numeric values
 * in the test's unit or a convertible one; flags from the patient's range at collection. A
 * final report needs every component. Critical values raise an acknowledgement task.
 */
export async function enterResults(
  platform: Platform,
  principal: Principal | null,
  orderId: string,
  version: number | undefined,
  input: LabResultsInput,
): Promise<LabOrder> {
  return platform.db.transaction(async (tx) => {
    const order = await openOrderForStep(platform, tx, principal, orderId, {
      permission: 'result.write',
      step: 'result',
      expectedVersion: version,
    });
    const catalogue = await loadCatalogue(tx);
    const components = await componentsOfOrder(tx, catalogue, order.id);
    const patient = await patientAtCollection(platform, tx, principal, order);
    const existing = new Map(
      (await repo.resultsOfOrders(tx, [order.id])).map((r) => [r.testCode, r]),
    );
    const seen = new Set<string>();
    const evaluated = input.results.map((entry, i) => {
      const path = `results.${i}`;
      const test = components.get(entry.testCode);
      if (!test) {
        throw new AppError(
          'lab.unknown_test',
          `${entry.testCode} is not part of order ${order.id}`,
          {
            errors: [
              { path: `${path}.testCode`, rule: 'in_order', message: 'not part of this order' },
            ],
          },
        );
      }
      if (seen.has(entry.testCode)) {
        throw fieldError(`${path}.testCode`, 'unique', 'each test is entered once');
      }
      seen.add(entry.testCode);
      return { test, value: evaluateValue(test, entry.value, patient, `${path}.value`) };
    });
    if (input.status === 'final') {
      const missing = [...components.keys()].filter((c) => !seen.has(c) && !existing.has(c));
      if (missing.length > 0) {
        throw fieldError(
          'status',
          'complete',
          `a final report needs every test; missing ${missing.join(', ')}`,
        );
      }
    }
    const written: LabResultRow[] = [];
    let criticalCount = 0;
    for (const e of evaluated) {
      const row = await writeRevision(platform, tx, principal, {
        order,
        existing: existing.get(e.test.code) ?? null,
        testCode: e.test.code,
        status: input.status,
        value: e.value,
      });
      written.push(row);
      if (await raiseCriticalAlertIfNeeded(platform, tx, order, row)) criticalCount += 1;
    }
    // A final report makes every earlier preliminary value final as well.
    if (input.status === 'final') {
      for (const [code, row] of existing) {
        if (seen.has(code) || row.status !== 'preliminary') continue;
        await writeRevision(platform, tx, principal, {
          order,
          existing: row,
          testCode: code,
          status: 'final',
          value: pickValue(row),
        });
      }
    }
    const now = platform.clock.now();
    const updated = await repo.updateOrder(tx, order.id, {
      status: 'resulted',
      reportStatus: input.status,
      resultedAt: order.resultedAt ?? now,
      updatedAt: now,
    });
    const facts = {
      orderId: order.id,
      reportStatus: input.status,
      resultIds: written.map((r) => r.id),
      flags: written.filter((r) => r.flag).map((r) => ({ testCode: r.testCode, flag: r.flag })),
      criticalCount,
    };
    await recordDomainEvent(tx, {
      topic: 'lab.results_entered',
      aggregateType: 'lab_order',
      aggregateId: order.id,
      patientId: order.patientId,
      facilityId: order.facilityId,
      payload: facts,
      occurredAt: now,
    });
    await platform.audit.record(tx, {
      action: 'lab.results_entered',
      patientId: order.patientId,
      entityType: 'lab_order',
      entityId: order.id,
      facilityId: order.facilityId,
      details: facts,
    });
    return viewOrder(tx, catalogue, updated);
  });
}

function pickValue(row: LabResultRow): EvaluatedValue {
  return {
    valueNumeric: row.valueNumeric,
    unit: row.unit,
    valueCode: row.valueCode,
    valueText: row.valueText,
    enteredValue: row.enteredValue,
    enteredUnit: row.enteredUnit,
    flag: row.flag,
    rangeLow: row.rangeLow,
    rangeHigh: row.rangeHigh,
  };
}

/**
 * POST /api/v1/lab-results/:id/amend: a final result is corrected by a new revision
 * (status amended, the reason, who and when); the prior value stays in the history.
 */
export async function amendResult(
  platform: Platform,
  principal: Principal | null,
  resultId: string,
  version: number | undefined,
  input: LabAmendInput,
): Promise<LabResult> {
  return platform.db.transaction(async (tx) => {
    const result = await repo.findResult(tx, resultId, { lock: true });
    if (!result) throw notFound('lab result', resultId);
    await platform.access.requireAccess(tx, principal, 'result.write', [result.patientId]);
    if (version !== undefined && version !== result.version) {
      throw versionMismatch('lab result', result.id, result.version);
    }
    if (result.status === 'preliminary') {
      throw new AppError(
        'lab.invalid_transition',
        `lab result ${result.id} is preliminary: enter the final result instead of amending`,
        { errors: [{ path: 'status', rule: 'not_from_preliminary', message: 'preliminary' }] },
      );
    }
    const order = await repo.findOrder(tx, result.orderId, { lock: true });
    if (!order) throw notFound('lab order', result.orderId);
    const catalogue = await loadCatalogue(tx);
    const test = catalogue.definitions.get(result.testCode);
    if (!test) throw notFound('lab test', result.testCode);
    const patient = await patientAtCollection(platform, tx, principal, order);
    const value = evaluateValue(test, input.value, patient, 'value');
    const row = await writeRevision(platform, tx, principal, {
      order,
      existing: result,
      testCode: result.testCode,
      status: 'amended',
      value,
      reason: input.reason,
    });
    await raiseCriticalAlertIfNeeded(platform, tx, order, row);
    const now = platform.clock.now();
    await repo.updateOrder(tx, order.id, { reportStatus: 'amended', updatedAt: now });
    const facts = {
      orderId: order.id,
      resultId: row.id,
      revision: row.revision,
      previousFlag: result.flag,
      flag: row.flag,
    };
    await recordDomainEvent(tx, {
      topic: 'lab.result_amended',
      aggregateType: 'lab_order',
      aggregateId: order.id,
      patientId: order.patientId,
      facilityId: order.facilityId,
      payload: facts,
      occurredAt: now,
    });
    await platform.audit.record(tx, {
      action: 'lab.result_amended',
      patientId: order.patientId,
      entityType: 'lab_result',
      entityId: row.id,
      facilityId: order.facilityId,
      details: facts,
    });
    const alerts = await repo.latestAlertsOfResults(tx, [row.id]);
    const names = await repo.usersByIds(tx, [
      row.resultedBy,
      alerts.get(row.id)?.acknowledgedBy ?? null,
    ]);
    return viewResult(catalogue, row, alerts.get(row.id) ?? null, names);
  });
}
