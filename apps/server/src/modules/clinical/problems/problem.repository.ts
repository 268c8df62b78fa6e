import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ProblemClinicalStatus } from '@meridian/contracts';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import {
  problem,
  problemHistory,
  type NewProblemRow,
  type ProblemHistoryRow,
  type ProblemRow,
} from './problems.tables.js';

export async function findProblem(
  db: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<ProblemRow | null> {
  const q = db.select().from(problem).where(eq(problem.id, id));
  const [row] = o.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The patient's active (or recurring) problem with this code, if any: the friendly 409. */
export async function findActiveWithCode(
  db: DbOrTx,
  patientId: string,
  code: string,
  exceptId?: string,
): Promise<ProblemRow | null> {
  const [row] = await db
    .select()
    .from(problem)
    .where(
      and(
        eq(problem.patientId, patientId),
        eq(problem.icd10cmCode, code),
        inArray(problem.clinicalStatus, ['active', 'recurrence']),
        inArray(problem.verificationStatus, ['provisional', 'confirmed']),
        exceptId ? ne(problem.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function insertProblem(db: DbOrTx, row: NewProblemRow): Promise<ProblemRow> {
  const [inserted] = await db.insert(problem).values(row).returning();
  if (!inserted) throw new Error('insert into problem returned no row');
  return inserted;
}

/** Applies `set` and moves the version on by one. */
export async function updateProblem(
  db: DbOrTx,
  id: string,
  set: Partial<NewProblemRow>,
): Promise<ProblemRow> {
  const [row] = await db
    .update(problem)
    .set({ ...set, version: sql`${problem.version} + 1` })
    .where(eq(problem.id, id))
    .returning();
  if (!row) throw new Error(`problem ${id} vanished during an update`);
  return row;
}

/** Appends the problem's current row (after a change) to its history. */
export async function appendHistory(
  db: DbOrTx,
  o: { problemIds: readonly string[]; action: string; at: Date; by: string | null },
): Promise<void> {
  if (o.problemIds.length === 0) return;
  await db.execute(sql`
    insert into problem_history (id, problem_id, version, action, snapshot, recorded_at,
                                 recorded_by)
    select (${sql.param(o.problemIds.map(() => newId()))}::uuid[])[i.n], p.id, p.version,
           ${o.action}, to_jsonb(p) - 'status_rank', ${o.at.toISOString()}::timestamptz,
           ${o.by}::uuid
      from unnest(${sql.param(o.problemIds)}::uuid[]) with ordinality as i(id, n)
      join problem p on p.id = i.id`);
}

export async function findHistory(db: DbOrTx, problemId: string): Promise<ProblemHistoryRow[]> {
  return db
    .select()
    .from(problemHistory)
    .where(eq(problemHistory.problemId, problemId))
    .orderBy(desc(problemHistory.version));
}

export interface ListKey {
  statusRank: number;
  recordedAt: Date;
  id: string;
}

/** A patient's problems in list order: active first, then newest recorded first. */
export async function listProblems(
  db: DbOrTx,
  o: {
    patientId: string;
    statuses?: readonly ProblemClinicalStatus[];
    includeEnteredInError: boolean;
    after?: ListKey;
    limit: number;
  },
): Promise<ProblemRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(problem.patientId, o.patientId),
    o.statuses ? inArray(problem.clinicalStatus, [...o.statuses]) : undefined,
    o.includeEnteredInError ? undefined : ne(problem.verificationStatus, 'entered_in_error'),
  ];
  if (o.after) {
    // Keyset (status_rank asc, recorded_at desc, id desc), the index's order.
    const { statusRank, recordedAt, id } = o.after;
    conditions.push(
      or(
        sql`${problem.statusRank} > ${statusRank}`,
        and(
          eq(problem.statusRank, statusRank),
          or(
            sql`${problem.recordedAt} < ${recordedAt.toISOString()}::timestamptz`,
            and(
              sql`${problem.recordedAt} = ${recordedAt.toISOString()}::timestamptz`,
              sql`${problem.id} < ${id}::uuid`,
            ),
          ),
        ),
      ),
    );
  }
  return db
    .select()
    .from(problem)
    .where(and(...conditions))
    .orderBy(asc(problem.statusRank), desc(problem.recordedAt), desc(problem.id))
    .limit(o.limit);
}

/** Staff display names by user id (for "recorded by"). */
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

/** Billable flags of ICD-10-CM codes. */
export async function billableOf(
  db: DbOrTx,
  codes: readonly (string | null)[],
): Promise<Map<string, boolean>> {
  const wanted = [...new Set(codes.filter((c): c is string => c !== null))];
  if (wanted.length === 0) return new Map();
  const { rows } = await db.execute<{ code: string; billable: boolean }>(
    sql`select code, billable from icd10cm_code where code = any(${sql.param(wanted)}::text[])`,
  );
  return new Map(rows.map((r) => [r.code, r.billable]));
}

/** Locks a patient's problems (merge preview) and returns them. */
export async function lockProblemsOfPatient(db: DbOrTx, patientId: string): Promise<ProblemRow[]> {
  return db.select().from(problem).where(eq(problem.patientId, patientId)).for('update');
}

/** Moves every problem of `fromId` to `toId`, one version on; returns the ids moved. */
export async function moveProblems(
  db: DbOrTx,
  fromId: string,
  toId: string,
  at: Date,
): Promise<string[]> {
  const rows = await db
    .update(problem)
    .set({ patientId: toId, version: sql`${problem.version} + 1`, updatedAt: at })
    .where(eq(problem.patientId, fromId))
    .returning({ id: problem.id });
  return rows.map((r) => r.id);
}
