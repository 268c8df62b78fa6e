// The master patient index's search keys: normalized and phonetic forms of a person's
// names, phone digits and postal code. Derived on every write of a patient (service and
// bulk loader alike) and compared by search and matching, so all three agree on one form.
import { doubleMetaphone } from 'double-metaphone';
import { parsePhoneNumberWithError } from 'libphonenumber-js';

// Letters that Unicode does not decompose into a base letter and a mark.
const foldings: Record<string, string> = {
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};
const foldable = new RegExp(`[${Object.keys(foldings).join('')}]`, 'g');

/**
 * A name as the index compares it: lower case, diacritics removed (José -> jose, Nguyễn ->
 * nguyen, Łukasz -> lukasz), apostrophes dropped (O'Brien -> obrien), other punctuation a
 * word break (Smith-Jones -> smith jones). Letters of other scripts (王小明) are kept.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(foldable, (c) => foldings[c] ?? c)
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a normalized name. */
export function nameTokens(text: string): string[] {
  const normalized = normalizeName(text);
  return normalized === '' ? [] : normalized.split(' ');
}

const latinWord = /^[a-z]+$/;

// Names repeat (many Smiths): the bulk loader derives keys for a million records, and
// double metaphone was a fifth of its time. Bounded: cleared when it grows past the limit.
const metaphoneCache = new Map<string, readonly string[]>();
const metaphoneCacheLimit = 100_000;

function metaphoneOf(token: string): readonly string[] {
  let keys = metaphoneCache.get(token);
  if (keys === undefined) {
    keys = doubleMetaphone(token);
    if (metaphoneCache.size >= metaphoneCacheLimit) metaphoneCache.clear();
    metaphoneCache.set(token, keys);
  }
  return keys;
}

/** Double metaphone keys of latin-script words (others have none); deduplicated. */
export function phoneticKeys(tokens: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const token of tokens) {
    if (!latinWord.test(token)) continue;
    for (const key of metaphoneOf(token)) if (key !== '') keys.add(key);
  }
  return [...keys];
}

const nanpE164 = /^\+1\d{10}$/;

/** The national significant number of an E.164 phone (+12025550123 -> 2025550123). */
export function phoneKey(e164: string): string {
  // NANP (+1): the national number is always the 10 digits after the country code; this
  // skips a full parse, which dominated the bulk loader's key derivation.
  if (nanpE164.test(e164)) return e164.slice(2);
  try {
    return parsePhoneNumberWithError(e164).nationalNumber;
  } catch {
    return e164.replace(/\D/g, '');
  }
}

/** Postal codes compare without spaces or case: "sw1a 1aa" = "SW1A1AA"; ZIP+4 as ZIP. */
export function normalizePostalCode(code: string, country = 'US'): string {
  const compact = code.replace(/[\s-]/g, '').toUpperCase();
  return country === 'US' ? compact.slice(0, 5) : compact;
}

export interface KeySource {
  name: { given: string; middle?: string | null; family: string };
  preferredName?: string | null;
  previousNames?: readonly { given?: string; middle?: string; family: string }[];
  phones?: readonly { number: string }[];
  addresses?: readonly {
    use: string;
    postalCode?: string;
    country?: string;
    until?: string;
  }[];
}

export interface SearchKeys {
  searchGiven: string;
  searchFamily: string;
  searchNames: string;
  namePhonetic: string[];
  phoneKeys: string[];
  postalCode: string | null;
}

export function searchKeys(p: KeySource): SearchKeys {
  const parts = [p.name.given, p.name.middle ?? '', p.name.family, p.preferredName ?? ''];
  for (const prev of p.previousNames ?? [])
    parts.push(prev.given ?? '', prev.middle ?? '', prev.family);
  const tokens = [...new Set(parts.flatMap(nameTokens))];
  const home =
    p.addresses?.find((a) => a.use === 'home' && a.until === undefined) ??
    p.addresses?.find((a) => a.until === undefined);
  return {
    searchGiven: normalizeName(p.name.given),
    searchFamily: normalizeName(p.name.family),
    searchNames: tokens.join(' '),
    namePhonetic: phoneticKeys(tokens),
    phoneKeys: [...new Set((p.phones ?? []).map((ph) => phoneKey(ph.number)))],
    postalCode: home?.postalCode ? normalizePostalCode(home.postalCode, home.country) : null,
  };
}
