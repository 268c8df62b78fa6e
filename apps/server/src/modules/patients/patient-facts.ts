import { eq } from 'drizzle-orm';
import type { PatientSummary, Permission } from '@meridian/contracts';
import type { Principal } from '../../platform/auth/principal.js';
import type { DbOrTx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { toSummary, type SummaryRow } from './patient-summary.js';
import { patient, type StoredPhone } from './patients.tables.js';
import { findSummaryRows } from './search/search.repository.js';

/**
 * Summaries of patients shown beside other modules' rows (appointments, beds): restricted
 * records the reader may not open show only id, MRN and the restriction. Does not audit:
 * the caller records one read event listing the patient ids it shows.
 */
export async function patientSummaries(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  permission: Permission,
  ids: readonly string[],
): Promise<Map<string, PatientSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  // In turn: `tx` may be one connection, which runs one query at a time.
  const rows = await findSummaryRows(tx, unique);
  const visible = await platform.access.filterAccessible(tx, principal, permission, unique);
  return new Map(rows.map((r) => [r.id, toSummary(r, { visible: visible.has(r.id) })]));
}

/** What other modules check before acting for a patient: exists, active, alive, not merged. */
export interface PatientStanding {
  id: string;
  status: 'active' | 'inactive' | 'merged';
  mergedIntoId: string | null;
  deceased: boolean;
  homeFacilityId: string | null;
  /** Contact preferences for reminders: */
  email: string | null;
  preferredContact: string | null;
  consentSms: boolean;
  consentEmail: boolean;
  /** E.164 numbers with their kind (mobile, home, work), preferred first. */
  phones: StoredPhone[];
}

/** The patient's standing, share-locked when asked (so a merge cannot retire it meanwhile). */
export async function findPatientStanding(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<PatientStanding | null> {
  const q = db
    .select({
      id: patient.id,
      status: patient.status,
      mergedIntoId: patient.mergedIntoId,
      deceased: patient.deceased,
      homeFacilityId: patient.homeFacilityId,
      email: patient.email,
      preferredContact: patient.preferredContact,
      consentSms: patient.consentSms,
      consentEmail: patient.consentEmail,
      phones: patient.phones,
    })
    .from(patient)
    .where(eq(patient.id, id));
  const rows = opts.lock ? await q.for('share') : await q;
  const row = rows[0];
  if (!row) return null;
  const phones = [...row.phones].sort((a, b) => Number(b.preferred) - Number(a.preferred));
  return { ...row, phones };
}

/**
 * The summary columns and the standing of the `patient` row aliased `alias`, as one json
 * value, for another module's query that reads the patient beside its own rows in one round
 * trip (booking, the day view). Read it back with `patientFactsOf`.
 */
export function patientFactsJsonSql(alias: string): string {
  const c = (column: string) => `${alias}.${column}`;
  return `json_build_object(
    'id', ${c('id')}, 'mrn', ${c('mrn')}, 'status', ${c('status')},
    'mergedIntoId', ${c('merged_into_id')}, 'namePrefix', ${c('name_prefix')},
    'givenName', ${c('given_name')}, 'middleName', ${c('middle_name')},
    'familyName', ${c('family_name')}, 'nameSuffix', ${c('name_suffix')},
    'preferredName', ${c('preferred_name')}, 'birthDate', ${c('birth_date')}::text,
    'sexAtBirth', ${c('sex_at_birth')}, 'phones', ${c('phones')}, 'addresses', ${c('addresses')},
    'deceased', ${c('deceased')}, 'flagVip', ${c('flag_vip')},
    'flagEmployee', ${c('flag_employee')}, 'flagConfidential', ${c('flag_confidential')})`;
}

/** A patient as read by `patientFactsJsonSql`. */
export interface PatientFacts {
  standing: Pick<PatientStanding, 'id' | 'status' | 'mergedIntoId' | 'deceased'>;
  /** The summary shown beside the caller's rows; `visible` as the access service decided. */
  summary(visible: boolean): PatientSummary;
}

export function patientFactsOf(json: unknown): PatientFacts {
  const row = json as SummaryRow & { mergedIntoId: string | null };
  return {
    standing: {
      id: row.id,
      status: row.status,
      mergedIntoId: row.mergedIntoId,
      deceased: row.deceased,
    },
    summary: (visible) => toSummary(row, { visible }),
  };
}
