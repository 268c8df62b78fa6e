import type { PatientProblem, ProblemVersion } from '@meridian/contracts';
import { problemHistoryActions } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import * as repo from './problem.repository.js';
import type { ProblemHistoryRow, ProblemRow } from './problems.tables.js';

type Names = Map<string, string>;

function actor(id: string | null, names: Names): PatientProblem['recordedBy'] {
  return id ? { id, name: names.get(id) ?? id } : null;
}

function toProblem(r: ProblemRow, names: Names, billable: Map<string, boolean>): PatientProblem {
  return {
    id: r.id,
    patientId: r.patientId,
    encounterId: r.encounterId,
    code: r.icd10cmCode,
    isBillable: r.icd10cmCode === null ? null : (billable.get(r.icd10cmCode) ?? null),
    snomedCode: r.snomedCode,
    display: r.display,
    onsetDate: r.onsetDate,
    abatementDate: r.abatementDate,
    clinicalStatus: r.clinicalStatus,
    verificationStatus: r.verificationStatus,
    note: r.note,
    recordedAt: r.recordedAt.toISOString(),
    recordedBy: actor(r.recordedBy, names),
    enteredInErrorReason: r.enteredInErrorReason,
    sourceSystem: r.sourceSystem,
    sourceId: r.sourceId,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function viewProblems(db: DbOrTx, rows: readonly ProblemRow[]) {
  const names = await repo.actorNames(
    db,
    rows.map((r) => r.recordedBy),
  );
  const billable = await repo.billableOf(
    db,
    rows.map((r) => r.icd10cmCode),
  );
  return rows.map((r) => toProblem(r, names, billable));
}

export async function viewProblem(db: DbOrTx, row: ProblemRow): Promise<PatientProblem> {
  const [one] = await viewProblems(db, [row]);
  if (!one) throw new Error('viewProblems lost a row');
  return one;
}

// ---- History: snapshots are to_jsonb(problem) rows (snake_case, as PostgreSQL wrote them) ----

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const instantOf = (v: unknown): string => new Date(String(v)).toISOString();

function snapshotProblem(s: Record<string, unknown>): ProblemVersion['problem'] {
  return {
    id: String(s.id),
    patientId: String(s.patient_id),
    encounterId: str(s.encounter_id),
    code: str(s.icd10cm_code),
    snomedCode: str(s.snomed_code),
    display: String(s.display),
    onsetDate: str(s.onset_date),
    abatementDate: str(s.abatement_date),
    clinicalStatus: s.clinical_status as ProblemVersion['problem']['clinicalStatus'],
    verificationStatus: s.verification_status as ProblemVersion['problem']['verificationStatus'],
    note: str(s.note),
    recordedAt: instantOf(s.recorded_at),
    enteredInErrorReason: str(s.entered_in_error_reason),
    sourceSystem: str(s.source_system),
    sourceId: str(s.source_id),
    version: Number(s.version),
    updatedAt: instantOf(s.updated_at),
  };
}

export async function viewHistory(
  db: DbOrTx,
  rows: readonly ProblemHistoryRow[],
): Promise<ProblemVersion[]> {
  const names = await repo.actorNames(
    db,
    rows.map((r) => r.recordedBy),
  );
  return rows.map((r) => ({
    version: r.version,
    action: problemHistoryActions.find((a) => a === r.action) ?? 'updated',
    recordedAt: r.recordedAt.toISOString(),
    recordedBy: actor(r.recordedBy, names),
    problem: snapshotProblem(r.snapshot),
  }));
}
