import { eq } from 'drizzle-orm';
import type { PatientSummary, Permission } from '@meridian/contracts';
import type { Principal } from '../../platform/auth/principal.js';
import type { DbOrTx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { toSummary } from './patient-summary.js';
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
  const [rows, visible] = await Promise.all([
    findSummaryRows(tx, unique),
    platform.access.filterAccessible(tx, principal, permission, unique),
  ]);
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
