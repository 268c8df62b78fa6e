// The two sides the scorer compares, in the normalized forms the index stores
// (search-keys.ts), so a comparison agrees with what search and blocking see.
import type { SexAtBirth } from '@meridian/contracts';
import type { StoredAddress, StoredPreviousName } from '../patients.tables.js';
import { nameTokens, normalizeName, normalizePostalCode, phoneKey } from '../search-keys.js';
import type { MatchInput } from './match.types.js';

/** What the registrar typed, normalized. Absent fields are null and weigh nothing. */
export interface MatchProbe {
  given: string | null;
  middle: string | null;
  family: string | null;
  birthDate: string | null;
  /** `unknown` is no evidence, so it is null here. */
  sex: SexAtBirth | null;
  phoneKeys: string[];
  /** Nine digits, when the full number was typed. */
  ssn: string | null;
  ssnLast4: string | null;
  email: string | null;
  line1: string | null;
  postalCode: string | null;
}

/** A stored record as the scorer sees it. */
export interface CandidateFacts {
  given: string;
  middle: string | null;
  family: string;
  preferred: string | null;
  /** Normalized family names the person used before (maiden names, aliases). */
  previousFamilies: string[];
  birthDate: string;
  sex: SexAtBirth | null;
  phoneKeys: string[];
  /** The decrypted number, only when the probe has a full SSN whose last four agree. */
  ssn: string | null;
  ssnLast4: string | null;
  email: string | null;
  addresses: { line1: string; postalCode: string | null; isCurrent: boolean }[];
}

// Street words as USPS Publication 28 abbreviates them, so "12 Oak Street" = "12 oak st".
const streetWords: Record<string, string> = {
  street: 'st',
  avenue: 'ave',
  road: 'rd',
  drive: 'dr',
  lane: 'ln',
  boulevard: 'blvd',
  court: 'ct',
  place: 'pl',
  terrace: 'ter',
  highway: 'hwy',
  parkway: 'pkwy',
  circle: 'cir',
  square: 'sq',
  apartment: 'apt',
  suite: 'ste',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

/** An address line for comparison: normalized like a name, street words abbreviated. */
export function normalizeAddressLine(line: string): string {
  return nameTokens(line)
    .map((t) => streetWords[t] ?? t)
    .join(' ');
}

/** A postal code as typed, compact; compared against stored codes by `postalCodesAgree`. */
function compactPostalCode(code: string): string {
  return normalizePostalCode(code, 'ZZ');
}

/** The stored code is normalized per country (US ZIP+4 kept as the ZIP). */
export function postalCodesAgree(typed: string, stored: string): boolean {
  return typed === stored || (/^\d{9}$/.test(typed) && typed.slice(0, 5) === stored);
}

const orNull = (s: string | undefined): string | null => {
  if (s === undefined) return null;
  const n = normalizeName(s);
  return n === '' ? null : n;
};

export function toProbe(input: MatchInput): MatchProbe {
  const line1 = input.address?.line1 ? normalizeAddressLine(input.address.line1) : '';
  const postal = input.address?.postalCode ? compactPostalCode(input.address.postalCode) : '';
  return {
    given: orNull(input.name?.given),
    middle: orNull(input.name?.middle),
    family: orNull(input.name?.family),
    birthDate: input.birthDate ?? null,
    sex: input.sexAtBirth && input.sexAtBirth !== 'unknown' ? input.sexAtBirth : null,
    phoneKeys: input.phone ? [phoneKey(input.phone)] : [],
    ssn: input.ssn ?? null,
    ssnLast4: input.ssn ? input.ssn.slice(-4) : (input.ssnLast4 ?? null),
    email: input.email ? input.email.trim().toLowerCase() : null,
    line1: line1 === '' ? null : line1,
    postalCode: postal === '' ? null : postal,
  };
}

/** The stored columns the scorer reads (candidates.repository selects these). */
export interface FactsSource {
  searchGiven: string;
  searchFamily: string;
  middleName: string | null;
  preferredName: string | null;
  previousNames: StoredPreviousName[];
  birthDate: string;
  sexAtBirth: SexAtBirth;
  phoneKeys: string[];
  ssnLast4: string | null;
  email: string | null;
  addresses: StoredAddress[];
}

export function toFacts(row: FactsSource, decryptedSsn: string | null = null): CandidateFacts {
  return {
    given: row.searchGiven,
    middle: orNull(row.middleName ?? undefined),
    family: row.searchFamily,
    preferred: orNull(row.preferredName ?? undefined),
    previousFamilies: row.previousNames.map((p) => normalizeName(p.family)).filter(Boolean),
    birthDate: row.birthDate,
    sex: row.sexAtBirth === 'unknown' ? null : row.sexAtBirth,
    phoneKeys: row.phoneKeys,
    ssn: decryptedSsn,
    ssnLast4: row.ssnLast4,
    email: row.email ? row.email.trim().toLowerCase() : null,
    addresses: row.addresses.map((a) => ({
      line1: normalizeAddressLine(a.line1),
      postalCode: a.postalCode ? normalizePostalCode(a.postalCode, a.country) : null,
      isCurrent: a.until === undefined,
    })),
  };
}
