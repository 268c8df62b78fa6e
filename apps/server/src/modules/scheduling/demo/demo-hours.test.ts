import { describe, expect, it, test } from 'vitest';
import { extendedHoursAround, hasWorkingHoursAround } from './demo-hours.js';

const zone = 'America/New_York';
/** Mon-Fri 08:00-12:00 and 13:00-17:00, as the demo's physicians work. */
const weekdays = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, startMinute: 8 * 60, endMinute: 12 * 60 },
  { weekday, startMinute: 13 * 60, endMinute: 17 * 60 },
]);

describe('whether the regular hours make a believable today', () => {
  test.each([
    ['a Tuesday morning, 10:10', '2026-12-08T15:10:00Z', true],
    ['a Tuesday lunch break, 12:30 (work resumes at 13:00)', '2026-12-08T17:30:00Z', true],
    ['a Tuesday, 07:15 (the doors open within the hour)', '2026-12-08T12:15:00Z', true],
    ['a Tuesday, 16:45 (a quarter of an hour left)', '2026-12-08T21:45:00Z', false],
    ['a Tuesday evening, 19:00', '2026-12-09T00:00:00Z', false],
    ['a Wednesday night, 02:00 (UTC already says 07:00)', '2026-12-09T07:00:00Z', false],
    ['a Sunday morning, 11:00', '2026-12-06T16:00:00Z', false],
  ])('%s: %s', (_story, now, expected) => {
    expect(hasWorkingHoursAround(new Date(now), zone, weekdays)).toBe(expected);
  });
});

describe('extended hours around the seeding moment', () => {
  it('adds the early evening after a late-afternoon seed, not the day already worked', () => {
    // Tuesday 16:45 in New York.
    expect(extendedHoursAround(new Date('2026-12-08T21:45:00Z'), zone, weekdays)).toEqual({
      effectiveFrom: '2026-12-08',
      effectiveUntil: '2026-12-08',
      blocks: [{ weekday: 2, startMinute: 17 * 60, endMinute: 18 * 60 + 45 }],
      periods: [{ from: new Date('2026-12-08T22:00:00Z'), to: new Date('2026-12-08T23:45:00Z') }],
    });
  });

  it('runs past midnight for a late seed: one period, two blocks, two days in effect', () => {
    // Tuesday 23:50 in New York (04:50Z on Wednesday).
    expect(extendedHoursAround(new Date('2026-12-09T04:50:00Z'), zone, weekdays)).toEqual({
      effectiveFrom: '2026-12-08',
      effectiveUntil: '2026-12-09',
      blocks: [
        { weekday: 2, startMinute: 21 * 60 + 45, endMinute: 1440 },
        { weekday: 3, startMinute: 0, endMinute: 120 },
      ],
      periods: [{ from: new Date('2026-12-09T02:45:00Z'), to: new Date('2026-12-09T07:00:00Z') }],
    });
  });

  it('stops before the next morning’s regular hours', () => {
    // Wednesday 06:50: the window would reach 08:50.
    const hours = extendedHoursAround(new Date('2026-12-09T11:50:00Z'), zone, weekdays);
    expect(hours?.blocks).toEqual([{ weekday: 3, startMinute: 4 * 60 + 45, endMinute: 8 * 60 }]);
  });

  it('keeps the wall clock on the night clocks spring forward', () => {
    // Sunday 8 March 2026, 03:30 EDT: from 01:30 EST to 05:30 EDT is three hours.
    const hours = extendedHoursAround(new Date('2026-03-08T07:30:00Z'), zone, weekdays);
    expect(hours?.blocks).toEqual([{ weekday: 7, startMinute: 90, endMinute: 330 }]);
    expect(hours?.periods).toEqual([
      { from: new Date('2026-03-08T06:30:00Z'), to: new Date('2026-03-08T09:30:00Z') },
    ]);
  });

  it('adds nothing in the middle of the working day', () => {
    expect(extendedHoursAround(new Date('2026-12-08T15:10:00Z'), zone, weekdays)).toBeNull();
  });
});
