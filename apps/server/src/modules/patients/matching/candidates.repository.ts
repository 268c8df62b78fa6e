// Blocking for the duplicate check: the few stored records worth scoring, found through
// the MPI's indexes (migration 0100) so it stays fast at a million patients.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import type { SummaryRow } from '../patient-summary.js';
import { patient } from '../patients.tables.js';
import type { FactsSource } from './match-record.js';

/** The keys blocking looks records up by; empty lists and nulls skip their block. */
export interface BlockingKeys {
  birthDate: string | null;
  /** Dates a mistyped date of birth could be: day/month transposed, one digit off. */
  birthDateVariants: string[];
  /** Double metaphone keys of the typed given and family names. */
  namePhonetic: string[];
  given: string | null;
  family: string | null;
  phoneKeys: string[];
  ssnLast4: string | null;
  excludePatientId: string | null;
}

export type CandidateRow = SummaryRow & FactsSource & { ssnEncrypted: string | null };

// Each block is capped so that one very common key (a popular birthday, a shared office
// phone) cannot flood the scorer; the union is capped again. The order of the blocks is
// their precision: the first ones keep their rows when the cap bites.
const perBlock = 50;
const maxCandidates = 200;

const textArray = (values: readonly string[]) => sql`${sql.param(values)}::text[]`;
const dateArray = (values: readonly string[]) => sql`${sql.param(values)}::date[]`;

function blocks(k: BlockingKeys): SQL[] {
  const out: SQL[] = [];
  const hasNames = k.namePhonetic.length > 0;
  if (k.birthDate !== null && hasNames) {
    out.push(sql`birth_date = ${k.birthDate} and name_phonetic && ${textArray(k.namePhonetic)}`);
  }
  if (k.birthDate !== null) out.push(sql`birth_date = ${k.birthDate}`);
  if (k.birthDateVariants.length > 0 && hasNames) {
    out.push(
      sql`birth_date = any(${dateArray(k.birthDateVariants)}) and name_phonetic && ${textArray(k.namePhonetic)}`,
    );
  }
  if (k.phoneKeys.length > 0) out.push(sql`phone_keys && ${textArray(k.phoneKeys)}`);
  if (k.ssnLast4 !== null && hasNames) {
    out.push(sql`ssn_last4 = ${k.ssnLast4} and name_phonetic && ${textArray(k.namePhonetic)}`);
  }
  if (k.given !== null && k.family !== null) {
    // Exact names whatever the date of birth says, and the same names swapped.
    out.push(sql`search_family = ${k.family} and search_given = ${k.given}`);
    out.push(sql`search_family = ${k.given} and search_given = ${k.family}`);
  }
  if (k.family !== null && k.given !== null && k.birthDate !== null) {
    // The same family name and initial, born within a year: a date mistyped beyond one
    // digit. The initial keeps it inside patient_family_given_prefix (0115) for common
    // family names; at a million patients "smith" alone is thousands of heap rows.
    const year = Number(k.birthDate.slice(0, 4));
    out.push(
      sql`search_family = ${k.family} and search_given like ${`${k.given.slice(0, 1)}%`}
          and birth_date between ${`${year - 1}-01-01`} and ${`${year + 1}-12-31`}`,
    );
  }
  return out;
}

/** The union of the blocks as (id, priority), best block first, capped. */
function blockedIds(k: BlockingKeys, parts: SQL[]): SQL {
  const exclude = k.excludePatientId === null ? sql`` : sql` and id <> ${k.excludePatientId}`;
  const selects = parts.map(
    (where, i) =>
      sql`(select id, ${i}::int as priority from patient
            where status <> 'merged' and ${where}${exclude} limit ${perBlock})`,
  );
  return sql`select id from (
      select id, min(priority) as priority from (${sql.join(selects, sql` union all `)}) b
       group by id order by 2 limit ${maxCandidates}
    ) ids`;
}

/** The records worth scoring against `k`, with the columns the scorer and summary need. */
export async function findBlockedCandidates(db: DbOrTx, k: BlockingKeys): Promise<CandidateRow[]> {
  const query = candidatesQuery(db, k);
  return query ? await query : [];
}

/** The blocking query itself (the bench EXPLAINs it); null when no key was typed. */
export function candidatesQuery(db: DbOrTx, k: BlockingKeys) {
  const parts = blocks(k);
  if (parts.length === 0) return null;
  return db
    .select({
      id: patient.id,
      mrn: patient.mrn,
      status: patient.status,
      namePrefix: patient.namePrefix,
      givenName: patient.givenName,
      middleName: patient.middleName,
      familyName: patient.familyName,
      nameSuffix: patient.nameSuffix,
      preferredName: patient.preferredName,
      previousNames: patient.previousNames,
      birthDate: patient.birthDate,
      sexAtBirth: patient.sexAtBirth,
      phones: patient.phones,
      addresses: patient.addresses,
      email: patient.email,
      deceased: patient.deceased,
      flagVip: patient.flagVip,
      flagEmployee: patient.flagEmployee,
      flagConfidential: patient.flagConfidential,
      ssnEncrypted: patient.ssnEncrypted,
      ssnLast4: patient.ssnLast4,
      searchGiven: patient.searchGiven,
      searchFamily: patient.searchFamily,
      phoneKeys: patient.phoneKeys,
    })
    .from(patient)
    .where(sql`${patient.id} in (${blockedIds(k, parts)})`);
}
