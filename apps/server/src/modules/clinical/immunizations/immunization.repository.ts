import { and, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db.js';
import {
  clinicalProcedure,
  immunization,
  type ImmunizationRow,
  type NewImmunizationRow,
  type NewProcedureRow,
  type ProcedureRow,
} from './immunizations.tables.js';
import type { RecordKey } from './record-cursor.js';

export async function findImmunization(
  db: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<ImmunizationRow | null> {
  const q = db.select().from(immunization).where(eq(immunization.id, id));
  const [row] = o.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Newest first by (occurrence_date, id): the index immunization_patient_recent. */
export async function listImmunizations(
  db: DbOrTx,
  o: { patientId: string; includeEnteredInError: boolean; after?: RecordKey; limit: number },
): Promise<ImmunizationRow[]> {
  return db
    .select()
    .from(immunization)
    .where(
      and(
        eq(immunization.patientId, o.patientId),
        o.includeEnteredInError ? undefined : ne(immunization.status, 'entered_in_error'),
        o.after
          ? or(
              lt(immunization.occurrenceDate, o.after.at),
              and(eq(immunization.occurrenceDate, o.after.at), lt(immunization.id, o.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(immunization.occurrenceDate), desc(immunization.id))
    .limit(o.limit);
}

export async function insertImmunization(
  db: DbOrTx,
  row: NewImmunizationRow,
): Promise<ImmunizationRow> {
  const [inserted] = await db.insert(immunization).values(row).returning();
  if (!inserted) throw new Error('insert into immunization returned no row');
  return inserted;
}

export async function updateImmunization(
  db: DbOrTx,
  id: string,
  set: Partial<NewImmunizationRow>,
): Promise<ImmunizationRow> {
  const [row] = await db
    .update(immunization)
    .set({ ...set, version: sql`${immunization.version} + 1` })
    .where(eq(immunization.id, id))
    .returning();
  if (!row) throw new Error(`immunization ${id} vanished during an update`);
  return row;
}

export async function findProcedure(
  db: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<ProcedureRow | null> {
  const q = db.select().from(clinicalProcedure).where(eq(clinicalProcedure.id, id));
  const [row] = o.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Newest first by (performed_start, id): the index clinical_procedure_patient_recent. */
export async function listProcedures(
  db: DbOrTx,
  o: { patientId: string; includeEnteredInError: boolean; after?: RecordKey; limit: number },
): Promise<ProcedureRow[]> {
  const at = o.after ? new Date(o.after.at) : null;
  return db
    .select()
    .from(clinicalProcedure)
    .where(
      and(
        eq(clinicalProcedure.patientId, o.patientId),
        o.includeEnteredInError ? undefined : ne(clinicalProcedure.status, 'entered_in_error'),
        o.after && at
          ? or(
              lt(clinicalProcedure.performedStart, at),
              and(eq(clinicalProcedure.performedStart, at), lt(clinicalProcedure.id, o.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(clinicalProcedure.performedStart), desc(clinicalProcedure.id))
    .limit(o.limit);
}

export async function insertProcedure(db: DbOrTx, row: NewProcedureRow): Promise<ProcedureRow> {
  const [inserted] = await db.insert(clinicalProcedure).values(row).returning();
  if (!inserted) throw new Error('insert into clinical_procedure returned no row');
  return inserted;
}

export async function updateProcedure(
  db: DbOrTx,
  id: string,
  set: Partial<NewProcedureRow>,
): Promise<ProcedureRow> {
  const [row] = await db
    .update(clinicalProcedure)
    .set({ ...set, version: sql`${clinicalProcedure.version} + 1` })
    .where(eq(clinicalProcedure.id, id))
    .returning();
  if (!row) throw new Error(`procedure ${id} vanished during an update`);
  return row;
}

/** Display names of users, for "recorded by" and "performer". */
export async function actorNames(
  db: DbOrTx,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: userAccount.id, name: userAccount.displayName })
    .from(userAccount)
    .where(inArray(userAccount.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Merge: both tables' rows move to the survivor, each a version on. */
export async function moveRecords(
  db: DbOrTx,
  fromId: string,
  toId: string,
  at: Date,
): Promise<number> {
  const a = await db
    .update(immunization)
    .set({ patientId: toId, updatedAt: at, version: sql`${immunization.version} + 1` })
    .where(eq(immunization.patientId, fromId))
    .returning({ id: immunization.id });
  const b = await db
    .update(clinicalProcedure)
    .set({ patientId: toId, updatedAt: at, version: sql`${clinicalProcedure.version} + 1` })
    .where(eq(clinicalProcedure.patientId, fromId))
    .returning({ id: clinicalProcedure.id });
  return a.length + b.length;
}

export async function countRecords(db: DbOrTx, patientId: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    select (select count(*) from immunization where patient_id = ${patientId})
         + (select count(*) from clinical_procedure where patient_id = ${patientId}) as n`);
  return Number(rows[0]?.n ?? 0);
}
