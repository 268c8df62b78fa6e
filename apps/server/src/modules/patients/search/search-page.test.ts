import { describe, expect, it } from 'vitest';
import { ageOn } from '@meridian/contracts';
import {
  birthDateRange,
  compareHits,
  decodeSearchCursor,
  encodeSearchCursor,
  yearsBefore,
} from './search-page.js';

describe('age filter as birth dates', () => {
  it.each([
    ['2026-01-15', 30, '1996-01-15'],
    ['2024-02-29', 1, '2023-02-28'],
    ['2024-02-29', 4, '2020-02-29'],
  ])('moves %s back %i years to %s', (today, years, iso) => {
    expect(yearsBefore(today, years)).toBe(iso);
  });

  // Every birth date in and around the range agrees with contracts' ageOn.
  it.each([
    ['2026-01-15', 30, 40],
    ['2024-02-29', 0, 3],
    ['2025-02-28', 1, 1],
    ['2025-03-01', 0, 0],
  ])('on %s keeps exactly the people aged %i to %i', (today, ageMin, ageMax) => {
    const { bornAfter, bornOnOrBefore } = birthDateRange(today, ageMin, ageMax);
    const start = Date.parse(yearsBefore(today, ageMax + 2));
    const end = Math.min(Date.parse(today), Date.parse(yearsBefore(today, ageMin - 2)));
    for (let t = start; t <= end; t += 86_400_000) {
      const born = new Date(t).toISOString().slice(0, 10);
      const age = ageOn(born, today);
      const inRange = born > (bornAfter ?? '') && born <= (bornOnOrBefore ?? '9999');
      expect(inRange, born).toBe(age >= ageMin && age <= ageMax);
    }
  });

  it('leaves an open end open', () => {
    expect(birthDateRange('2026-01-15', undefined, undefined)).toEqual({});
  });
});

describe('ranking order', () => {
  const hit = (rank: number, family: string, given: string, id: string) => ({
    rank,
    family,
    given,
    id,
  });

  it('orders by rank, then family, given and id, by code point', () => {
    const hits = [
      hit(20, 'abc', 'x', '3'),
      hit(10, 'zed', 'a', '2'),
      hit(10, 'zed', 'a', '1'),
      hit(10, '王', 'a', '4'),
      hit(10, 'ab', 'b', '5'),
    ];
    expect(hits.sort(compareHits).map((h) => h.id)).toEqual(['5', '1', '2', '4', '3']);
  });
});

describe('cursor', () => {
  const id = '0190a0e0-0000-7000-8000-000000000001';

  it('round-trips rank and id and carries no name', () => {
    const cursor = encodeSearchCursor({ rank: 21, id });
    expect(decodeSearchCursor(cursor)).toEqual({ rank: 21, id });
    expect(Buffer.from(cursor, 'base64url').toString()).toBe(`ps1:21:${id}`);
  });

  it.each([
    'garbage',
    Buffer.from(`ps1:x:${id}`).toString('base64url'),
    Buffer.from('ps1:1:not-a-uuid').toString('base64url'),
    Buffer.from(`msg:${id}`).toString('base64url'),
    `${encodeSearchCursor({ rank: 1, id })}!`,
  ])('refuses %j naming query.cursor', (cursor) => {
    expect(() => decodeSearchCursor(cursor)).toThrow(
      expect.objectContaining({
        details: { errors: [expect.objectContaining({ path: 'query.cursor' })] },
      }),
    );
  });
});
