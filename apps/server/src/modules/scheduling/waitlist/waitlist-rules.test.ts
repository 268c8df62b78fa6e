import { describe, expect, it } from 'vitest';
import { localDateOf, offerMessage, visitInSlot } from './waitlist-rules.js';

describe('whether a type fits a freed slot', () => {
  const freed = {
    startsAt: new Date('2026-03-02T15:00:00Z'),
    blockedPeriod: { from: new Date('2026-03-02T14:55:00Z'), to: new Date('2026-03-02T15:40:00Z') },
  };
  const type = (durationMinutes: number, bufferBeforeMinutes = 0, bufferAfterMinutes = 0) => ({
    durationMinutes,
    bufferBeforeMinutes,
    bufferAfterMinutes,
  });

  it('fits a shorter visit at the same start, with its own buffers', () => {
    expect(visitInSlot(freed, type(30, 5, 10))).toEqual({
      startsAt: freed.startsAt,
      endsAt: new Date('2026-03-02T15:30:00Z'),
      blockedPeriod: freed.blockedPeriod,
    });
  });
  it('refuses a visit that would run into the next appointment', () => {
    expect(visitInSlot(freed, type(45))).toBeNull();
  });
  it('refuses a buffer before that reaches the previous appointment', () => {
    expect(visitInSlot(freed, type(15, 10))).toBeNull();
  });
});

describe('the local date of a slot', () => {
  it('is the facility’s date, not UTC’s', () => {
    expect(localDateOf(new Date('2026-01-21T03:30:00Z'), 'America/New_York')).toBe('2026-01-20');
    expect(localDateOf(new Date('2026-01-20T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-01-21');
  });
});

describe('the offer message', () => {
  it('carries time, place and link in the facility’s zone', () => {
    const text = offerMessage(
      {
        startsAt: new Date('2026-03-09T13:00:00Z'),
        expiresAt: new Date('2026-03-08T18:30:00Z'),
        timeZone: 'America/New_York',
        practitionerName: 'Dr. Who',
        facilityName: 'North Clinic',
        link: 'http://localhost:3000/r/abc.def',
      },
      'sms',
    );
    // 9 March 2026 is the Monday after the US spring-forward: 13:00Z is 09:00 EDT.
    expect(text.body).toContain('9 March 2026 at 09:00');
    expect(text.body).toContain('http://localhost:3000/r/abc.def');
    expect(text.subject).toBeNull();
  });
});
