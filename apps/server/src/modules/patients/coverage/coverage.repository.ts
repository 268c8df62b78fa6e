import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import {
  coverage,
  coverageCard,
  insurancePlan,
  patient,
  payer,
  type CoverageRow,
} from '../patients.tables.js';
import type { CoverageRecord } from './coverage-mapper.js';

type CardSide = 'front' | 'back';
export type NewCoverageRow = Omit<
  CoverageRow,
  'version' | 'createdAt' | 'updatedAt' | 'status' | 'statusReason' | 'updatedBy'
> & { now: Date };
export type CoverageChanges = Partial<
  Omit<CoverageRow, 'id' | 'patientId' | 'version' | 'createdAt' | 'createdBy' | 'updatedAt'>
>;

// ---- the patient a coverage belongs to ----

export interface PatientState {
  id: string;
  status: 'active' | 'inactive' | 'merged';
  mergedIntoId: string | null;
}

/**
 * The patient's status, share-locked when asked: a coverage written meanwhile cannot race
 * a merge that retires the record (the merge updates the patient row, which waits).
 */
export async function findPatientState(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<PatientState | null> {
  const q = db
    .select({ id: patient.id, status: patient.status, mergedIntoId: patient.mergedIntoId })
    .from(patient)
    .where(eq(patient.id, id));
  const rows = opts.lock ? await q.for('share') : await q;
  return rows[0] ?? null;
}

// ---- coverages ----

const priorityOrder = sql`case ${coverage.priority} when 'primary' then 1 when 'secondary' then 2 else 3 end`;

async function withDetails(db: DbOrTx, where: ReturnType<typeof and>): Promise<CoverageRecord[]> {
  const rows = await db
    .select({
      row: coverage,
      payer: { id: payer.id, name: payer.name, payerId: payer.payerId },
      plan: { id: insurancePlan.id, name: insurancePlan.name, type: insurancePlan.type },
    })
    .from(coverage)
    .innerJoin(payer, eq(payer.id, coverage.payerId))
    .leftJoin(insurancePlan, eq(insurancePlan.id, coverage.planId))
    .where(where)
    .orderBy(
      sql`${coverage.status} = 'active' desc`,
      priorityOrder,
      desc(coverage.effectiveFrom),
      asc(coverage.id),
    );
  const sides = await cardSides(
    db,
    rows.map((r) => r.row.id),
  );
  return rows.map((r) => ({
    row: r.row,
    payer: r.payer,
    plan: r.plan,
    cardSides: sides.get(r.row.id) ?? [],
  }));
}

/** The patient's coverages, active first, then by priority and newest start. */
export function listCoverageRecords(db: DbOrTx, patientId: string): Promise<CoverageRecord[]> {
  return withDetails(db, and(eq(coverage.patientId, patientId)));
}

export async function findCoverageRecord(db: DbOrTx, id: string): Promise<CoverageRecord> {
  const [record] = await withDetails(db, and(eq(coverage.id, id)));
  if (!record) throw new Error(`coverage ${id} vanished inside its own transaction`);
  return record;
}

/** A coverage of this patient, locked for update when asked. */
export async function findCoverage(
  db: DbOrTx,
  patientId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CoverageRow | null> {
  const q = db
    .select()
    .from(coverage)
    .where(and(eq(coverage.id, id), eq(coverage.patientId, patientId)));
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/**
 * An active coverage of the patient with the priority whose dates overlap the given
 * (inclusive) range; what the exclusion constraint coverage_priority_overlap refuses.
 */
export async function findOverlappingCoverage(
  db: DbOrTx,
  c: {
    patientId: string;
    priority: CoverageRow['priority'];
    effectiveFrom: string;
    effectiveTo: string | null;
    exceptId?: string;
  },
): Promise<CoverageRow | null> {
  const [row] = await db
    .select()
    .from(coverage)
    .where(
      and(
        eq(coverage.patientId, c.patientId),
        eq(coverage.priority, c.priority),
        eq(coverage.status, 'active'),
        c.exceptId ? ne(coverage.id, c.exceptId) : undefined,
        sql`daterange(${coverage.effectiveFrom}, ${coverage.effectiveTo}, '[]')
            && daterange(${c.effectiveFrom}::date, ${c.effectiveTo}::date, '[]')`,
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function insertCoverage(db: DbOrTx, row: NewCoverageRow): Promise<CoverageRow> {
  const { now, ...values } = row;
  const [inserted] = await db
    .insert(coverage)
    .values({
      ...values,
      status: 'active',
      statusReason: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: values.createdBy,
    })
    .returning();
  return inserted!;
}

export async function updateCoverage(
  db: DbOrTx,
  id: string,
  changes: CoverageChanges,
  now: Date,
): Promise<CoverageRow> {
  const [row] = await db
    .update(coverage)
    .set({ ...changes, updatedAt: now, version: sql`${coverage.version} + 1` })
    .where(eq(coverage.id, id))
    .returning();
  return row!;
}

// ---- merges ----

/** Every coverage of the patient, locked for update (the merge moves them). */
export function lockCoveragesOfPatient(db: DbOrTx, patientId: string): Promise<CoverageRow[]> {
  return db
    .select()
    .from(coverage)
    .where(eq(coverage.patientId, patientId))
    .orderBy(asc(coverage.id))
    .for('update');
}

/** Moves coverages to another patient, bumping their versions; returns them as moved. */
export function moveCoverages(
  db: DbOrTx,
  ids: readonly string[],
  toPatientId: string,
  by: string | null,
  now: Date,
): Promise<CoverageRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .update(coverage)
    .set({
      patientId: toPatientId,
      updatedAt: now,
      updatedBy: by,
      version: sql`${coverage.version} + 1`,
    })
    .where(inArray(coverage.id, [...ids]))
    .returning();
}

// ---- card images ----

async function cardSides(db: DbOrTx, coverageIds: string[]): Promise<Map<string, CardSide[]>> {
  const out = new Map<string, CardSide[]>();
  if (coverageIds.length === 0) return out;
  const rows = await db
    .select({ coverageId: coverageCard.coverageId, side: coverageCard.side })
    .from(coverageCard)
    .where(inArray(coverageCard.coverageId, coverageIds));
  for (const r of rows) out.set(r.coverageId, [...(out.get(r.coverageId) ?? []), r.side]);
  return out;
}

export async function upsertCard(
  db: DbOrTx,
  card: { coverageId: string; side: CardSide; contentType: string; bytes: Buffer; now: Date },
): Promise<void> {
  const { now, ...values } = card;
  await db
    .insert(coverageCard)
    .values({ ...values, updatedAt: now })
    .onConflictDoUpdate({
      target: [coverageCard.coverageId, coverageCard.side],
      set: { contentType: values.contentType, bytes: values.bytes, updatedAt: now },
    });
}

export async function findCard(
  db: DbOrTx,
  coverageId: string,
  side: CardSide,
): Promise<{ contentType: string; bytes: Buffer } | null> {
  const [row] = await db
    .select({ contentType: coverageCard.contentType, bytes: coverageCard.bytes })
    .from(coverageCard)
    .where(and(eq(coverageCard.coverageId, coverageId), eq(coverageCard.side, side)));
  return row ?? null;
}
