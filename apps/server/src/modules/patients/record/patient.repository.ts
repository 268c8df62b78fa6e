import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import {
  patient,
  patientIdentifier,
  patientPhoto,
  type NewPatientRow,
  type PatientRow,
} from '../patients.tables.js';
import { patientDuplicateOverride } from './record.tables.js';

export interface References {
  facilityId: string | null;
  practitionerId: string | null;
}

export interface ReferenceCheck {
  facilityFound: boolean;
  /** The practitioner's display name; null unless an active staff user with physician. */
  practitionerName: string | null;
}

function referenceColumns(refs: References) {
  return sql`(${refs.facilityId}::uuid is null
             or exists (select 1 from facility f where f.id = ${refs.facilityId}::uuid)) as facility_found,
           (select u.display_name from user_account u
              join user_role r on r.user_id = u.id and r.role = 'physician'
             where u.id = ${refs.practitionerId}::uuid and u.kind = 'staff' and u.status = 'active'
           ) as practitioner_name`;
}

interface ReferenceRow {
  facility_found: boolean;
  practitioner_name: string | null;
  [column: string]: unknown;
}

function toReferenceCheck(row: ReferenceRow | undefined): ReferenceCheck {
  if (!row) throw new Error('reference check returned no row');
  return { facilityFound: row.facility_found, practitionerName: row.practitioner_name };
}

export async function checkReferences(tx: DbOrTx, refs: References): Promise<ReferenceCheck> {
  const { rows } = await tx.execute<ReferenceRow>(sql`select ${referenceColumns(refs)}`);
  return toReferenceCheck(rows[0]);
}

// Advisory lock class for registrations by date of birth (see nextMrnAndReferences).
const registrationLockClass = 7_245_100;

/**
 * The next MRN number and the reference check, in one round trip (registration's budget is
 * a handful of queries). A refused registration leaves a gap in the sequence, which is
 * harmless: MRNs must never repeat, not be dense.
 *
 * It also takes a transaction lock on the date of birth, so two registrations of one
 * person (a double submit, two desks) run their duplicate checks one after the other and
 * the second sees the first. No constraint can say "not the same person"; this lock is
 * what stands in for one, at the cost of serializing same-birthday registrations only.
 */
export async function nextMrnAndReferences(
  tx: DbOrTx,
  refs: References,
  birthDate: string,
): Promise<ReferenceCheck & { mrnSequence: bigint }> {
  const { rows } = await tx.execute<ReferenceRow & { seq: string }>(
    sql`select pg_advisory_xact_lock(${registrationLockClass}, hashtext(${birthDate})) as locked,
               nextval('patient_mrn_seq')::text as seq, ${referenceColumns(refs)}`,
  );
  const row = rows[0];
  return { ...toReferenceCheck(row), mrnSequence: BigInt(row?.seq ?? '0') };
}

export async function insertPatient(tx: DbOrTx, values: NewPatientRow): Promise<PatientRow> {
  const [row] = await tx.insert(patient).values(values).returning();
  if (!row) throw new Error('patient insert returned nothing');
  return row;
}

export async function updatePatient(
  tx: DbOrTx,
  id: string,
  values: Partial<NewPatientRow>,
): Promise<PatientRow> {
  const [row] = await tx.update(patient).set(values).where(eq(patient.id, id)).returning();
  if (!row) throw new Error(`patient ${id} vanished during its update`);
  return row;
}

export interface IdentifierValues {
  type: string;
  assigningAuthority: string;
  value: string;
  valueKey: string;
}

export async function insertIdentifiers(
  tx: DbOrTx,
  patientId: string,
  identifiers: readonly IdentifierValues[],
  now: Date,
): Promise<void> {
  if (identifiers.length === 0) return;
  await tx
    .insert(patientIdentifier)
    .values(identifiers.map((i) => ({ id: newId(), patientId, createdAt: now, ...i })));
}

export async function deleteIdentifiers(tx: DbOrTx, patientId: string): Promise<void> {
  await tx.delete(patientIdentifier).where(eq(patientIdentifier.patientId, patientId));
}

export async function insertDuplicateOverride(
  tx: DbOrTx,
  values: typeof patientDuplicateOverride.$inferInsert,
): Promise<void> {
  await tx.insert(patientDuplicateOverride).values(values);
}

export async function findPhoto(
  tx: DbOrTx,
  patientId: string,
): Promise<{ contentType: string; bytes: Buffer } | null> {
  const [row] = await tx
    .select({ contentType: patientPhoto.contentType, bytes: patientPhoto.bytes })
    .from(patientPhoto)
    .where(eq(patientPhoto.patientId, patientId));
  return row ?? null;
}

export async function upsertPhoto(
  tx: DbOrTx,
  values: typeof patientPhoto.$inferInsert,
): Promise<void> {
  const { patientId: _id, ...changes } = values;
  await tx
    .insert(patientPhoto)
    .values(values)
    .onConflictDoUpdate({ target: patientPhoto.patientId, set: changes });
}

/** Removes the photo; true when there was one. */
export async function deletePhoto(tx: DbOrTx, patientId: string): Promise<boolean> {
  const rows = await tx
    .delete(patientPhoto)
    .where(eq(patientPhoto.patientId, patientId))
    .returning({ id: patientPhoto.patientId });
  return rows.length > 0;
}
