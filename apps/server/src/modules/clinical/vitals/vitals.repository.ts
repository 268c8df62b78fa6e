import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import {
  observation,
  spo2ScaleChange,
  vitalSet,
  type NewObservationRow,
  type NewVitalSetRow,
  type ObservationRow,
  type Spo2ScaleChangeRow,
  type VitalSetRow,
} from './vitals.tables.js';

/** Rows that still count: the flowsheet index's predicate (migration 0410). */
const liveObservation = sql`${observation.status} <> 'entered_in_error' and ${observation.status} <> 'cancelled'`;

export async function insertVitalSet(db: DbOrTx, row: NewVitalSetRow): Promise<VitalSetRow> {
  const [inserted] = await db.insert(vitalSet).values(row).returning();
  if (!inserted) throw new Error('vital_set insert returned no row');
  return inserted;
}

export async function insertObservations(db: DbOrTx, rows: NewObservationRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(observation).values(rows);
}

export async function findVitalSet(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<VitalSetRow | null> {
  const q = db.select().from(vitalSet).where(eq(vitalSet.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** A patient's sets newest first, after the keyset (taken_at, id) when given. */
export async function listVitalSets(
  db: DbOrTx,
  o: {
    patientId: string;
    encounterId?: string | undefined;
    after?: { takenAt: Date; id: string } | undefined;
    limit: number;
  },
): Promise<VitalSetRow[]> {
  const conditions = [eq(vitalSet.patientId, o.patientId)];
  if (o.encounterId) conditions.push(eq(vitalSet.encounterId, o.encounterId));
  if (o.after) {
    const after = or(
      lt(vitalSet.takenAt, o.after.takenAt),
      and(eq(vitalSet.takenAt, o.after.takenAt), lt(vitalSet.id, o.after.id)),
    );
    if (after) conditions.push(after);
  }
  return db
    .select()
    .from(vitalSet)
    .where(and(...conditions))
    .orderBy(desc(vitalSet.takenAt), desc(vitalSet.id))
    .limit(o.limit);
}

export async function observationsOfSets(
  db: DbOrTx,
  setIds: readonly string[],
): Promise<ObservationRow[]> {
  if (setIds.length === 0) return [];
  return db
    .select()
    .from(observation)
    .where(inArray(observation.vitalSetId, [...setIds]))
    .orderBy(asc(observation.vitalSetId), asc(observation.code));
}

/** Display names of users by id (who recorded, who changed). */
export async function userNames(
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

/** The latest live value of one code for the patient (e.g. the height for a BMI). */
export async function latestNumeric(
  db: DbOrTx,
  patientId: string,
  code: string,
): Promise<number | null> {
  const [row] = await db
    .select({ value: observation.valueNumeric })
    .from(observation)
    .where(and(eq(observation.patientId, patientId), eq(observation.code, code), liveObservation))
    .orderBy(desc(observation.effectiveAt), desc(observation.id))
    .limit(1);
  return row?.value ?? null;
}

export type PointRow = {
  id: string;
  code: string;
  display: string;
  unit: string | null;
  vital_set_id: string | null;
  effective_at: Date;
  value_numeric: string | null;
  value_code: string | null;
  value_text: string | null;
};

// Per code, the newest `limit` live values in [from, to): one index range scan per code on
// observation_patient_code_time (patient, code, effective_at desc), whatever the history.
export async function findFlowsheetPoints(
  db: DbOrTx,
  o: { patientId: string; codes: readonly string[]; from: Date; to: Date; limit: number },
): Promise<PointRow[]> {
  const { rows } = await db.execute<PointRow>(sql`
    select o.id, o.code, o.display, o.unit, o.vital_set_id, o.effective_at,
           o.value_numeric::text as value_numeric, o.value_code, o.value_text
      from unnest(${sql.param([...o.codes])}::text[]) as c(code)
     cross join lateral (
       select * from observation x
        where x.patient_id = ${o.patientId} and x.code = c.code
          and x.status <> 'entered_in_error' and x.status <> 'cancelled'
          and x.effective_at >= ${o.from} and x.effective_at < ${o.to}
        order by x.effective_at desc, x.id desc
        limit ${o.limit}) o
     order by o.code, o.effective_at, o.id`);
  return rows.map(withDate);
}

/** The newest live value of each code: one index probe per code. */
export async function findLatestPoints(
  db: DbOrTx,
  patientId: string,
  codes: readonly string[],
): Promise<PointRow[]> {
  const { rows } = await db.execute<PointRow>(sql`
    select o.id, o.code, o.display, o.unit, o.vital_set_id, o.effective_at,
           o.value_numeric::text as value_numeric, o.value_code, o.value_text
      from unnest(${sql.param([...codes])}::text[]) as c(code)
     cross join lateral (
       select * from observation x
        where x.patient_id = ${patientId} and x.code = c.code
          and x.status <> 'entered_in_error' and x.status <> 'cancelled'
        order by x.effective_at desc, x.id desc
        limit 1) o`);
  return rows.map(withDate);
}

// Tricky: raw execute() hands timestamptz back as text (db.ts leaves the parser alone).
function withDate(r: PointRow): PointRow {
  return { ...r, effective_at: new Date(r.effective_at) };
}

/** The scored sets (complete, or with a red score) in [from, to), oldest first. */
export async function findNews2Sets(
  db: DbOrTx,
  o: { patientId: string; from?: Date; to?: Date; limit: number },
): Promise<VitalSetRow[]> {
  const conditions = [
    eq(vitalSet.patientId, o.patientId),
    eq(vitalSet.status, 'final'),
    sql`(${vitalSet.news2Total} is not null or ${vitalSet.news2HasRedScore})`,
  ];
  if (o.from) conditions.push(sql`${vitalSet.takenAt} >= ${o.from}`);
  if (o.to) conditions.push(lt(vitalSet.takenAt, o.to));
  const rows = await db
    .select()
    .from(vitalSet)
    .where(and(...conditions))
    .orderBy(desc(vitalSet.takenAt), desc(vitalSet.id))
    .limit(o.limit);
  return rows.reverse();
}

export async function markEnteredInError(
  db: DbOrTx,
  id: string,
  o: { reason: string; at: Date; by: string | null },
): Promise<VitalSetRow> {
  const [row] = await db
    .update(vitalSet)
    .set({
      status: 'entered_in_error',
      errorReason: o.reason,
      errorAt: o.at,
      errorBy: o.by,
      version: sql`${vitalSet.version} + 1`,
      updatedAt: o.at,
    })
    .where(eq(vitalSet.id, id))
    .returning();
  if (!row) throw new Error(`vital_set ${id} vanished under its lock`);
  return row;
}

/** The encounter's patient, or null when there is no such encounter. */
export async function findEncounterPatient(
  db: DbOrTx,
  encounterId: string,
): Promise<{ patientId: string; status: string } | null> {
  const { rows } = await db.execute<{ patient_id: string; status: string }>(
    sql`select patient_id, status from encounter where id = ${encounterId}`,
  );
  const row = rows[0];
  return row ? { patientId: row.patient_id, status: row.status } : null;
}

// ---- SpO2 scale ----

/** The patient's scale changes, newest first. */
export async function findScaleChanges(
  db: DbOrTx,
  patientId: string,
): Promise<Spo2ScaleChangeRow[]> {
  return db
    .select()
    .from(spo2ScaleChange)
    .where(eq(spo2ScaleChange.patientId, patientId))
    .orderBy(desc(spo2ScaleChange.version));
}

export async function findCurrentScale(
  db: DbOrTx,
  patientId: string,
): Promise<{ scale: 1 | 2; version: number }> {
  const [row] = await db
    .select({ scale: spo2ScaleChange.scale, version: spo2ScaleChange.version })
    .from(spo2ScaleChange)
    .where(eq(spo2ScaleChange.patientId, patientId))
    .orderBy(desc(spo2ScaleChange.version))
    .limit(1);
  return row ?? { scale: 1, version: 0 };
}

export async function insertScaleChange(
  db: DbOrTx,
  row: typeof spo2ScaleChange.$inferInsert,
): Promise<void> {
  await db.insert(spo2ScaleChange).values(row);
}

// ---- Patient merge ----

export async function countRowsOfPatient(db: DbOrTx, patientId: string): Promise<number> {
  const { rows } = await db.execute<{ n: string }>(sql`
    select ((select count(*) from vital_set where patient_id = ${patientId})
          + (select count(*) from observation where patient_id = ${patientId}))::text as n`);
  return Number(rows[0]?.n ?? 0);
}

export async function moveRowsToPatient(
  db: DbOrTx,
  fromId: string,
  toId: string,
  at: Date,
): Promise<number> {
  const sets = await db
    .update(vitalSet)
    .set({ patientId: toId, updatedAt: at })
    .where(eq(vitalSet.patientId, fromId))
    .returning({ id: vitalSet.id });
  const values = await db
    .update(observation)
    .set({ patientId: toId, updatedAt: at })
    .where(eq(observation.patientId, fromId))
    .returning({ id: observation.id });
  return sets.length + values.length;
}
