import {
  news2Parameters,
  vitalKindOfCode,
  type News2Point,
  type ObservationValue,
  type VitalSet,
} from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import * as repo from './vitals.repository.js';
import type { ObservationRow, VitalSetRow } from './vitals.tables.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toValue(o: ObservationRow): ObservationValue {
  return {
    id: o.id,
    code: o.code,
    display: o.display,
    kind: vitalKindOfCode(o.code) ?? null,
    value: num(o.valueNumeric),
    unit: o.unit,
    valueCode: o.valueCode,
    valueText: o.valueText,
  };
}

export function news2PointOf(r: VitalSetRow): News2Point {
  return {
    vitalSetId: r.id,
    at: r.takenAt.toISOString(),
    total: r.news2Total,
    band: r.news2Band,
    isAlert: r.news2Alert,
  };
}

/** The API's view of sets: their observations and recorders read in two queries. */
export async function viewVitalSets(db: DbOrTx, rows: readonly VitalSetRow[]): Promise<VitalSet[]> {
  const observations = await repo.observationsOfSets(
    db,
    rows.map((r) => r.id),
  );
  const names = await repo.userNames(
    db,
    rows.map((r) => r.recordedBy),
  );
  const bySet = new Map<string, ObservationRow[]>();
  for (const o of observations) {
    if (o.vitalSetId) bySet.set(o.vitalSetId, [...(bySet.get(o.vitalSetId) ?? []), o]);
  }
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patientId,
    encounterId: r.encounterId,
    takenAt: r.takenAt.toISOString(),
    recordedAt: r.createdAt.toISOString(),
    recordedBy: r.recordedBy,
    recordedByName: r.recordedBy ? (names.get(r.recordedBy) ?? null) : null,
    onSupplementalOxygen: r.onSupplementalOxygen,
    oxygenFlowLpm: num(r.oxygenFlowLpm),
    oxygenDevice: r.oxygenDevice,
    consciousness: r.consciousness,
    news2: {
      total: r.news2Total,
      band: r.news2Band,
      hasRedScore: r.news2HasRedScore,
      isAlert: r.news2Alert,
      scores: r.news2Scores,
      missing: news2Missing(r),
      spo2Scale: r.spo2Scale,
    },
    status: r.status,
    errorReason: r.errorReason,
    observations: (bySet.get(r.id) ?? []).map(toValue),
    version: r.version,
  }));
}

function news2Missing(r: VitalSetRow): VitalSet['news2']['missing'] {
  return news2Parameters.filter((p) => r.news2Scores[p] === undefined);
}

export async function viewVitalSet(db: DbOrTx, row: VitalSetRow): Promise<VitalSet> {
  const [view] = await viewVitalSets(db, [row]);
  if (!view) throw new Error('a viewed set vanished');
  return view;
}
