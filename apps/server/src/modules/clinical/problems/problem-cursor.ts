import { fieldError } from '../../../platform/errors.js';
import type { ListKey } from './problem.repository.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The keyset cursor: the last row's (status_rank, recorded_at, id). */
export function encodeProblemCursor(key: ListKey): string {
  return Buffer.from(
    `pr1:${key.statusRank}:${key.recordedAt.getTime()}:${key.id}`,
    'utf8',
  ).toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeProblemCursor(cursor: string): ListKey {
  const [tag, rankText = '', msText = '', id = ''] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split(':');
  const statusRank = Number(rankText);
  const ms = Number(msText);
  const key = { statusRank, recordedAt: new Date(ms), id };
  if (
    tag !== 'pr1' ||
    !Number.isInteger(statusRank) ||
    statusRank < 0 ||
    statusRank > 3 ||
    !Number.isSafeInteger(ms) ||
    !uuidPattern.test(id) ||
    encodeProblemCursor(key) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return key;
}
