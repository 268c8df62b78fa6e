import { fieldError } from '../../../platform/errors.js';

/**
 * The waitlist's keyset position: the last entry shown, in arrival order. The time keeps
 * PostgreSQL's microseconds, so no entry is shown twice or skipped.
 */
export interface WaitlistCursor {
  /** UTC ISO 8601 with microseconds, e.g. 2026-01-15T09:00:00.123456Z. */
  createdAt: string;
  id: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque to clients: the last entry's (created_at, id). */
export function encodeWaitlistCursor(key: WaitlistCursor): string {
  return Buffer.from(`wl1|${key.createdAt}|${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeWaitlistCursor(cursor: string): WaitlistCursor {
  const [tag, createdAt = '', id = ''] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split('|');
  if (
    tag !== 'wl1' ||
    !instantPattern.test(createdAt) ||
    Number.isNaN(Date.parse(createdAt)) ||
    !uuidPattern.test(id) ||
    encodeWaitlistCursor({ createdAt, id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { createdAt, id };
}
