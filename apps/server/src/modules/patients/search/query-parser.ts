// Reads the search box: one string that may hold name fragments, "family, given", a date
// of birth, an MRN, a phone number, an external identifier or the last four of an SSN.
//
// Ambiguities, and how they are settled:
// - A query that is one number (digits with spaces, hyphens, dots, parentheses or a leading
//   +) is read as every identifier it could be, and a record matching any of them is a hit:
//   an MRN when its check digit is valid (only spaces and hyphens allowed inside), a phone
//   number when it has 10 or more digits, an external identifier when it has 5 or more.
// - Exactly four digits are the last four of an SSN, never a year of birth.
// - Slash and hyphen dates are US month/day (03/04/1980 is 4 March), unless the first
//   number cannot be a month (13/04/1980 is then read as day/month); dotted dates are
//   day.month (04.03.1980 is 4 March), as in Europe. Year-first dates are ISO year-month-day.
// - Two-digit years take the latest century that does not put the date after today
//   (on 2026-01-15, 3/4/80 is 1980-03-04 and 1/2/26 is 2026-01-02, 1/20/26 is 1926-01-20).
// - Something shaped like a date that is not a calendar date (02/30/1980) is dropped and
//   reported in `rejected`, so the caller can say why nothing was searched.
// - With a comma, the words before it are the family name and those after it the given
//   name(s); without one, the words may be in any order.
// - One word of CJK characters without spaces (王小明) may be the family name and the given
//   name written together: `joinedName` then offers its first character as the family name.
// - Numbers inside a name query other than a date and four SSN digits are ignored.
import { isValidMrn, normalizePhone } from '@meridian/contracts';
import { nameTokens, phoneKey } from '../search-keys.js';

export interface FamilyGiven {
  family: string;
  given: string;
}

export interface IdentifierQuery {
  /** Digits with a valid check digit: our own MRN (or a retired one). */
  mrn: string | null;
  /** National significant digits of a phone number (as `phone_keys` stores them). */
  phoneKey: string | null;
  /** An external identifier's value as `patient_identifier.value_key` stores it. */
  valueKey: string | null;
}

export interface ParsedQuery {
  /** Normalized name words, in the order typed (comma form: family words first). */
  names: string[];
  /** The comma form "family, given": the family words come first in `names`. */
  familyGiven: FamilyGiven | null;
  /** A CJK name written without a space (王小明), read as family 王 + given 小明. */
  joinedName: FamilyGiven | null;
  /** ISO date of birth. */
  birthDate: string | null;
  /** The last four digits of an SSN. */
  ssnLast4: string | null;
  /** The query was one identifier; any of its readings may match. */
  identifier: IdentifierQuery | null;
  /** Text that looked like a date but is not one (e.g. 02/30/1980). */
  rejected: string[];
}

/** True when the query holds nothing to search by. */
export function isEmptyQuery(p: ParsedQuery): boolean {
  return (
    p.names.length === 0 &&
    p.birthDate === null &&
    p.ssnLast4 === null &&
    (p.identifier === null ||
      (p.identifier.mrn === null &&
        p.identifier.phoneKey === null &&
        p.identifier.valueKey === null))
  );
}

// ---- Dates ----

const months: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const fullMonths = [
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const monthWord = `(${[...fullMonths, ...Object.keys(months)].join('|')})\\.?`;

function monthNumber(word: string): number {
  return months[word.toLowerCase().slice(0, 3)] ?? 0;
}

type DateParts = { year: string; month: number; day: number };

interface DateShape {
  pattern: RegExp;
  parts(m: RegExpExecArray): DateParts;
}

// Tricky: the lookarounds keep a date from starting or ending inside a longer number, so
// a phone number such as 617-555-0123 is never read as a date.
const edge = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
const ordinal = '(?:st|nd|rd|th)?';

const dateShapes: DateShape[] = [
  {
    // 1980-03-04, 1980/3/4
    pattern: edge('(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})'),
    parts: (m) => ({ year: m[1] ?? '', month: Number(m[2]), day: Number(m[3]) }),
  },
  {
    // 03/04/1980, 3/4/80, 03-04-1980: US month/day, day/month when the month cannot be one
    pattern: edge('(\\d{1,2})([/-])(\\d{1,2})\\2(\\d{4}|\\d{2})'),
    parts: (m) => {
      const first = Number(m[1]);
      const second = Number(m[3]);
      const dayFirst = first > 12 && second <= 12;
      return {
        year: m[4] ?? '',
        month: dayFirst ? second : first,
        day: dayFirst ? first : second,
      };
    },
  },
  {
    // 04.03.1980: day.month.year
    pattern: edge('(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})'),
    parts: (m) => ({ year: m[3] ?? '', month: Number(m[2]), day: Number(m[1]) }),
  },
  {
    // 4 Mar 1980, 4-Mar-1980, 4th March 1980
    pattern: edge(`(\\d{1,2})${ordinal}[\\s/-]*${monthWord}[\\s,/-]*(\\d{4}|\\d{2})`),
    parts: (m) => ({ year: m[3] ?? '', month: monthNumber(m[2] ?? ''), day: Number(m[1]) }),
  },
  {
    // March 4, 1980, Mar 4 1980
    pattern: edge(`${monthWord}[\\s/-]*(\\d{1,2})${ordinal},?[\\s/-]*(\\d{4}|\\d{2})`),
    parts: (m) => ({ year: m[3] ?? '', month: monthNumber(m[1] ?? ''), day: Number(m[2]) }),
  },
];

const pad = (n: number) => String(n).padStart(2, '0');

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no DST surprises).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO date, or null when the parts are not a calendar date. */
export function toIsoDate(parts: DateParts, today: string): string | null {
  let year = Number(parts.year);
  if (parts.year.length === 2) {
    year += 2000;
    const candidate = `${year}-${pad(parts.month)}-${pad(parts.day)}`;
    if (candidate > today) year -= 100;
  }
  if (!isCalendarDate(year, parts.month, parts.day)) return null;
  return `${String(year).padStart(4, '0')}-${pad(parts.month)}-${pad(parts.day)}`;
}

interface DateFound {
  iso: string | null;
  text: string;
  rest: string;
}

/** The first date-shaped part of `text`, read, and the text without it. */
export function findDate(text: string, today: string): DateFound | null {
  for (const shape of dateShapes) {
    const m = shape.pattern.exec(text);
    if (!m) continue;
    const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`;
    return { iso: toIsoDate(shape.parts(m), today), text: m[0], rest };
  }
  return null;
}

// ---- Identifiers ----

const numberShape = /^\+?[\d\s().-]+$/;
const mrnShape = /^[\d\s-]+$/;
const identifierToken = /^(?=.*\p{L})(?=.*\p{N})[\p{L}\p{N}-]{4,64}$/u;

function readNumber(text: string): Pick<ParsedQuery, 'identifier' | 'ssnLast4'> {
  const digits = text.replace(/\D/g, '');
  if (/^\d{4}$/.test(text)) return { identifier: null, ssnLast4: text };
  const e164 = digits.length >= 10 ? normalizePhone(text) : null;
  return {
    ssnLast4: null,
    identifier: {
      mrn: mrnShape.test(text) && isValidMrn(digits) ? digits : null,
      phoneKey: e164 !== null ? phoneKey(e164) : digits.length >= 10 ? digits.slice(-10) : null,
      valueKey: digits.length >= 5 ? digits : null,
    },
  };
}

/** An external identifier's lookup key: upper case, letters and digits only. */
export function identifierValueKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase();
}

// ---- Names ----

const cjkWord = /^[\p{Script=Han}\p{Script=Hangul}]{2,4}$/u;

const isNumber = (w: string) => /^\d+$/.test(w);

function readNames(
  text: string,
): Pick<ParsedQuery, 'names' | 'familyGiven' | 'joinedName' | 'ssnLast4'> {
  const comma = text.indexOf(',');
  const before = nameTokens(comma >= 0 ? text.slice(0, comma) : text);
  const after = comma >= 0 ? nameTokens(text.slice(comma + 1)) : [];
  const words = [...before, ...after];
  const ssnLast4 = words.find((w) => /^\d{4}$/.test(w)) ?? null;
  const names = words.filter((w) => !isNumber(w));
  const family = before.filter((w) => !isNumber(w)).join(' ');
  const given = after.filter((w) => !isNumber(w)).join(' ');
  const familyGiven = family !== '' && given !== '' ? { family, given } : null;
  let joinedName: FamilyGiven | null = null;
  if (comma < 0 && names.length === 1 && cjkWord.test(family)) {
    const [first = '', ...rest] = [...family];
    joinedName = { family: first, given: rest.join('') };
  }
  return { names, familyGiven, joinedName, ssnLast4 };
}

/**
 * Splits the search box into what it holds. Pure; `today` (ISO) settles two-digit years.
 * See the ambiguities at the top of this file.
 */
export function parseSearchQuery(q: string, today: string): ParsedQuery {
  const text = q.trim().replace(/\s+/g, ' ');
  const empty: ParsedQuery = {
    names: [],
    familyGiven: null,
    joinedName: null,
    birthDate: null,
    ssnLast4: null,
    identifier: null,
    rejected: [],
  };
  const date = findDate(text, today);
  const rest = date ? date.rest.trim() : text;
  const dated: ParsedQuery = {
    ...empty,
    birthDate: date?.iso ?? null,
    rejected: date && date.iso === null ? [date.text] : [],
  };
  if (rest === '') return dated;
  if (date === null && numberShape.test(rest) && /\d/.test(rest)) {
    return { ...dated, ...readNumber(rest) };
  }
  if (date === null && identifierToken.test(rest)) {
    return {
      ...dated,
      identifier: { mrn: null, phoneKey: null, valueKey: identifierValueKey(rest) },
    };
  }
  return { ...dated, ...readNames(rest) };
}
