import type { Immunization, Procedure } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import * as repo from './immunization.repository.js';
import type { ImmunizationRow, ProcedureRow } from './immunizations.tables.js';

type Names = Map<string, string>;

const actor = (id: string | null, names: Names) => (id ? { id, name: names.get(id) ?? id } : null);

function performer(
  r: { performerId: string | null; performerDisplay: string | null },
  names: Names,
): Immunization['performer'] {
  if (r.performerId) return { id: r.performerId, name: names.get(r.performerId) ?? r.performerId };
  return r.performerDisplay ? { id: null, name: r.performerDisplay } : null;
}

async function namesOf(db: DbOrTx, rows: readonly ImmunizationRow[] | readonly ProcedureRow[]) {
  return repo.actorNames(
    db,
    rows.flatMap((r) => [r.recordedBy, r.performerId]),
  );
}

export async function viewImmunizations(
  db: DbOrTx,
  rows: readonly ImmunizationRow[],
): Promise<Immunization[]> {
  const names = await namesOf(db, rows);
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patientId,
    encounterId: r.encounterId,
    vaccine: { system: 'cvx', code: r.vaccineCode, display: r.vaccineDisplay },
    status: r.status,
    notDoneReason: r.notDoneReason,
    occurrenceDate: r.occurrenceDate,
    lotNumber: r.lotNumber,
    site: r.site,
    route: r.route,
    doseNumber: r.doseNumber,
    performer: performer(r, names),
    note: r.note,
    errorReason: r.errorReason,
    recordedBy: actor(r.recordedBy, names),
    recordedAt: r.recordedAt.toISOString(),
    sourceSystem: r.sourceSystem,
    sourceId: r.sourceId,
    version: r.version,
  }));
}

export async function viewProcedures(
  db: DbOrTx,
  rows: readonly ProcedureRow[],
): Promise<Procedure[]> {
  const names = await namesOf(db, rows);
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patientId,
    encounterId: r.encounterId,
    code: { system: r.codeSystem, code: r.code, display: r.display },
    status: r.status,
    performedStart: r.performedStart.toISOString(),
    performedEnd: r.performedEnd?.toISOString() ?? null,
    bodySite:
      r.bodySiteCode || r.bodySiteDisplay
        ? { code: r.bodySiteCode, display: r.bodySiteDisplay }
        : null,
    outcome: r.outcome,
    performer: performer(r, names),
    errorReason: r.errorReason,
    recordedBy: actor(r.recordedBy, names),
    recordedAt: r.recordedAt.toISOString(),
    sourceSystem: r.sourceSystem,
    sourceId: r.sourceId,
    version: r.version,
  }));
}

export async function viewOne<R, V>(
  db: DbOrTx,
  row: R,
  view: (db: DbOrTx, rows: readonly R[]) => Promise<V[]>,
): Promise<V> {
  const [one] = await view(db, [row]);
  if (one === undefined) throw new Error('view lost a row');
  return one;
}
