import { fieldError } from '../../../platform/errors.js';
import type { TimeKey } from './lab.repository.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A keyset cursor (time, id), tagged by list so one list's cursor is refused by another. */
export function encodeTimeCursor(tag: string, key: TimeKey): string {
  return Buffer.from(`${tag}:${key.at.getTime()}:${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue for this list. */
export function decodeTimeCursor(tag: string, cursor: string): TimeKey {
  const [t, msText = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const ms = Number(msText);
  if (
    t !== tag ||
    !Number.isSafeInteger(ms) ||
    !uuidPattern.test(id) ||
    encodeTimeCursor(tag, { at: new Date(ms), id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { at: new Date(ms), id };
}

/** An offset cursor for lists ordered by rank (the worklist). */
export function encodeOffsetCursor(tag: string, offset: number): string {
  return Buffer.from(`${tag}:${offset}`, 'utf8').toString('base64url');
}

export function decodeOffsetCursor(tag: string, cursor: string): number {
  const [t, n = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const offset = Number(n);
  if (
    t !== tag ||
    !Number.isSafeInteger(offset) ||
    offset < 0 ||
    encodeOffsetCursor(tag, offset) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return offset;
}
