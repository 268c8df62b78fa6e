import { newId } from '../../../platform/ids.js';
import type { DbOrTx } from '../../../platform/db.js';
import { patientHistory } from '../patients.tables.js';

export interface HistoryRecord {
  patientId: string;
  entityType: 'patient' | 'coverage';
  entityId: string;
  /** The entity's version after the change (1 when created). */
  version: number;
  /** What happened, e.g. `created`, `updated`, `merged`, `status_changed`. */
  action: string;
  /** The entity as it is after the change (no SSN: only its last four). */
  snapshot: Record<string, unknown>;
  recordedAt: Date;
  recordedBy: string | null;
}

/** Appends one version to a patient's history, in the transaction that made the change. */
export async function recordHistory(tx: DbOrTx, entry: HistoryRecord): Promise<void> {
  await tx.insert(patientHistory).values({ id: newId(), ...entry });
}
