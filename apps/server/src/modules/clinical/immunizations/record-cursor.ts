import { fieldError } from '../../../platform/errors.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The keyset of a newest-first list: the last row's (date or instant, id). */
export interface RecordKey {
  at: string;
  id: string;
}

/** `tag` tells the lists apart, so an immunization cursor is refused by the procedure list. */
export function encodeRecordCursor(tag: 'im1' | 'pr1', key: RecordKey): string {
  return Buffer.from(`${tag}|${key.at}|${key.id}`, 'utf8').toString('base64url');
}

const atPatterns = {
  im1: /^\d{4}-\d{2}-\d{2}$/,
  pr1: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
} as const;

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeRecordCursor(tag: 'im1' | 'pr1', cursor: string): RecordKey {
  const [got, at = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const key = { at, id };
  if (
    got !== tag ||
    !atPatterns[tag].test(at) ||
    Number.isNaN(Date.parse(at)) ||
    !uuidPattern.test(id) ||
    encodeRecordCursor(tag, key) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return key;
}
