import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { decodeMessageCursor, encodeMessageCursor } from './message-cursor.js';

const id = '01950000-0000-7000-8000-000000000001';

describe('message cursor', () => {
  it('gives back the id it was made from', () => {
    expect(decodeMessageCursor(encodeMessageCursor(id))).toBe(id);
  });

  it.each([
    ['a raw id', id],
    ['garbage', 'not-a-cursor'],
    ['a cursor with a stray character', `${encodeMessageCursor(id)}!`],
    ['another prefix', Buffer.from(`seq:${id}`).toString('base64url')],
    ['an id that is not a uuid', Buffer.from('msg:1 or 1=1').toString('base64url')],
  ])('refuses %s as query.cursor invalid_cursor', (_label, cursor) => {
    let caught: unknown;
    try {
      decodeMessageCursor(cursor);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).details.errors?.[0]).toMatchObject({
      path: 'query.cursor',
      rule: 'invalid_cursor',
    });
  });
});
