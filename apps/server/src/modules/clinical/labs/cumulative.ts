import {
  formatLabOrderNumber,
  type LabCumulative,
  type LabCumulativeQuery,
  type LabSeries,
  type LabSeriesQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { loadCatalogue } from './catalogue.js';
import { decodeTimeCursor, encodeTimeCursor } from './lab-cursor.js';
import * as repo from './lab.repository.js';

/**
 * GET /api/v1/patients/:id/lab-results/cumulative: tests x collections, newest collection
 * first, paged by time (`limit` collections a page). Rows follow the catalogue's order.
 */
export async function getCumulative(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  q: LabCumulativeQuery,
): Promise<LabCumulative> {
  const after = q.cursor ? decodeTimeCursor('lc1', q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    const found = await repo.resultColumns(tx, {
      patientId,
      ...(q.codes ? { codes: q.codes } : {}),
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const columns = found.slice(0, q.limit);
    const results = (
      await repo.resultsOfOrders(
        tx,
        columns.map((c) => c.orderId),
      )
    ).filter((r) => !q.codes || q.codes.includes(r.testCode));
    const catalogue = await loadCatalogue(tx);
    const codes = [...new Set(results.map((r) => r.testCode))].sort(
      (a, b) =>
        (catalogue.rows.get(a)?.position ?? 9999) - (catalogue.rows.get(b)?.position ?? 9999),
    );
    const column = new Map(columns.map((c, i) => [c.orderId, i]));
    const rows = codes.map((code) => {
      const row = catalogue.rows.get(code);
      const cells: LabCumulative['rows'][number]['cells'] = columns.map(() => null);
      for (const r of results) {
        const i = column.get(r.orderId);
        if (r.testCode !== code || i === undefined) continue;
        cells[i] = {
          resultId: r.id,
          status: r.status,
          valueNumeric: r.valueNumeric,
          valueCode: r.valueCode,
          valueText: r.valueText,
          flag: r.flag,
        };
      }
      return {
        testCode: code,
        shortName: row?.shortName ?? code,
        name: row?.name ?? code,
        unit: row?.unit ?? null,
        cells,
      };
    });
    await platform.audit.record(tx, {
      action: 'lab.cumulative_read',
      patientId,
      entityType: 'lab_result',
      details: { columnCount: columns.length, testCodes: codes },
    });
    const last = columns.at(-1);
    return {
      columns: columns.map((c) => ({
        orderId: c.orderId,
        orderNumber: formatLabOrderNumber(c.orderNumber),
        observedAt: c.observedAt.toISOString(),
      })),
      rows,
      nextCursor:
        found.length > q.limit && last
          ? encodeTimeCursor('lc1', { at: last.observedAt, id: last.orderId })
          : null,
    };
  });
}

/** GET /api/v1/patients/:id/lab-results/series?code=: one numeric test over time, for a trend. */
export async function getSeries(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  q: LabSeriesQuery,
): Promise<LabSeries> {
  const after = q.cursor ? decodeTimeCursor('ls1', q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    const catalogue = await loadCatalogue(tx);
    const test = catalogue.definitions.get(q.code);
    if (!test || test.valueType !== 'numeric') {
      throw new AppError('lab.unknown_test', `${q.code} is not a numeric test of the catalogue`, {
        errors: [{ path: 'query.code', rule: 'numeric_test', message: 'not a numeric test' }],
      });
    }
    const found = await repo.seriesOf(tx, {
      patientId,
      code: q.code,
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const rows = found.slice(0, q.limit);
    await platform.audit.record(tx, {
      action: 'lab.series_read',
      patientId,
      entityType: 'lab_result',
      details: { testCode: q.code, pointCount: rows.length },
    });
    const last = rows.at(-1);
    return {
      test,
      points: rows.map((r) => ({
        resultId: r.id,
        observedAt: r.observedAt.toISOString(),
        value: r.valueNumeric ?? 0,
        flag: r.flag,
        status: r.status,
      })),
      nextCursor:
        found.length > q.limit && last
          ? encodeTimeCursor('ls1', { at: last.observedAt, id: last.id })
          : null,
    };
  });
}
