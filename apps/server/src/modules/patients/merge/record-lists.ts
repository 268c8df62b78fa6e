// The lists of a patient record (phones, addresses, names, contacts, race) joined for a
// merge: the survivor's entries first, then each of the duplicate's that says something
// the survivor's do not. Pure; the merge handler applies the result.
import type {
  StoredAddress,
  StoredContact,
  StoredPhone,
  StoredPreviousName,
} from '../patients.tables.js';
import { normalizeName, normalizePostalCode } from '../search-keys.js';

/** The joined list and how many of the duplicate's entries it gained. */
export interface Joined<T> {
  items: T[];
  added: number;
}

function joinBy<T>(survivor: readonly T[], duplicate: readonly T[], key: (x: T) => string) {
  const seen = new Set(survivor.map(key));
  const added = duplicate.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { items: [...survivor, ...added], added };
}

/** Phones are stored in E.164, so equal numbers are equal strings. One stays preferred. */
export function joinPhones(
  survivor: readonly StoredPhone[],
  duplicate: readonly StoredPhone[],
): Joined<StoredPhone> {
  const hasPreferred = survivor.some((p) => p.preferred);
  const { items, added } = joinBy(survivor, duplicate, (p) => p.number);
  const fixed = hasPreferred
    ? items.map((p, i) => (i >= survivor.length && p.preferred ? { ...p, preferred: false } : p))
    : items;
  return { items: fixed, added: added.length };
}

/** Where an address is, ignoring case, accents, punctuation and its period of use. */
function addressKey(a: StoredAddress): string {
  const postal = a.postalCode ? normalizePostalCode(a.postalCode, a.country) : '';
  return [a.line1, a.line2 ?? '', a.city, a.state ?? '', postal, a.country]
    .map((part) => normalizeName(part))
    .join('|');
}

export function joinAddresses(
  survivor: readonly StoredAddress[],
  duplicate: readonly StoredAddress[],
): Joined<StoredAddress> {
  const { items, added } = joinBy(survivor, duplicate, addressKey);
  return { items, added: added.length };
}

interface NameParts {
  given?: string | undefined;
  middle?: string | undefined;
  family: string;
}

export function nameKey(n: NameParts): string {
  return [n.given ?? '', n.middle ?? '', n.family].map((p) => normalizeName(p)).join('|');
}

/**
 * The survivor's previous names plus the duplicate's, and the duplicate's own name as an
 * alias when it is not the survivor's: so a search by either name still finds the person.
 */
export function joinPreviousNames(
  survivor: { name: NameParts; previousNames: readonly StoredPreviousName[] },
  duplicate: { name: NameParts; previousNames: readonly StoredPreviousName[] },
): Joined<StoredPreviousName> {
  const current = nameKey(survivor.name);
  const { given, middle, family } = duplicate.name;
  const alias: StoredPreviousName = {
    kind: 'alias',
    ...(given ? { given } : {}),
    ...(middle ? { middle } : {}),
    family,
  };
  const candidates = [...duplicate.previousNames, alias].filter((n) => nameKey(n) !== current);
  const { items, added } = joinBy(survivor.previousNames, candidates, nameKey);
  return { items, added: added.length };
}

type ContactDetail = 'phone' | 'email' | 'address';
const contactDetails: readonly ContactDetail[] = ['phone', 'email', 'address'];

function sameDetail(a: string | undefined, b: string | undefined, field: ContactDetail): boolean {
  if (a === undefined || b === undefined) return true;
  return field === 'phone' ? a === b : normalizeName(a) === normalizeName(b);
}

/** The same person when name and relationship agree and no detail contradicts. */
function sameContact(a: StoredContact, b: StoredContact): boolean {
  return (
    normalizeName(a.name) === normalizeName(b.name) &&
    a.relationship === b.relationship &&
    contactDetails.every((f) => sameDetail(a[f], b[f], f))
  );
}

/** One contact from two entries for the same person: roles joined, gaps filled. */
function combineContact(kept: StoredContact, other: StoredContact): StoredContact {
  const out: StoredContact = { ...kept, roles: [...new Set([...kept.roles, ...other.roles])] };
  for (const f of contactDetails) {
    const value = other[f];
    if (out[f] === undefined && value !== undefined) out[f] = value;
  }
  return out;
}

export function joinContacts(
  survivor: readonly StoredContact[],
  duplicate: readonly StoredContact[],
): Joined<StoredContact> {
  const items = [...survivor];
  let added = 0;
  for (const c of duplicate) {
    const at = items.findIndex((k) => sameContact(k, c));
    const kept = items[at];
    if (kept === undefined) {
      items.push(c);
      added += 1;
      continue;
    }
    const combined = combineContact(kept, c);
    if (JSON.stringify(combined) !== JSON.stringify(kept)) added += 1;
    items[at] = combined;
  }
  return { items, added };
}

// "Asked but declined" and "unknown" say nothing once a category is known.
const nonAnswers = new Set(['asked_but_declined', 'unknown']);

export function joinRace(
  survivor: readonly string[],
  duplicate: readonly string[],
): Joined<string> {
  const all = [...new Set([...survivor, ...duplicate])];
  const known = all.filter((r) => !nonAnswers.has(r));
  const items = known.length > 0 ? known : all;
  return { items, added: items.filter((r) => !survivor.includes(r)).length };
}
