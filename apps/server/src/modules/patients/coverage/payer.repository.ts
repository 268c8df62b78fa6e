import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import { insurancePlan, payer, type InsurancePlanRow, type PayerRow } from '../patients.tables.js';

type NewRow<T> = Omit<T, 'version' | 'createdAt' | 'updatedAt'> & { now: Date };
type Changes<T> = Partial<Omit<T, 'id' | 'version' | 'createdAt' | 'updatedAt'>>;

/** Escapes LIKE's wildcards so a search for `50%` finds the text `50%`. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---- payers ----

export function listPayers(
  db: DbOrTx,
  opts: { q?: string | undefined; includeInactive: boolean },
): Promise<PayerRow[]> {
  const q = opts.q ? likeEscape(opts.q) : '';
  return db
    .select()
    .from(payer)
    .where(
      and(
        opts.includeInactive ? undefined : eq(payer.isActive, true),
        q ? or(ilike(payer.name, `%${q}%`), ilike(payer.payerId, `${q}%`)) : undefined,
      ),
    )
    .orderBy(desc(payer.isActive), asc(sql`lower(${payer.name})`), asc(payer.id))
    .limit(500);
}

export async function findPayerById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PayerRow | null> {
  const q = db.select().from(payer).where(eq(payer.id, id));
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export function findPayersByCode(db: DbOrTx, codes: readonly string[]): Promise<PayerRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(payer)
    .where(inArray(payer.payerId, [...codes]));
}

export async function insertPayer(db: DbOrTx, row: NewRow<PayerRow>): Promise<PayerRow> {
  const { now, ...values } = row;
  const [inserted] = await db
    .insert(payer)
    .values({ ...values, version: 1, createdAt: now, updatedAt: now })
    .returning();
  return inserted!;
}

export async function updatePayer(
  db: DbOrTx,
  id: string,
  changes: Changes<PayerRow>,
  now: Date,
): Promise<PayerRow> {
  const [row] = await db
    .update(payer)
    .set({ ...changes, updatedAt: now, version: sql`${payer.version} + 1` })
    .where(eq(payer.id, id))
    .returning();
  return row!;
}

// ---- plans ----

export function listPlans(db: DbOrTx, payerId: string): Promise<InsurancePlanRow[]> {
  return db
    .select()
    .from(insurancePlan)
    .where(eq(insurancePlan.payerId, payerId))
    .orderBy(
      desc(insurancePlan.isActive),
      asc(sql`lower(${insurancePlan.name})`),
      asc(insurancePlan.id),
    );
}

export async function findPlanById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<InsurancePlanRow | null> {
  const q = db.select().from(insurancePlan).where(eq(insurancePlan.id, id));
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertPlan(
  db: DbOrTx,
  row: NewRow<InsurancePlanRow>,
): Promise<InsurancePlanRow> {
  const { now, ...values } = row;
  const [inserted] = await db
    .insert(insurancePlan)
    .values({ ...values, version: 1, createdAt: now, updatedAt: now })
    .returning();
  return inserted!;
}

export async function updatePlan(
  db: DbOrTx,
  id: string,
  changes: Changes<InsurancePlanRow>,
  now: Date,
): Promise<InsurancePlanRow> {
  const [row] = await db
    .update(insurancePlan)
    .set({ ...changes, updatedAt: now, version: sql`${insurancePlan.version} + 1` })
    .where(eq(insurancePlan.id, id))
    .returning();
  return row!;
}
