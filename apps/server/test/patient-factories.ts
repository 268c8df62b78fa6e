import { sql } from 'drizzle-orm';
import { mrnFromSequence, type PersonName } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import {
  patient,
  type NewPatientRow,
  type PatientRow,
  type StoredAddress,
  type StoredPhone,
} from '../src/modules/patients/patients.tables.js';
import { searchKeys } from '../src/modules/patients/search-keys.js';

export interface PatientOptions {
  name?: Partial<PersonName>;
  birthDate?: string;
  sexAtBirth?: PatientRow['sexAtBirth'];
  phones?: StoredPhone[];
  addresses?: StoredAddress[];
  preferredName?: string;
  /** Nine digits; stored encrypted with its last four in clear, as the service does. */
  ssn?: string;
  flags?: { vip?: boolean; employee?: boolean; confidential?: boolean };
  status?: 'active' | 'inactive';
  homeFacilityId?: string;
  email?: string;
}

let counter = 0;

/**
 * A patient written straight to the database (search keys derived as the service derives
 * them), for tests that need patients but do not test registration.
 */
export async function createPatient(
  platform: Platform,
  o: PatientOptions = {},
): Promise<PatientRow> {
  counter += 1;
  const name = {
    given: o.name?.given ?? `Given${counter}`,
    family: o.name?.family ?? `Family${counter}`,
    ...(o.name?.middle ? { middle: o.name.middle } : {}),
  };
  const phones = o.phones ?? [];
  const addresses = o.addresses ?? [];
  const { rows } = await platform.db.execute<{ n: string }>(
    sql`select nextval('patient_mrn_seq')::text as n`,
  );
  const now = platform.clock.now();
  const values: NewPatientRow = {
    id: newId(),
    mrn: mrnFromSequence(BigInt(rows[0]?.n ?? '0')),
    version: 1,
    status: o.status ?? 'active',
    givenName: name.given,
    middleName: name.middle ?? null,
    familyName: name.family,
    preferredName: o.preferredName ?? null,
    previousNames: [],
    birthDate: o.birthDate ?? '1980-01-01',
    sexAtBirth: o.sexAtBirth ?? 'female',
    interpreterNeeded: false,
    race: [],
    phones,
    email: o.email ?? null,
    addresses,
    consentSms: false,
    consentEmail: false,
    contacts: [],
    homeFacilityId: o.homeFacilityId ?? null,
    deceased: false,
    flagVip: o.flags?.vip ?? false,
    flagEmployee: o.flags?.employee ?? false,
    flagConfidential: o.flags?.confidential ?? false,
    ssnEncrypted: o.ssn ? platform.encryptor.encrypt(o.ssn) : null,
    ssnLast4: o.ssn ? o.ssn.slice(-4) : null,
    ...searchKeys({ name, preferredName: o.preferredName ?? null, phones, addresses }),
    createdAt: now,
    updatedAt: now,
  };
  const [row] = await platform.db.insert(patient).values(values).returning();
  if (!row) throw new Error('patient insert returned nothing');
  return row;
}
