import { describe, expect, test } from 'vitest';
import { decodeTimelineCursor, encodeTimelineCursor } from './timeline-cursor.js';

const id = '0193b000-0000-7000-8000-000000000001';

describe('the timeline cursor', () => {
  test.each([
    '2026-01-15 09:00:00+00',
    '2026-01-15 04:00:00.123456-05',
    '2026-03-08 01:59:59+05:30',
  ])('carries %s exactly', (at) => {
    expect(decodeTimelineCursor(encodeTimelineCursor({ at, id }))).toEqual({ at, id });
  });

  const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  test.each([
    ['not base64 of anything', 'garbage'],
    ['another tag', forged(`st1|2026-01-15 09:00:00+00|${id}`)],
    ['an impossible date', forged(`en1|2026-13-45 09:00:00+00|${id}`)],
    ['no id', forged('en1|2026-01-15 09:00:00+00|')],
    ['extra parts', forged(`en1|2026-01-15 09:00:00+00|${id}|x`)],
  ])('refuses %s naming query.cursor', (_what, cursor) => {
    expect(() => decodeTimelineCursor(cursor)).toThrow(
      expect.objectContaining({
        details: { errors: [expect.objectContaining({ path: 'query.cursor' })] },
      }),
    );
  });
});
