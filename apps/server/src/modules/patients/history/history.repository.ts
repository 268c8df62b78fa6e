import { sql } from 'drizzle-orm';
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

export interface HistoryRow {
  id: string;
  entityType: 'patient' | 'coverage';
  entityId: string;
  version: number;
  action: string;
  snapshot: Record<string, unknown>;
  /** The same entity's snapshot one version earlier; null for its first version. */
  previousSnapshot: Record<string, unknown> | null;
  recordedAt: Date;
  recordedBy: { id: string; displayName: string } | null;
}

/** Where a page of history ends: the last entry's time and id (entries sort by both). */
export interface HistoryCursor {
  recordedAt: Date;
  id: string;
}

/**
 * A patient's history (its record and its coverages), newest first, each entry with the
 * previous version of the same entity so the caller can diff without a second query.
 */
export async function listHistory(
  tx: DbOrTx,
  patientId: string,
  page: { limit: number; after: HistoryCursor | null },
): Promise<HistoryRow[]> {
  const after = page.after
    ? sql`and (h.recorded_at, h.id) < (${page.after.recordedAt.toISOString()}::timestamptz, ${page.after.id}::uuid)`
    : sql``;
  const { rows } = await tx.execute<{
    id: string;
    entity_type: 'patient' | 'coverage';
    entity_id: string;
    version: number;
    action: string;
    snapshot: Record<string, unknown>;
    previous_snapshot: Record<string, unknown> | null;
    recorded_at: string | Date;
    recorded_by: string | null;
    recorded_by_name: string | null;
  }>(sql`
    select h.id, h.entity_type, h.entity_id, h.version, h.action, h.snapshot,
           (select p.snapshot from patient_history p
             where p.entity_type = h.entity_type and p.entity_id = h.entity_id
               and p.version < h.version
             order by p.version desc limit 1) as previous_snapshot,
           h.recorded_at, h.recorded_by, u.display_name as recorded_by_name
      from patient_history h
      left join user_account u on u.id = h.recorded_by
     where h.patient_id = ${patientId} ${after}
     order by h.recorded_at desc, h.id desc
     limit ${page.limit}`);
  return rows.map((r) => ({
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    version: r.version,
    action: r.action,
    snapshot: r.snapshot,
    previousSnapshot: r.previous_snapshot,
    recordedAt: new Date(r.recorded_at),
    recordedBy:
      r.recorded_by && r.recorded_by_name !== null
        ? { id: r.recorded_by, displayName: r.recorded_by_name }
        : null,
  }));
}
