// Pure pieces of a search page: the age filter as a range of birth dates, the ranking order
// of hits and the opaque cursor.
import { fieldError } from '../../../platform/errors.js';

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `today` moved back `years`; 29 February becomes 28 February in a common year. */
export function yearsBefore(today: string, years: number): string {
  const [y = 0, m = 1, d = 1] = today.split('-').map(Number);
  const year = y - years;
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Birth dates of people aged `ageMin` to `ageMax` (whole years, both inclusive) today, as
 * contracts' ageOn counts them: born on or before `today` minus ageMin years, and after
 * `today` minus (ageMax + 1) years.
 */
export function birthDateRange(
  today: string,
  ageMin: number | undefined,
  ageMax: number | undefined,
): { bornOnOrBefore?: string; bornAfter?: string } {
  return {
    ...(ageMin !== undefined ? { bornOnOrBefore: yearsBefore(today, ageMin) } : {}),
    ...(ageMax !== undefined ? { bornAfter: yearsBefore(today, ageMax + 1) } : {}),
  };
}

export interface RankedHit {
  id: string;
  rank: number;
  family: string;
  given: string;
}

// Code point order, as PostgreSQL's byte-wise "C" comparison of UTF-8 orders names; plain
// `<` on JS strings compares UTF-16 units and puts some characters elsewhere.
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The ranking order: rank, then family name, given name and id. */
export function compareHits(a: RankedHit, b: RankedHit): number {
  return (
    a.rank - b.rank ||
    compareText(a.family, b.family) ||
    compareText(a.given, b.given) ||
    compareText(a.id, b.id)
  );
}

/** Where a page ends: the last hit's rank and id. Names stay out of URLs. */
export interface CursorKey {
  rank: number;
  id: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeSearchCursor(key: CursorKey): string {
  return Buffer.from(`ps1:${key.rank}:${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeSearchCursor(cursor: string): CursorKey {
  const [tag, rankText = '', id = ''] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split(':');
  const rank = Number(rankText);
  // Tricky: base64url decoding skips characters it does not know, so only a cursor that
  // re-encodes to itself is one we issued.
  if (
    tag !== 'ps1' ||
    !/^\d{1,3}$/.test(rankText) ||
    !uuidPattern.test(id) ||
    encodeSearchCursor({ rank, id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { rank, id };
}
