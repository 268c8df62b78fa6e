// Pure mapping of the writable record (create and update bodies) onto the patient row.
import type { UpdatePatient } from '@meridian/contracts';
import type { NewPatientRow, StoredAddress } from '../patients.tables.js';
import { searchKeys } from '../search-keys.js';
import type { MatchInput } from '../matching/match.types.js';

/** The writable record as parsed; registration's body adds only `duplicateOverride`. */
export type RecordInput = UpdatePatient;

/** The row columns the writable record decides (everything but identity, SSN and stamps). */
export type RecordColumns = Omit<
  NewPatientRow,
  | 'id'
  | 'mrn'
  | 'version'
  | 'status'
  | 'mergedIntoId'
  | 'mergedAt'
  | 'ssnEncrypted'
  | 'ssnLast4'
  | 'createdAt'
  | 'updatedAt'
  | 'createdBy'
  | 'updatedBy'
>;

export function recordColumns(input: RecordInput): RecordColumns {
  return {
    namePrefix: input.name.prefix ?? null,
    givenName: input.name.given,
    middleName: input.name.middle ?? null,
    familyName: input.name.family,
    nameSuffix: input.name.suffix ?? null,
    preferredName: input.preferredName ?? null,
    previousNames: input.previousNames,
    birthDate: input.birthDate,
    sexAtBirth: input.sexAtBirth,
    genderIdentity: input.genderIdentity ?? null,
    pronouns: input.pronouns ?? null,
    language: input.language ?? null,
    interpreterNeeded: input.interpreterNeeded,
    maritalStatus: input.maritalStatus ?? null,
    race: input.race,
    ethnicity: input.ethnicity ?? null,
    phones: input.phones,
    email: input.email ?? null,
    addresses: input.addresses,
    preferredContact: input.preferredContact ?? null,
    consentSms: input.consentSms,
    consentEmail: input.consentEmail,
    contacts: input.contacts,
    primaryCareUserId: input.primaryCarePractitionerId ?? null,
    homeFacilityId: input.homeFacilityId ?? null,
    deceased: input.deceased,
    deceasedDate: input.deceasedDate ?? null,
    flagVip: input.flags.vip,
    flagEmployee: input.flags.employee,
    flagConfidential: input.flags.confidential,
    ...searchKeys(input),
  };
}

/** An identifier's lookup key: upper case, letters and digits only ("ab-12 3" -> "AB123"). */
export function identifierValueKey(value: string): string {
  return value.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The preferred phone, else the first. */
function mainPhone(input: RecordInput): string | undefined {
  return (input.phones.find((p) => p.preferred) ?? input.phones[0])?.number;
}

/** What the duplicate check compares, from a registration. */
export function toMatchInput(input: RecordInput): MatchInput {
  const home =
    input.addresses.find((a) => a.use === 'home' && a.until === undefined) ??
    input.addresses.find((a) => a.until === undefined);
  return {
    name: {
      given: input.name.given,
      ...(input.name.middle ? { middle: input.name.middle } : {}),
      family: input.name.family,
    },
    birthDate: input.birthDate,
    sexAtBirth: input.sexAtBirth,
    ...(mainPhone(input) ? { phone: mainPhone(input) } : {}),
    ...(input.ssn ? { ssn: input.ssn } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(home
      ? {
          address: {
            line1: home.line1,
            ...(home.postalCode ? { postalCode: home.postalCode } : {}),
          },
        }
      : {}),
    limit: 5,
  };
}

/** An address's identity: where it is and what for, not the period it was in use. */
function addressKey(a: StoredAddress): string {
  return JSON.stringify([
    a.use,
    a.line1,
    a.line2 ?? '',
    a.city,
    a.district ?? '',
    a.state ?? '',
    a.postalCode ?? '',
    a.country,
  ]);
}

/**
 * Addresses are kept as history: a current address (no `until`) that an update leaves out
 * is appended with `until` = `today`. An address the client sent again (with or without its
 * own `until`) is the client's to decide, so it is not added twice.
 */
export function keepDroppedAddresses(
  previous: readonly StoredAddress[],
  next: readonly StoredAddress[],
  today: string,
): StoredAddress[] {
  const sent = new Set(next.map(addressKey));
  const dropped = previous
    .filter((a) => a.until === undefined && !sent.has(addressKey(a)))
    // A move on the day the address was entered would end it before it began.
    .map((a) => ({ ...a, until: a.since !== undefined && a.since > today ? a.since : today }));
  return [...next, ...dropped];
}
