import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import { patient, patientMerge, patientMrnAlias } from '../patients.tables.js';

/** Retires the duplicate into the survivor and takes the next version. */
export async function markMerged(
  tx: DbOrTx,
  ids: { survivorId: string; duplicateId: string },
  at: Date,
  by: string | null,
): Promise<void> {
  await tx
    .update(patient)
    .set({
      status: 'merged',
      mergedIntoId: ids.survivorId,
      mergedAt: at,
      version: sql`${patient.version} + 1`,
      updatedAt: at,
      updatedBy: by,
    })
    .where(eq(patient.id, ids.duplicateId));
}

/** The survivor's next version, after the handlers changed it. */
export async function bumpVersion(
  tx: DbOrTx,
  id: string,
  at: Date,
  by: string | null,
): Promise<void> {
  await tx
    .update(patient)
    .set({ version: sql`${patient.version} + 1`, updatedAt: at, updatedBy: by })
    .where(eq(patient.id, id));
}

/**
 * The duplicate's MRN, and the MRNs of records merged into it before, now find the survivor.
 * The alias's `retired_patient_id` keeps which record each MRN first belonged to.
 */
export async function retireMrn(
  tx: DbOrTx,
  ids: { survivorId: string; duplicateId: string },
  mrn: string,
  at: Date,
): Promise<void> {
  await tx
    .update(patientMrnAlias)
    .set({ patientId: ids.survivorId })
    .where(eq(patientMrnAlias.patientId, ids.duplicateId));
  await tx
    .insert(patientMrnAlias)
    .values({ mrn, patientId: ids.survivorId, retiredPatientId: ids.duplicateId, createdAt: at });
}

export interface MergeRecord {
  survivorId: string;
  duplicateId: string;
  retiredMrn: string;
  reason: string;
  survivorSnapshot: Record<string, unknown>;
  duplicateSnapshot: Record<string, unknown>;
  moved: Record<string, number>;
  mergedAt: Date;
  mergedBy: string | null;
}

export async function insertMerge(tx: DbOrTx, record: MergeRecord): Promise<string> {
  const id = newId();
  await tx.insert(patientMerge).values({ id, ...record });
  return id;
}
