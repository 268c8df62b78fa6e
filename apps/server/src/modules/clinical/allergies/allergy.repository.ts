import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AllergySummary, SubstanceSystem } from '@meridian/contracts';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db.js';
import {
  allergyAssessment,
  allergyHistory,
  allergyIntolerance,
  type AllergyAssessmentRow,
  type AllergyHistoryRow,
  type AllergyRow,
  type NewAllergyRow,
} from './allergies.tables.js';

const inForce = and(
  eq(allergyIntolerance.clinicalStatus, 'active'),
  inArray(allergyIntolerance.verificationStatus, ['unconfirmed', 'confirmed']),
);

export async function findAllergy(
  db: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<AllergyRow | null> {
  const q = db.select().from(allergyIntolerance).where(eq(allergyIntolerance.id, id));
  const [row] = o.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** In-force allergies first (high criticality first), then the rest, newest recorded first. */
export async function listAllergies(
  db: DbOrTx,
  patientId: string,
  o: { includeEnteredInError: boolean },
): Promise<AllergyRow[]> {
  return db
    .select()
    .from(allergyIntolerance)
    .where(
      and(
        eq(allergyIntolerance.patientId, patientId),
        o.includeEnteredInError
          ? undefined
          : ne(allergyIntolerance.verificationStatus, 'entered_in_error'),
      ),
    )
    .orderBy(
      asc(sql`case when ${inForce} then 0 else 1 end`),
      asc(sql`case ${allergyIntolerance.criticality} when 'high' then 0 else 1 end`),
      desc(allergyIntolerance.recordedAt),
      desc(allergyIntolerance.id),
    )
    .limit(500);
}

/** The patient's in-force allergy to this substance, if any: the friendly 409. */
export async function findInForceWithSubstance(
  db: DbOrTx,
  patientId: string,
  s: { system: SubstanceSystem; code: string | null; display: string },
  exceptId?: string,
): Promise<AllergyRow | null> {
  const key = s.code ?? s.display.trim().toLowerCase();
  const [row] = await db
    .select()
    .from(allergyIntolerance)
    .where(
      and(
        eq(allergyIntolerance.patientId, patientId),
        eq(allergyIntolerance.substanceSystem, s.system),
        sql`coalesce(${allergyIntolerance.substanceCode}, lower(btrim(${allergyIntolerance.substanceDisplay}))) = ${key}`,
        inForce,
        exceptId ? ne(allergyIntolerance.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function countInForce(db: DbOrTx, patientId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(allergyIntolerance)
    .where(and(eq(allergyIntolerance.patientId, patientId), inForce));
  return row?.n ?? 0;
}

export async function insertAllergy(db: DbOrTx, row: NewAllergyRow): Promise<AllergyRow> {
  const [inserted] = await db.insert(allergyIntolerance).values(row).returning();
  if (!inserted) throw new Error('insert into allergy_intolerance returned no row');
  return inserted;
}

/** Applies `set` and moves the version on by one (the history trigger keeps the snapshot). */
export async function updateAllergy(
  db: DbOrTx,
  id: string,
  set: Partial<NewAllergyRow>,
): Promise<AllergyRow> {
  const [row] = await db
    .update(allergyIntolerance)
    .set({ ...set, version: sql`${allergyIntolerance.version} + 1` })
    .where(eq(allergyIntolerance.id, id))
    .returning();
  if (!row) throw new Error(`allergy ${id} vanished during an update`);
  return row;
}

export async function findAssessment(
  db: DbOrTx,
  patientId: string,
  o: { lock?: boolean } = {},
): Promise<AllergyAssessmentRow | null> {
  const q = db.select().from(allergyAssessment).where(eq(allergyAssessment.patientId, patientId));
  const [row] = o.lock ? await q.for('update') : await q;
  return row ?? null;
}

/**
 * Sets the patient's assessment, creating it at version 1 or moving it a version on. The
 * NKA trigger refuses NKA while an allergy is in force (allergy_assessment_nka_conflict).
 */
export async function upsertAssessment(
  db: DbOrTx,
  o: { patientId: string; status: AllergyAssessmentRow['status']; by: string | null; at: Date },
): Promise<AllergyAssessmentRow> {
  const [row] = await db
    .insert(allergyAssessment)
    .values({
      patientId: o.patientId,
      status: o.status,
      assessedBy: o.by,
      assessedAt: o.at,
      version: 1,
      createdAt: o.at,
      updatedAt: o.at,
    })
    .onConflictDoUpdate({
      target: allergyAssessment.patientId,
      set: {
        status: o.status,
        assessedBy: o.by,
        assessedAt: o.at,
        updatedAt: o.at,
        version: sql`${allergyAssessment.version} + 1`,
      },
    })
    .returning();
  if (!row) throw new Error('upsert into allergy_assessment returned no row');
  return row;
}

/**
 * The banner's facts in one statement (null: no such patient): the assessment and the in-force allergies (the
 * partial unique index allergy_intolerance_one_active_per_substance serves the lookup).
 */
export async function summaryOf(
  db: DbOrTx,
  patientId: string,
): Promise<{
  assessmentStatus: AllergyAssessmentRow['status'] | null;
  assessedAt: Date | null;
  items: AllergySummary['items'];
} | null> {
  const { rows } = await db.execute<{
    status: AllergyAssessmentRow['status'] | null;
    assessed_at: string | Date | null;
    items: AllergySummary['items'] | null;
  }>(sql`
    select s.status, s.assessed_at,
           (select json_agg(json_build_object(
                     'id', a.id, 'display', a.substance_display, 'category', a.category,
                     'type', a.type, 'criticality', a.criticality,
                     'verificationStatus', a.verification_status)
                   order by (a.criticality = 'high') desc, a.substance_display)
              from allergy_intolerance a
             where a.patient_id = ${patientId} and a.clinical_status = 'active'
               and a.verification_status in ('unconfirmed', 'confirmed')) as items
      from patient p
      left join allergy_assessment s on s.patient_id = p.id
     where p.id = ${patientId}`);
  const r = rows[0];
  if (!r) return null;
  return {
    assessmentStatus: r.status,
    assessedAt: r.assessed_at ? new Date(r.assessed_at) : null,
    items: r.items ?? [],
  };
}

export async function findHistory(db: DbOrTx, allergyId: string): Promise<AllergyHistoryRow[]> {
  return db
    .select()
    .from(allergyHistory)
    .where(and(eq(allergyHistory.entityType, 'allergy'), eq(allergyHistory.entityId, allergyId)))
    .orderBy(desc(allergyHistory.version));
}

/** Display names of users, for "recorded by". */
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

/** Catalogue lookups (migration 0440, read only): the ingredient's or class's name. */
export async function catalogueName(
  db: DbOrTx,
  system: 'rxnorm' | 'drug-class',
  code: string,
): Promise<string | null> {
  const { rows } =
    system === 'rxnorm'
      ? await db.execute<{ name: string }>(
          sql`select name from drug_ingredient where rxcui = ${code}`,
        )
      : await db.execute<{ name: string }>(sql`select name from drug_class where code = ${code}`);
  return rows[0]?.name ?? null;
}

/** Merge: lock both patients' rows; move the duplicate's to the survivor. */
export async function lockAllergiesOfPatient(db: DbOrTx, patientId: string): Promise<AllergyRow[]> {
  return db
    .select()
    .from(allergyIntolerance)
    .where(eq(allergyIntolerance.patientId, patientId))
    .for('update');
}

export async function moveAllergies(
  db: DbOrTx,
  fromId: string,
  toId: string,
  at: Date,
  by: string | null,
): Promise<number> {
  const rows = await db
    .update(allergyIntolerance)
    .set({
      patientId: toId,
      updatedAt: at,
      updatedBy: by,
      version: sql`${allergyIntolerance.version} + 1`,
    })
    .where(eq(allergyIntolerance.patientId, fromId))
    .returning({ id: allergyIntolerance.id });
  return rows.length;
}
