// What a merge does to the survivor's own row: the duplicate's lists joined in, its
// details filled where the survivor has none, and the conflicts that would lose data.
// Pure: the merge handler loads the rows, compares the SSNs and writes the plan.
import { updatePatientBody } from '@meridian/contracts';
import type { MergeConflict } from '../../../platform/patient-merge.js';
import type { PatientRow } from '../patients.tables.js';
import { searchKeys } from '../search-keys.js';
import {
  joinAddresses,
  joinContacts,
  joinPhones,
  joinPreviousNames,
  joinRace,
  type Joined,
} from './record-lists.js';

export const recordHandlerName = 'patient_record';

/** The survivor's new column values, how much of the duplicate they take in, and conflicts. */
export interface RecordMergePlan {
  changes: Partial<PatientRow>;
  moves: number;
  conflicts: MergeConflict[];
}

function conflict(field: string, message: string): MergeConflict {
  return { source: recordHandlerName, field, message };
}

// Single values the duplicate may fill in when the survivor has none.
const fillable = [
  'preferredName',
  'genderIdentity',
  'pronouns',
  'language',
  'maritalStatus',
  'ethnicity',
  'email',
  'primaryCareUserId',
  'homeFacilityId',
] as const satisfies readonly (keyof PatientRow)[];

function fillGaps(s: PatientRow, d: PatientRow): Partial<PatientRow> {
  const out: Partial<PatientRow> = {};
  for (const field of fillable) {
    if (s[field] === null && d[field] !== null) out[field] = d[field];
  }
  if (s.preferredContact === null && d.preferredContact !== null) {
    // The duplicate's choice came with the consent it needs (contracts: checkRecord).
    out.preferredContact = d.preferredContact;
    if (d.preferredContact === 'sms') out.consentSms = true;
    if (d.preferredContact === 'email') out.consentEmail = true;
  }
  // Safety over tidiness: an interpreter need or a privacy flag on either record stays.
  if (d.interpreterNeeded && !s.interpreterNeeded) out.interpreterNeeded = true;
  if (d.flagVip && !s.flagVip) out.flagVip = true;
  if (d.flagEmployee && !s.flagEmployee) out.flagEmployee = true;
  if (d.flagConfidential && !s.flagConfidential) out.flagConfidential = true;
  return out;
}

/** A death recorded on one record only is for a person to confirm, not for a merge to copy. */
function deathConflicts(s: PatientRow, d: PatientRow): MergeConflict[] {
  if (d.deceased && !s.deceased) {
    return [
      conflict(
        'deceased',
        'only the duplicate is recorded as deceased; record the death on the survivor first',
      ),
    ];
  }
  if (s.deceased && d.deceased && s.deceasedDate && d.deceasedDate) {
    if (s.deceasedDate !== d.deceasedDate) {
      return [conflict('deceasedDate', 'the records give different dates of death')];
    }
  }
  return [];
}

function fillDeath(s: PatientRow, d: PatientRow): Partial<PatientRow> {
  return s.deceased && d.deceased && s.deceasedDate === null && d.deceasedDate !== null
    ? { deceasedDate: d.deceasedDate }
    : {};
}

function fillSsn(s: PatientRow, d: PatientRow): Partial<PatientRow> {
  return s.ssnEncrypted === null && d.ssnEncrypted !== null
    ? { ssnEncrypted: d.ssnEncrypted, ssnLast4: d.ssnLast4 }
    : {};
}

type ListField = 'phones' | 'addresses' | 'previousNames' | 'contacts' | 'identifiers';
const listLabels: Record<ListField, string> = {
  phones: 'phones',
  addresses: 'addresses',
  previousNames: 'previous names',
  contacts: 'contacts',
  identifiers: 'identifiers',
};

/**
 * A joined list must still fit a record: the contracts' schema of the list decides, so a
 * merge never makes a record its own edit form would refuse.
 */
export function listSizeConflicts(field: ListField, items: readonly unknown[]): MergeConflict[] {
  const result = updatePatientBody.shape[field].safeParse(items);
  if (result.success) return [];
  const tooBig = result.error.issues.some((i) => i.code === 'too_big' && i.path.length === 0);
  if (!tooBig) return [];
  return [
    conflict(
      field,
      `together the records have ${items.length} ${listLabels[field]}, more than a record keeps; remove some first`,
    ),
  ];
}

function guarantorConflicts(contacts: Joined<{ roles: readonly string[] }>): MergeConflict[] {
  const guarantors = contacts.items.filter((c) => c.roles.includes('guarantor'));
  return guarantors.length > 1
    ? [conflict('contacts', 'each record names a different guarantor; keep one first')]
    : [];
}

/**
 * The plan for the survivor's row. `ssnDiffers`: both records carry an SSN and the numbers
 * differ (the caller decrypts to compare).
 */
export function planRecordMerge(
  s: PatientRow,
  d: PatientRow,
  opts: { ssnDiffers: boolean },
): RecordMergePlan {
  const phones = joinPhones(s.phones, d.phones);
  const addresses = joinAddresses(s.addresses, d.addresses);
  const previousNames = joinPreviousNames(
    { name: nameOf(s), previousNames: s.previousNames },
    { name: nameOf(d), previousNames: d.previousNames },
  );
  const contacts = joinContacts(s.contacts, d.contacts);
  const race = joinRace(s.race, d.race);

  const conflicts = [
    ...(opts.ssnDiffers ? [conflict('ssn', 'the records carry different SSNs')] : []),
    ...deathConflicts(s, d),
    ...listSizeConflicts('phones', phones.items),
    ...listSizeConflicts('addresses', addresses.items),
    ...listSizeConflicts('previousNames', previousNames.items),
    ...listSizeConflicts('contacts', contacts.items),
    ...guarantorConflicts(contacts),
  ];
  const filled = { ...fillGaps(s, d), ...fillDeath(s, d), ...fillSsn(s, d) };
  const lists = {
    phones: phones.items,
    addresses: addresses.items,
    previousNames: previousNames.items,
    contacts: contacts.items,
    race: race.items,
  };
  const keys = searchKeys({
    name: nameOf(s),
    preferredName: filled.preferredName ?? s.preferredName,
    previousNames: lists.previousNames,
    phones: lists.phones,
    addresses: lists.addresses,
  });
  const moves =
    phones.added +
    addresses.added +
    previousNames.added +
    contacts.added +
    race.added +
    Object.keys(filled).filter((k) => k !== 'ssnLast4').length;
  return { changes: { ...lists, ...filled, ...keys }, moves, conflicts };
}

function nameOf(row: PatientRow): { given: string; middle?: string; family: string } {
  return {
    given: row.givenName,
    ...(row.middleName ? { middle: row.middleName } : {}),
    family: row.familyName,
  };
}
