import { describe, expect, it } from 'vitest';
import { scheduledDoses } from './mar-schedule.js';

const ny = 'America/New_York';
const order = (
  frequency: string,
  startsAt: string,
  o: { endsAt?: string; isPrn?: boolean } = {},
) => ({
  frequency,
  isPrn: o.isPrn ?? false,
  startsAt: new Date(startsAt),
  endsAt: o.endsAt ? new Date(o.endsAt) : null,
});
const times = (d: { time: string }[]) => d.map((x) => x.time);

describe('scheduled doses', () => {
  it('follows the standard rounds of each frequency', () => {
    const start = '2026-03-01T05:00:00Z'; // midnight in New York
    expect(times(scheduledDoses(order('q6h', start), '2026-03-02', ny))).toEqual([
      '00:00',
      '06:00',
      '12:00',
      '18:00',
    ]);
    expect(times(scheduledDoses(order('q4h', start), '2026-03-02', ny))).toHaveLength(6);
    expect(times(scheduledDoses(order('at_bedtime', start), '2026-03-02', ny))).toEqual(['22:00']);
    expect(scheduledDoses(order('q8h', start, { isPrn: true }), '2026-03-02', ny)).toEqual([]);
  });

  it('keeps local times across a clock change and stops at the end of the course', () => {
    // 8 March 2026: New York springs forward at 02:00.
    const doses = scheduledDoses(order('bid', '2026-03-01T05:00:00Z'), '2026-03-08', ny);
    expect(doses.map((d) => d.scheduledFor.toISOString())).toEqual([
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T01:00:00.000Z',
    ]);
    const ended = scheduledDoses(
      order('bid', '2026-03-01T05:00:00Z', { endsAt: '2026-03-08T20:00:00Z' }),
      '2026-03-08',
      ny,
    );
    expect(times(ended)).toEqual(['09:00']);
  });

  it('gives a weekly dose every seventh day from the start, and a single dose at the start', () => {
    const start = '2026-03-02T13:30:00Z'; // 08:30 on a Monday
    expect(times(scheduledDoses(order('once_weekly', start), '2026-03-02', ny))).toEqual(['09:00']);
    expect(scheduledDoses(order('once_weekly', start), '2026-03-03', ny)).toEqual([]);
    expect(times(scheduledDoses(order('once_weekly', start), '2026-03-09', ny))).toEqual(['09:00']);
    expect(times(scheduledDoses(order('once', start), '2026-03-02', ny))).toEqual(['08:30']);
  });

  it('leaves out doses before the start or outside the stay', () => {
    const doses = scheduledDoses(order('tid', '2026-03-02T13:30:00Z'), '2026-03-02', ny, {
      from: null,
      to: new Date('2026-03-02T18:00:00Z'),
    });
    expect(times(doses)).toEqual([]);
    expect(times(scheduledDoses(order('tid', '2026-03-02T13:30:00Z'), '2026-03-02', ny))).toEqual([
      '14:00',
      '22:00',
    ]);
  });
});
