import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, localDateAt, localDayBounds } from './local-day.js';

const ny = 'America/New_York';

describe('local days', () => {
  it('gives a 23-hour day when clocks spring forward and a 25-hour day when they fall back', () => {
    const spring = localDayBounds('2026-03-08', ny);
    expect(spring.from.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.to.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    const autumn = localDayBounds('2026-11-01', ny);
    expect((autumn.to.getTime() - autumn.from.getTime()) / 3_600_000).toBe(25);
  });

  it('starts a day at its first instant where midnight is skipped', () => {
    // Santiago moved its clocks at 00:00 -> 01:00 on 2026-09-06.
    expect(localDayBounds('2026-09-06', 'America/Santiago').from.toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('names the local date of an instant', () => {
    expect(localDateAt(new Date('2026-03-09T03:30:00Z'), ny)).toBe('2026-03-08');
    expect(localDateAt(new Date('2026-03-09T04:00:00Z'), ny)).toBe('2026-03-09');
  });

  it('lists dates inclusively across a month end, and adds days', () => {
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(datesBetween('2026-03-02', '2026-03-01')).toEqual([]);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
