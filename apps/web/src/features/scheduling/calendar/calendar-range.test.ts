import { describe, expect, it } from 'vitest';
import { mondayOf, stepDate, visibleRange } from './calendar-range';

describe('what the calendar shows', () => {
  it('starts weeks on Monday, also from a Sunday', () => {
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
  });

  it("asks for a day from the facility's midnight to the next", () => {
    expect(visibleRange('2026-01-15', 'day', 'America/New_York')).toEqual({
      firstDate: '2026-01-15',
      lastDate: '2026-01-15',
      from: '2026-01-15T05:00:00Z',
      to: '2026-01-16T05:00:00Z',
    });
  });

  it('asks for a 23-hour week day when the clocks spring forward', () => {
    const range = visibleRange('2026-03-08', 'week', 'America/New_York');
    expect(range.firstDate).toBe('2026-03-02');
    expect(range.lastDate).toBe('2026-03-08');
    expect(range.from).toBe('2026-03-02T05:00:00Z');
    // Monday 9 March starts at 04:00 UTC: daylight time began on the 8th.
    expect(range.to).toBe('2026-03-09T04:00:00Z');
  });

  it('steps a day or a week', () => {
    expect(stepDate('2026-02-28', 'day', 1)).toBe('2026-03-01');
    expect(stepDate('2026-03-04', 'week', -1)).toBe('2026-02-25');
  });
});
