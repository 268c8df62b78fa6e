import { formatLabOrderNumber, type LabOrder, type LabResult } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { Catalogue } from './catalogue.js';
import type { LabCriticalAlertRow, LabOrderRow, LabResultRow } from './labs.tables.js';
import * as repo from './lab.repository.js';

type Names = Map<string, { displayName: string }>;
const nameOf = (names: Names, id: string | null) =>
  id ? (names.get(id)?.displayName ?? null) : null;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function viewResult(
  catalogue: Catalogue,
  r: LabResultRow,
  alert: LabCriticalAlertRow | null,
  names: Names,
): LabResult {
  const row = catalogue.rows.get(r.testCode);
  return {
    id: r.id,
    orderId: r.orderId,
    testCode: r.testCode,
    name: row?.name ?? r.testCode,
    shortName: row?.shortName ?? r.testCode,
    status: r.status,
    valueNumeric: r.valueNumeric,
    unit: r.unit,
    valueCode: r.valueCode,
    valueText: r.valueText,
    enteredValue: r.enteredValue,
    enteredUnit: r.enteredUnit,
    flag: r.flag,
    rangeLow: r.rangeLow,
    rangeHigh: r.rangeHigh,
    observedAt: r.observedAt.toISOString(),
    resultedAt: r.resultedAt.toISOString(),
    resultedByName: nameOf(names, r.resultedBy),
    revision: r.revision,
    version: r.version,
    critical: alert
      ? {
          id: alert.id,
          flag: alert.flag,
          raisedAt: alert.raisedAt.toISOString(),
          dueAt: alert.dueAt.toISOString(),
          acknowledgedAt: iso(alert.acknowledgedAt),
          acknowledgedByName: nameOf(names, alert.acknowledgedBy),
          escalatedAt: iso(alert.escalatedAt),
        }
      : null,
  };
}

/** The orders as the API shows them: tests, results (in catalogue order), people's names. */
export async function viewOrders(
  tx: DbOrTx,
  catalogue: Catalogue,
  orders: readonly LabOrderRow[],
): Promise<LabOrder[]> {
  const ids = orders.map((o) => o.id);
  const items = await repo.itemsOfOrders(tx, ids);
  const results = await repo.resultsOfOrders(tx, ids);
  const alerts = await repo.latestAlertsOfResults(
    tx,
    results.map((r) => r.id),
  );
  const names = await repo.usersByIds(tx, [
    ...orders.flatMap((o) => [o.orderedBy, o.collectedBy]),
    ...results.map((r) => r.resultedBy),
    ...[...alerts.values()].map((a) => a.acknowledgedBy),
  ]);
  const position = (code: string) => catalogue.rows.get(code)?.position ?? 9999;
  return orders.map((o) => ({
    id: o.id,
    orderNumber: formatLabOrderNumber(o.orderNumber),
    patientId: o.patientId,
    encounterId: o.encounterId,
    facilityId: o.facilityId,
    priority: o.priority,
    status: o.status,
    reportStatus: o.reportStatus,
    clinicalNote: o.clinicalNote,
    orderedById: o.orderedBy,
    orderedByName: nameOf(names, o.orderedBy),
    orderedAt: o.orderedAt.toISOString(),
    tests: items
      .filter((i) => i.orderId === o.id)
      .map((i) => {
        const row = catalogue.rows.get(i.testCode);
        return {
          code: i.testCode,
          shortName: row?.shortName ?? i.testCode,
          name: row?.name ?? i.testCode,
          specimen: row?.specimen ?? 'blood',
        };
      }),
    specimenType: o.specimenType,
    collectedAt: iso(o.collectedAt),
    collectedByName: nameOf(names, o.collectedBy),
    resultedAt: iso(o.resultedAt),
    cancelledAt: iso(o.cancelledAt),
    cancelReason: o.cancelReason,
    results: results
      .filter((r) => r.orderId === o.id)
      .sort((a, b) => position(a.testCode) - position(b.testCode))
      .map((r) => viewResult(catalogue, r, alerts.get(r.id) ?? null, names)),
    version: o.version,
  }));
}

export async function viewOrder(
  tx: DbOrTx,
  catalogue: Catalogue,
  order: LabOrderRow,
): Promise<LabOrder> {
  const [view] = await viewOrders(tx, catalogue, [order]);
  if (!view) throw new Error(`lab order ${order.id} has no view`);
  return view;
}
