import { describe, expect, it } from 'vitest';
import { firstSelfOverlap, localDate } from './template-rules.js';

const block = (weekday: number, from: string, to: string) => {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return { weekday, startMinute: minutes(from), endMinute: minutes(to) };
};

describe('firstSelfOverlap', () => {
  it.each([
    ['morning and afternoon', [block(1, '08:00', '12:00'), block(1, '13:00', '17:00')], null],
    ['blocks that touch at noon', [block(1, '08:00', '12:00'), block(1, '12:00', '17:00')], null],
    [
      'the same hours on two weekdays',
      [block(1, '08:00', '12:00'), block(2, '08:00', '12:00')],
      null,
    ],
    ['one minute of overlap', [block(3, '08:00', '12:01'), block(3, '12:00', '17:00')], 1],
    [
      'a block inside an earlier one',
      [block(5, '08:00', '17:00'), block(2, '09:00', '10:00'), block(5, '09:00', '10:00')],
      2,
    ],
  ])('%s', (_what, blocks, expected) => {
    expect(firstSelfOverlap(blocks)).toBe(expected);
  });
});

describe('localDate', () => {
  it('is the date in the facility zone, not in UTC', () => {
    expect(localDate(new Date('2026-01-15T03:00:00Z'), 'America/New_York')).toBe('2026-01-14');
    expect(localDate(new Date('2026-01-15T03:00:00Z'), 'Asia/Tokyo')).toBe('2026-01-15');
  });
});
