// The idempotent bulk insert every mapper uses: one statement inserts the rows that are new
// (ON CONFLICT on the table's (source_system, source_id) does nothing) and answers, for every
// row, our id — the new one, or the id of the row imported before.
import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../platform/db.js';
import { insertRowsSql } from '../../../platform/bulk-insert.js';
import { EntryWriteError, type Parsed, type WrittenEntry } from './fhir-mapper.js';

/** What every clinical table has (migration 0400's conventions). */
export interface SourcedRow {
  id: string;
  patientId: string;
  sourceSystem: string | null;
  sourceId: string | null;
}

const sourceKey = (system: string, id: string) => `${system}\u0000${id}`;

/**
 * Inserts `rows` into `table` (one statement) and answers each entry's id. A row whose
 * source was imported before keeps the earlier row (nothing is updated); if that row
 * belongs to another patient the import of this one stops (EntryWriteError), so a record
 * never silently points across patients.
 */
export async function insertSourced<Row extends SourcedRow>(
  tx: DbOrTx,
  table: PgTable,
  rows: readonly Parsed<Row>[],
): Promise<WrittenEntry[]> {
  if (rows.length === 0) return [];
  const name = sql.identifier(getTableName(table));
  const keys = JSON.stringify(rows.map((r) => ({ s: r.row.sourceSystem, i: r.row.sourceId })));
  const insert = insertRowsSql(
    table,
    rows.map((r) => r.row as unknown as Record<string, unknown>),
    { onConflictDoNothing: true },
  );
  // Tricky: both halves read the snapshot from before the statement, so the second half
  // sees only rows imported earlier, never the ones this statement inserts.
  const { rows: found } = await tx.execute<{
    id: string;
    source_system: string;
    source_id: string;
    patient_id: string;
    inserted: boolean;
  }>(sql`with ins as (${insert} returning id, source_system, source_id, patient_id)
    select id, source_system, source_id, patient_id, true as inserted from ins
    union all
    select t.id, t.source_system, t.source_id, t.patient_id, false from ${name} t
     where (t.source_system, t.source_id) in
           (select k.s, k.i from json_to_recordset(${keys}::json) as k(s text, i text))`);
  const byKey = new Map(found.map((f) => [sourceKey(f.source_system, f.source_id), f]));
  const conflicts: EntryWriteError['issues'] = [];
  const written = rows.map((r): WrittenEntry => {
    const hit = byKey.get(sourceKey(r.source.system, r.source.id));
    if (!hit) throw new Error(`row of entry ${r.entry.index} neither inserted nor found`);
    if (hit.patient_id !== r.row.patientId) {
      conflicts.push({
        entry: r.entry.index,
        fullUrl: r.entry.fullUrl,
        resourceType: r.entry.resourceType,
        path: r.entry.resourceType ?? 'Resource',
        rule: 'source.other_patient',
        message: `was imported before for another patient (${hit.patient_id})`,
      });
    }
    return { entry: r.entry, id: hit.id, inserted: hit.inserted };
  });
  if (conflicts.length > 0) throw new EntryWriteError(conflicts);
  return written;
}
