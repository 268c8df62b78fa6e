import { eq, sql } from 'drizzle-orm';
import { maskSsn, type Patient } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { patient, type PatientRow } from '../patients.tables.js';
import { isRestricted } from '../patient-summary.js';

/** What the answer needs besides the patient row itself. */
export interface PatientExtras {
  identifiers: Patient['identifiers'];
  mrnAliases: string[];
  primaryCarePractitioner: { id: string; displayName: string } | null;
  hasPhoto: boolean;
}

/** Optional name parts and texts are left out of the name when empty. */
function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

/** The record as the API answers it. The SSN only ever leaves masked. */
export function toPatient(row: PatientRow, extras: PatientExtras): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    version: row.version,
    status: row.status,
    mergedIntoId: row.mergedIntoId,
    name: {
      ...optional('prefix', row.namePrefix),
      given: row.givenName,
      ...optional('middle', row.middleName),
      family: row.familyName,
      ...optional('suffix', row.nameSuffix),
    },
    preferredName: row.preferredName,
    previousNames: row.previousNames,
    birthDate: row.birthDate,
    sexAtBirth: row.sexAtBirth,
    genderIdentity: row.genderIdentity,
    pronouns: row.pronouns,
    language: row.language,
    interpreterNeeded: row.interpreterNeeded,
    maritalStatus: row.maritalStatus as Patient['maritalStatus'],
    race: row.race as Patient['race'],
    ethnicity: row.ethnicity as Patient['ethnicity'],
    phones: row.phones,
    email: row.email,
    addresses: row.addresses,
    preferredContact: row.preferredContact as Patient['preferredContact'],
    consentSms: row.consentSms,
    consentEmail: row.consentEmail,
    contacts: row.contacts,
    primaryCarePractitioner: extras.primaryCarePractitioner,
    homeFacilityId: row.homeFacilityId,
    deceased: row.deceased,
    deceasedDate: row.deceasedDate,
    flags: { vip: row.flagVip, employee: row.flagEmployee, confidential: row.flagConfidential },
    restricted: isRestricted(row),
    ssnMasked: row.ssnLast4 ? maskSsn(row.ssnLast4) : null,
    identifiers: extras.identifiers,
    mrnAliases: extras.mrnAliases,
    hasPhoto: extras.hasPhoto,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The row and the full record, in one round trip: the related rows come as subqueries.
 * `forUpdate` locks the patient row (only it: FOR UPDATE does not reach subqueries), so a
 * use case that changes the record serializes with other writers of it.
 */
// Tricky: drizzle renders a column of a single-table select unqualified ("id"), which
// inside a correlated subquery binds to the subquery's own table (patient_identifier.id).
const ownId = sql.raw('patient.id');

export async function loadPatient(
  tx: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ row: PatientRow; patient: Patient } | null> {
  const query = tx
    .select({
      row: patient,
      identifiers: sql<Patient['identifiers']>`(
        select coalesce(json_agg(json_build_object(
                 'type', i.type, 'assigningAuthority', i.assigning_authority, 'value', i.value
               ) order by i.id), '[]'::json)
          from patient_identifier i where i.patient_id = ${ownId})`,
      mrnAliases: sql<string[]>`(
        select coalesce(array_agg(a.mrn order by a.created_at, a.mrn), '{}'::text[])
          from patient_mrn_alias a where a.patient_id = ${ownId})`,
      pcpName: sql<string | null>`(
        select u.display_name from user_account u where u.id = patient.primary_care_user_id)`,
      hasPhoto: sql<boolean>`exists (
        select 1 from patient_photo ph where ph.patient_id = ${ownId})`,
    })
    .from(patient)
    .where(eq(patient.id, id));
  const [found] = await (opts.forUpdate ? query.for('update', { of: patient }) : query);
  if (!found) return null;
  const { row } = found;
  return {
    row,
    patient: toPatient(row, {
      identifiers: found.identifiers,
      mrnAliases: found.mrnAliases,
      primaryCarePractitioner:
        row.primaryCareUserId && found.pcpName !== null
          ? { id: row.primaryCareUserId, displayName: found.pcpName }
          : null,
      hasPhoto: found.hasPhoto,
    }),
  };
}

/** What patient_history stores for a patient version. */
export type PatientSnapshot = Omit<
  Patient,
  'version' | 'createdAt' | 'updatedAt' | 'hasPhoto' | 'restricted'
>;

/**
 * The record as kept in patient_history: the answer minus what changes without a new
 * version (timestamps, photo presence) or is derived (restricted), so consecutive
 * snapshots differ only in what the change changed. The SSN is in it only masked.
 */
export function historySnapshot(p: Patient): PatientSnapshot {
  const {
    version: _version,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    hasPhoto: _hasPhoto,
    restricted: _restricted,
    ...snapshot
  } = p;
  return snapshot;
}
