import type { Allergy, AllergyAssessment, AllergyHistory } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import * as repo from './allergy.repository.js';
import type { AllergyAssessmentRow, AllergyHistoryRow, AllergyRow } from './allergies.tables.js';

type Names = Map<string, string>;

function actor(id: string | null, names: Names): Allergy['recordedBy'] {
  return id ? { id, name: names.get(id) ?? id } : null;
}

function toAllergy(r: AllergyRow, names: Names): Allergy {
  return {
    id: r.id,
    patientId: r.patientId,
    encounterId: r.encounterId,
    category: r.category,
    substance: { system: r.substanceSystem, code: r.substanceCode, display: r.substanceDisplay },
    type: r.type,
    criticality: r.criticality,
    clinicalStatus: r.clinicalStatus,
    verificationStatus: r.verificationStatus,
    reactions: r.reactions,
    onset: r.onset,
    lastOccurrence: r.lastOccurrence,
    note: r.note,
    recordedBy: actor(r.recordedBy, names),
    recordedAt: r.recordedAt.toISOString(),
    statusReason: r.statusReason,
    sourceSystem: r.sourceSystem,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function viewAllergies(db: DbOrTx, rows: readonly AllergyRow[]): Promise<Allergy[]> {
  const names = await repo.actorNames(
    db,
    rows.map((r) => r.recordedBy),
  );
  return rows.map((r) => toAllergy(r, names));
}

export async function viewAllergy(db: DbOrTx, row: AllergyRow): Promise<Allergy> {
  const [one] = await viewAllergies(db, [row]);
  if (!one) throw new Error('viewAllergies lost a row');
  return one;
}

export async function viewAssessment(
  db: DbOrTx,
  row: AllergyAssessmentRow | null,
): Promise<AllergyAssessment | null> {
  if (!row) return null;
  const names = await repo.actorNames(db, [row.assessedBy]);
  return {
    status: row.status,
    assessedBy: actor(row.assessedBy, names),
    assessedAt: row.assessedAt.toISOString(),
    version: row.version,
  };
}

// History snapshots are to_jsonb(allergy_intolerance) rows (snake_case, as PostgreSQL wrote them).
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export async function viewHistory(
  db: DbOrTx,
  rows: readonly AllergyHistoryRow[],
): Promise<AllergyHistory> {
  const names = await repo.actorNames(
    db,
    rows.map((r) => r.recordedBy),
  );
  type Item = AllergyHistory['items'][number];
  return {
    items: rows.map((r) => {
      const s = r.snapshot;
      return {
        version: r.version,
        recordedAt: r.recordedAt.toISOString(),
        recordedBy: actor(r.recordedBy, names),
        clinicalStatus: s.clinical_status as Item['clinicalStatus'],
        verificationStatus: s.verification_status as Item['verificationStatus'],
        criticality: s.criticality as Item['criticality'],
        substanceDisplay: str(s.substance_display) ?? '',
        statusReason: str(s.status_reason),
      };
    }),
  };
}
