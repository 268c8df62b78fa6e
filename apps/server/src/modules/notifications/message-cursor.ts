import { fieldError } from '../../platform/errors.js';

// The viewer pages newest first by (created_at, id); the cursor names the last message shown.
// Opaque to clients, strictly checked on the way back in.

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeMessageCursor(id: string): string {
  return Buffer.from(`msg:${id}`, 'utf8').toString('base64url');
}

/** The id of the last message of the previous page; 400 for anything we did not issue. */
export function decodeMessageCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Tricky: Node's base64url decoder skips characters it does not know, so only a cursor
  // that re-encodes to itself is one we issued.
  const id = text.startsWith('msg:') ? text.slice(4) : '';
  if (!uuidPattern.test(id) || encodeMessageCursor(id) !== cursor) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return id;
}
