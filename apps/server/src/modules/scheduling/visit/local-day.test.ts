import { describe, expect, it } from 'vitest';
import { localDateAt, localDayBounds, waitingMinutes } from './local-day.js';

describe('localDayBounds', () => {
  it('spans 24 hours on an ordinary day in New York', () => {
    expect(localDayBounds('2026-01-15', 'America/New_York')).toEqual({
      from: new Date('2026-01-15T05:00:00Z'),
      to: new Date('2026-01-16T05:00:00Z'),
    });
  });

  it('spans 23 hours on the day clocks spring forward', () => {
    const { from, to } = localDayBounds('2026-03-08', 'America/New_York');
    expect(from).toEqual(new Date('2026-03-08T05:00:00Z'));
    expect((to.getTime() - from.getTime()) / 3_600_000).toBe(23);
  });

  it('spans 25 hours on the day clocks fall back', () => {
    const { from, to } = localDayBounds('2026-11-01', 'America/New_York');
    expect((to.getTime() - from.getTime()) / 3_600_000).toBe(25);
  });
});

describe('localDateAt', () => {
  it('is still yesterday in New York at 03:00 UTC', () => {
    expect(localDateAt(new Date('2026-01-15T03:00:00Z'), 'America/New_York')).toBe('2026-01-14');
  });

  it('is already tomorrow in Auckland', () => {
    expect(localDateAt(new Date('2026-01-15T12:00:00Z'), 'Pacific/Auckland')).toBe('2026-01-16');
  });
});

describe('waitingMinutes', () => {
  const now = new Date('2026-01-15T10:00:00Z');

  it('counts whole minutes since arrival while arrived', () => {
    expect(
      waitingMinutes({ status: 'arrived', arrivedAt: new Date('2026-01-15T09:47:30Z') }, now),
    ).toBe(12);
  });

  it('is null once in the room, and before arrival', () => {
    const arrivedAt = new Date('2026-01-15T09:47:30Z');
    expect(waitingMinutes({ status: 'in_room', arrivedAt }, now)).toBeNull();
    expect(waitingMinutes({ status: 'booked', arrivedAt: null }, now)).toBeNull();
  });
});
