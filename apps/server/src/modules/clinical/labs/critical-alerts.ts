import {
  formatLabOrderNumber,
  isCriticalFlag,
  type LabCriticalAlert,
  type LabCriticalQuery,
  type LabResult,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { recordDomainEvent } from '../../../platform/events/domain-events.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { patientSummaries } from '../../patients/index.js';
import { loadCatalogue } from './catalogue.js';
import { decodeTimeCursor, encodeTimeCursor } from './lab-cursor.js';
import type { LabOrderRow, LabResultRow } from './labs.tables.js';
import { viewResult } from './order-view.js';
import * as repo from './lab.repository.js';

/**
 * A critical value (LL/HH) needs a clinician's acknowledgement within
 * LAB_CRITICAL_ACK_MINUTES. One open alert per result: a result already waiting for its
 * acknowledgement (a preliminary critical now final) does not raise a second.
 */
export async function raiseCriticalAlertIfNeeded(
  platform: Platform,
  tx: DbOrTx,
  order: LabOrderRow,
  result: LabResultRow,
): Promise<boolean> {
  if (!isCriticalFlag(result.flag)) return false;
  if (await repo.hasOpenAlert(tx, result.id)) return false;
  const now = platform.clock.now();
  const id = newId();
  await repo.insertAlert(tx, {
    id,
    resultId: result.id,
    revision: result.revision,
    orderId: order.id,
    patientId: order.patientId,
    facilityId: order.facilityId,
    flag: result.flag,
    raisedAt: now,
    dueAt: new Date(now.getTime() + platform.config.LAB_CRITICAL_ACK_MINUTES * 60_000),
    escalatedTo: [],
    version: 1,
  });
  await recordDomainEvent(tx, {
    topic: 'lab.critical_result',
    aggregateType: 'lab_order',
    aggregateId: order.id,
    patientId: order.patientId,
    facilityId: order.facilityId,
    payload: {
      orderId: order.id,
      resultId: result.id,
      alertId: id,
      testCode: result.testCode,
      flag: result.flag,
    },
    occurredAt: now,
  });
  return true;
}

/** POST /api/v1/lab-critical-alerts/:id/acknowledge: a clinician has seen the critical value. */
export async function acknowledgeCriticalAlert(
  platform: Platform,
  principal: Principal | null,
  alertId: string,
  note: string | undefined,
): Promise<LabResult> {
  return platform.db.transaction(async (tx) => {
    const alert = await repo.findAlert(tx, alertId, { lock: true });
    if (!alert) throw notFound('lab critical alert', alertId);
    await platform.access.requireAccess(tx, principal, 'clinical.write', [alert.patientId]);
    if (alert.acknowledgedAt) {
      throw new AppError(
        'lab.already_acknowledged',
        `critical alert ${alert.id} was acknowledged at ${alert.acknowledgedAt.toISOString()}`,
      );
    }
    const now = platform.clock.now();
    await repo.updateAlert(tx, alert.id, {
      acknowledgedAt: now,
      acknowledgedBy: principal?.userId ?? null,
      acknowledgementNote: note ?? null,
    });
    const facts = {
      alertId: alert.id,
      resultId: alert.resultId,
      orderId: alert.orderId,
      minutesToAcknowledge: Math.round((now.getTime() - alert.raisedAt.getTime()) / 60_000),
      wasEscalated: alert.escalatedAt !== null,
    };
    await recordDomainEvent(tx, {
      topic: 'lab.critical_acknowledged',
      aggregateType: 'lab_order',
      aggregateId: alert.orderId,
      patientId: alert.patientId,
      facilityId: alert.facilityId,
      payload: facts,
      occurredAt: now,
    });
    await platform.audit.record(tx, {
      action: 'lab.critical_acknowledged',
      patientId: alert.patientId,
      entityType: 'lab_result',
      entityId: alert.resultId,
      facilityId: alert.facilityId,
      details: facts,
    });
    const result = await repo.findResult(tx, alert.resultId);
    if (!result) throw notFound('lab result', alert.resultId);
    const alerts = await repo.latestAlertsOfResults(tx, [result.id]);
    const names = await repo.usersByIds(tx, [result.resultedBy, principal?.userId ?? null]);
    return viewResult(await loadCatalogue(tx), result, alerts.get(result.id) ?? null, names);
  });
}

/**
 * GET /api/v1/lab-critical-alerts: unacknowledged critical results, most overdue first. For
 * one patient, access to that patient is required (denial audited); otherwise the patients
 * the reader may not open are left out. One audit row names the patients shown.
 */
export async function listCriticalAlerts(
  platform: Platform,
  principal: Principal | null,
  q: LabCriticalQuery,
): Promise<{ items: LabCriticalAlert[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeTimeCursor('lca1', q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    if (q.patientId) {
      await platform.access.requireAccess(tx, principal, 'clinical.read', [q.patientId]);
    }
    if (q.facilityId) requireFacilityScope(principal, q.facilityId);
    const rows = await repo.listOpenAlerts(tx, {
      ...(q.facilityId ? { facilityId: q.facilityId } : {}),
      ...(q.patientId ? { patientId: q.patientId } : {}),
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const pageRows = rows.slice(0, q.limit);
    // Restricted records the reader has not broken the glass for are left out of the list.
    const visible = await platform.access.filterAccessible(
      tx,
      principal,
      'clinical.read',
      pageRows.map((r) => r.patientId),
    );
    const shown = pageRows.filter((r) => visible.has(r.patientId));
    const summaries = await patientSummaries(
      platform,
      tx,
      principal,
      'clinical.read',
      shown.map((r) => r.patientId),
    );
    const catalogue = await loadCatalogue(tx);
    const results = new Map(
      (
        await repo.resultsOfOrders(
          tx,
          shown.map((r) => r.orderId),
        )
      ).map((r) => [r.id, r]),
    );
    const orders = new Map<string, number>();
    for (const r of shown) {
      const order = await repo.findOrder(tx, r.orderId);
      if (order) orders.set(order.id, order.orderNumber);
    }
    const now = platform.clock.now();
    const items: LabCriticalAlert[] = [];
    for (const a of shown) {
      const result = results.get(a.resultId);
      const patient = summaries.get(a.patientId);
      if (!result || !patient) continue;
      items.push({
        id: a.id,
        flag: a.flag,
        raisedAt: a.raisedAt.toISOString(),
        dueAt: a.dueAt.toISOString(),
        acknowledgedAt: null,
        acknowledgedByName: null,
        escalatedAt: a.escalatedAt?.toISOString() ?? null,
        resultId: a.resultId,
        orderId: a.orderId,
        orderNumber: formatLabOrderNumber(orders.get(a.orderId) ?? 0),
        patient,
        testCode: result.testCode,
        shortName: catalogue.rows.get(result.testCode)?.shortName ?? result.testCode,
        valueNumeric: result.valueNumeric,
        unit: result.unit,
        isOverdue: a.dueAt.getTime() <= now.getTime(),
      });
    }
    await platform.audit.record(tx, {
      action: 'lab.critical_list',
      entityType: 'lab_critical_alert',
      ...(q.patientId ? { patientId: q.patientId } : {}),
      ...(q.facilityId ? { facilityId: q.facilityId } : {}),
      details: {
        patientIds: [...new Set(items.map((i) => i.patient.id))],
        resultCount: items.length,
      },
    });
    const last = pageRows.at(-1);
    return {
      items,
      nextCursor:
        rows.length > q.limit && last
          ? encodeTimeCursor('lca1', { at: last.raisedAt, id: last.id })
          : null,
    };
  });
}

/**
 * The escalation job's work: unacknowledged critical alerts past due are escalated once —
 * escalated_at recorded, the ordering clinician e-mailed through the outbox (ids and the
 * accession number only, never PHI), a domain event and an audit row — in batches of
 * `limit`, each batch one transaction. Returns how many it escalated.
 */
export async function escalateOverdueCriticalAlerts(
  platform: Platform,
  opts: { now?: Date; limit?: number } = {},
): Promise<number> {
  const now = opts.now ?? platform.clock.now();
  const limit = opts.limit ?? 100;
  let total = 0;
  for (;;) {
    const escalated = await platform.db.transaction(async (tx) => {
      const due = await repo.lockDueAlerts(tx, now, limit);
      for (const alert of due) await escalateOne(platform, tx, alert, now);
      return due.length;
    });
    total += escalated;
    if (escalated < limit) return total;
  }
}

async function escalateOne(
  platform: Platform,
  tx: DbOrTx,
  alert: Awaited<ReturnType<typeof repo.lockDueAlerts>>[number],
  now: Date,
): Promise<void> {
  const order = await repo.findOrder(tx, alert.orderId);
  const orderNumber = formatLabOrderNumber(order?.orderNumber ?? 0);
  const users = await repo.usersByIds(tx, [order?.orderedBy ?? null]);
  const notify = [...users.entries()].filter(([, u]) => u.status === 'active');
  const minutes = Math.round((now.getTime() - alert.raisedAt.getTime()) / 60_000);
  for (const [, user] of notify) {
    await platform.outbox.enqueue(tx, {
      channel: 'email',
      recipient: user.email,
      subject: `Critical lab result not yet acknowledged (${orderNumber})`,
      body:
        `A critical result on lab order ${orderNumber} has waited ${minutes} minutes for ` +
        'acknowledgement. Sign in to Meridian to review and acknowledge it.',
    });
  }
  await repo.updateAlert(tx, alert.id, {
    escalatedAt: now,
    escalatedTo: notify.map(([id]) => id),
  });
  const facts = {
    alertId: alert.id,
    resultId: alert.resultId,
    orderId: alert.orderId,
    notifiedUserIds: notify.map(([id]) => id),
  };
  await recordDomainEvent(tx, {
    topic: 'lab.critical_escalated',
    aggregateType: 'lab_order',
    aggregateId: alert.orderId,
    patientId: alert.patientId,
    facilityId: alert.facilityId,
    payload: facts,
    occurredAt: now,
  });
  await platform.audit.record(tx, {
    action: 'lab.critical_escalated',
    actorUserId: null,
    patientId: alert.patientId,
    entityType: 'lab_result',
    entityId: alert.resultId,
    facilityId: alert.facilityId,
    details: facts,
  });
}
