import { fieldError } from '../../../platform/errors.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// started_at as PostgreSQL prints a timestamptz: 2026-01-15 09:00:00.123456+00 (or -05:30).
const pgInstantPattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export interface TimelineKey {
  /** The last row's started_at as PostgreSQL printed it: exact to the microsecond. */
  at: string;
  id: string;
}

/** The keyset cursor of the timeline: the page's last (started_at, id). */
export function encodeTimelineCursor(key: TimelineKey): string {
  return Buffer.from(`en1|${key.at}|${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor (an impossible date included) for anything this server did not issue. */
export function decodeTimelineCursor(cursor: string): TimelineKey {
  const [tag, at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split('|');
  if (
    tag !== 'en1' ||
    rest.length > 0 ||
    !pgInstantPattern.test(at) ||
    Number.isNaN(Date.parse(at.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))) ||
    !uuidPattern.test(id) ||
    encodeTimelineCursor({ at, id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { at, id };
}
