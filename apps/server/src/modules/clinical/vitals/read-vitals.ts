import type { z } from 'zod';
import {
  spo2AlternateCode,
  vitalCodes,
  vitalKindOfCode,
  vitalKinds,
  type Flowsheet,
  type LatestVitals,
  type VitalSet,
  type VitalSetPage,
  type flowsheetQuery,
  type vitalSetQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { openPatient } from './vitals-access.js';
import { news2PointOf, viewVitalSet, viewVitalSets } from './vitals-view.js';
import * as repo from './vitals.repository.js';
import type { PointRow } from './vitals.repository.js';

export type VitalSetQuery = z.output<typeof vitalSetQuery>;
export type FlowsheetQuery = z.output<typeof flowsheetQuery>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The keyset cursor: the last set's (taken_at, id). */
export function encodeVitalCursor(key: { takenAt: Date; id: string }): string {
  return Buffer.from(`vs1:${key.takenAt.getTime()}:${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeVitalCursor(cursor: string): { takenAt: Date; id: string } {
  const [tag, msText = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const ms = Number(msText);
  if (
    tag !== 'vs1' ||
    !Number.isSafeInteger(ms) ||
    !uuidPattern.test(id) ||
    encodeVitalCursor({ takenAt: new Date(ms), id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { takenAt: new Date(ms), id };
}

/** GET /api/v1/patients/:id/vital-sets: newest first, entered-in-error ones included. */
export async function listVitalSets(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  q: VitalSetQuery,
): Promise<VitalSetPage> {
  const after = q.cursor ? decodeVitalCursor(q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    await openPatient(platform, tx, principal, patientId, 'clinical.read');
    const rows = await repo.listVitalSets(tx, {
      patientId,
      encounterId: q.encounterId,
      after,
      limit: q.limit + 1,
    });
    const pageRows = rows.slice(0, q.limit);
    const items = await viewVitalSets(tx, pageRows);
    // Committed with the transaction, before the answer leaves: reads fail closed.
    await platform.audit.record(tx, {
      action: 'vitals.list',
      patientId,
      entityType: 'vital_set',
      details: { resultCount: items.length },
    });
    const last = pageRows.at(-1);
    return { items, nextCursor: rows.length > q.limit && last ? encodeVitalCursor(last) : null };
  });
}

/** GET /api/v1/vital-sets/:id */
export async function getVitalSet(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<VitalSet> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findVitalSet(tx, id);
    if (!row) throw notFound('vital set', id);
    await openPatient(platform, tx, principal, row.patientId, 'clinical.read');
    const answer = await viewVitalSet(tx, row);
    await platform.audit.record(tx, {
      action: 'vitals.read',
      patientId: row.patientId,
      entityType: 'vital_set',
      entityId: row.id,
    });
    return answer;
  });
}

// SpO2 comes under either LOINC code (imported records often use 2708-6).
const vitalSignCodes = [...vitalKinds.map((k) => vitalCodes[k].code), spo2AlternateCode];
const dayMs = 24 * 60 * 60_000;
/** The longest range one flowsheet request covers. */
const maxRangeMs = 366 * dayMs;

function toRows(points: PointRow[], codes: readonly string[]): Flowsheet['rows'] {
  return codes.map((code) => {
    const mine = points.filter((p) => p.code === code);
    const kind = vitalKindOfCode(code) ?? null;
    const first = mine[0];
    return {
      code,
      display: first?.display ?? (kind ? vitalCodes[kind].display : code),
      kind,
      unit: first?.unit ?? (kind ? vitalCodes[kind].unit : null),
      points: mine.map((p) => ({
        observationId: p.id,
        vitalSetId: p.vital_set_id,
        at: p.effective_at.toISOString(),
        value: p.value_numeric === null ? null : Number(p.value_numeric),
        valueCode: p.value_code,
        valueText: p.value_text,
      })),
    };
  });
}

/**
 * GET /api/v1/patients/:id/vitals/flowsheet: each code's values in [from, to) (default the
 * last 7 days), oldest first, at most `limit` per code (the newest), and the NEWS2 of the
 * scored sets in the range.
 */
export async function viewFlowsheet(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  q: FlowsheetQuery,
): Promise<Flowsheet> {
  const to = q.to ? new Date(q.to) : platform.clock.now();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * dayMs);
  if (from >= to) throw fieldError('query.from', 'before_to', 'must be before `to`');
  if (to.getTime() - from.getTime() > maxRangeMs) {
    throw fieldError('query.from', 'range_too_long', 'the range may cover at most 366 days');
  }
  const codes = q.code ?? vitalSignCodes;
  return platform.db.transaction(async (tx) => {
    await openPatient(platform, tx, principal, patientId, 'clinical.read');
    const points = await repo.findFlowsheetPoints(tx, {
      patientId,
      codes,
      from,
      to,
      limit: q.limit,
    });
    const sets = await repo.findNews2Sets(tx, { patientId, from, to, limit: q.limit });
    await platform.audit.record(tx, {
      action: 'vitals.flowsheet',
      patientId,
      entityType: 'observation',
      details: { from: from.toISOString(), to: to.toISOString(), pointCount: points.length },
    });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      rows: toRows(points, codes),
      news2: sets.map(news2PointOf),
    };
  });
}

/** GET /api/v1/patients/:id/vitals/latest: each vital's newest value and the latest NEWS2. */
export async function viewLatestVitals(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
): Promise<LatestVitals> {
  return platform.db.transaction(async (tx) => {
    await openPatient(platform, tx, principal, patientId, 'clinical.read');
    const points = await repo.findLatestPoints(tx, patientId, vitalSignCodes);
    const [latest] = await repo.findNews2Sets(tx, { patientId, limit: 1 });
    const { scale } = await repo.findCurrentScale(tx, patientId);
    await platform.audit.record(tx, {
      action: 'vitals.latest',
      patientId,
      entityType: 'observation',
      details: { valueCount: points.length, vitalSetId: latest?.id ?? null },
    });
    return {
      items: points.map((p) => ({
        code: p.code,
        display: p.display,
        kind: vitalKindOfCode(p.code) ?? null,
        value: p.value_numeric === null ? null : Number(p.value_numeric),
        unit: p.unit,
        valueCode: p.value_code,
        at: p.effective_at.toISOString(),
        vitalSetId: p.vital_set_id,
      })),
      news2: latest ? news2PointOf(latest) : null,
      spo2Scale: scale,
    };
  });
}
