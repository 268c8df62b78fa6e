import type { ProblemClinicalStatus, ProblemVerificationStatus } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import {
  appendHistory,
  insertProblem,
} from '../src/modules/clinical/problems/problem.repository.js';
import type { ProblemRow } from '../src/modules/clinical/problems/problems.tables.js';

export interface ProblemOptions {
  patientId: string;
  /** ICD-10-CM, dotted (must be in the loaded code set). Default E11.9. */
  code?: string | null;
  snomedCode?: string | null;
  display?: string;
  onsetDate?: string | null;
  abatementDate?: string | null;
  clinicalStatus?: ProblemClinicalStatus;
  verificationStatus?: ProblemVerificationStatus;
  note?: string | null;
  encounterId?: string | null;
  recordedBy?: string | null;
  source?: { system: string; id: string };
}

/**
 * A problem written straight to the database with its first history row, for tests that
 * need a problem list but do not test adding one.
 */
export async function createProblem(platform: Platform, o: ProblemOptions): Promise<ProblemRow> {
  const now = platform.clock.now();
  return platform.db.transaction(async (tx) => {
    const row = await insertProblem(tx, {
      id: newId(),
      patientId: o.patientId,
      encounterId: o.encounterId ?? null,
      icd10cmCode: o.code === undefined ? 'E11.9' : o.code,
      snomedCode: o.snomedCode ?? null,
      display: o.display ?? 'Type 2 diabetes mellitus without complications',
      onsetDate: o.onsetDate ?? null,
      abatementDate: o.abatementDate ?? null,
      clinicalStatus: o.clinicalStatus ?? 'active',
      verificationStatus: o.verificationStatus ?? 'confirmed',
      note: o.note ?? null,
      recordedBy: o.recordedBy ?? null,
      recordedAt: now,
      sourceSystem: o.source?.system ?? null,
      sourceId: o.source?.id ?? null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await appendHistory(tx, { problemIds: [row.id], action: 'created', at: now, by: null });
    return row;
  });
}
