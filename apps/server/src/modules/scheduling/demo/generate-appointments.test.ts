import { describe, expect, it, test } from 'vitest';
import { extendedHoursAround, hasWorkingHoursAround } from './demo-hours.js';
import { generateAppointments, type GenerateAppointmentsOptions } from './generate-appointments.js';

const blocks = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  startMinute: 8 * 60,
  endMinute: 12 * 60,
}));

const options = (o: Partial<GenerateAppointmentsOptions> = {}): GenerateAppointmentsOptions => ({
  seed: 7,
  now: new Date('2026-03-11T15:00:00Z'),
  timeZone: 'America/New_York',
  fromDate: '2026-03-02',
  toDate: '2026-03-13',
  practitioners: ['p1', 'p2', 'p3'].map((id) => ({
    id,
    facilityId: 'f1',
    departmentId: null,
    blocks,
    typeWeights: [
      ['new', 1],
      ['fu', 3],
    ],
  })),
  types: [
    {
      id: 'new',
      durationMinutes: 40,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 5,
      modality: 'in_person',
    },
    {
      id: 'fu',
      durationMinutes: 20,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      modality: 'video',
    },
  ],
  patientIds: Array.from({ length: 200 }, (_, i) => `patient-${i}`),
  ...o,
});

describe('generateAppointments', () => {
  it('gives the same visits, ids included, for the same options', () => {
    const a = [...generateAppointments(options())];
    const b = [...generateAppointments(options())];
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
    expect(new Set(a.map((v) => v.appointment.id)).size).toBe(a.length);
    expect(a[0]!.appointment.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
  });

  it('keeps 08:00 local on both sides of the spring-forward weekend', () => {
    const visits = [...generateAppointments(options())].map((v) => v.appointment);
    const earliestUtcHour = (day: string) =>
      Math.min(
        ...visits
          .filter((a) => a.blockedPeriod.from.toISOString().startsWith(day))
          .map((a) => a.blockedPeriod.from.getUTCHours()),
      );
    // EST (UTC-5) before 8 March 2026, EDT (UTC-4) after.
    expect(earliestUtcHour('2026-03-06')).toBe(13);
    expect(earliestUtcHour('2026-03-09')).toBe(12);
  });

  it('never overlaps a practitioner and keeps visits inside the hours', () => {
    const visits = [...generateAppointments(options())].map((v) => v.appointment);
    for (const id of ['p1', 'p2', 'p3']) {
      const mine = visits
        .filter((a) => a.practitionerId === id)
        .sort((x, y) => x.blockedPeriod.from.getTime() - y.blockedPeriod.from.getTime());
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.blockedPeriod.from.getTime()).toBeGreaterThanOrEqual(
          mine[i - 1]!.blockedPeriod.to.getTime(),
        );
      }
    }
    const busyMinutes = visits.reduce(
      (sum, a) => sum + (a.blockedPeriod.to.getTime() - a.blockedPeriod.from.getTime()) / 60_000,
      0,
    );
    const share = busyMinutes / (3 * 10 * 240);
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.8);
  });

  it('sees a patient at most once a day', () => {
    const visits = [...generateAppointments(options())].map((v) => v.appointment);
    const keys = visits.map((a) => `${a.patientId} ${a.startsAt.toISOString().slice(0, 10)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('skips a closure and refuses a day with more visits than patients', () => {
    const closed = [
      ...generateAppointments(
        options({
          closures: [
            {
              practitionerId: 'p1',
              period: {
                from: new Date('2026-03-02T05:00:00Z'),
                to: new Date('2026-03-07T05:00:00Z'),
              },
            },
          ],
        }),
      ),
    ];
    const firstWeek = closed.filter(
      (v) =>
        v.appointment.practitionerId === 'p1' && v.appointment.startsAt < new Date('2026-03-07'),
    );
    expect(firstWeek).toHaveLength(0);
    expect(() => [...generateAppointments(options({ patientIds: ['a', 'b'] }))]).toThrow(
      /only 2 patients/,
    );
  });

  it('marks the past done and the future booked, with an event per step', () => {
    const visits = [...generateAppointments(options())];
    const now = options().now.getTime();
    for (const { appointment: a, events } of visits) {
      if (a.endsAt.getTime() <= now - 3_600_000) {
        expect(['completed', 'no_show', 'cancelled']).toContain(a.status);
      }
      if (a.startsAt.getTime() > now + 3_600_000) {
        expect(['booked', 'confirmed', 'cancelled']).toContain(a.status);
      }
      expect(events[0]).toMatchObject({ kind: 'booked', toStatus: 'booked' });
      expect(events.at(-1)!.toStatus).toBe(a.status);
      expect(a.bookedAt.getTime()).toBeLessThan(now);
      if (a.status === 'cancelled') expect(a.cancelReason).not.toBeNull();
    }
  });
});

describe("today's visits, whenever the demo is seeded", () => {
  const zone = 'America/New_York';
  const dayHours = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, startMinute: 8 * 60, endMinute: 12 * 60 },
    { weekday, startMinute: 13 * 60, endMinute: 17 * 60 },
  ]);
  const localDate = (at: Date) => at.toLocaleDateString('en-CA', { timeZone: zone });

  /** Four practitioners; the first two take extended hours when nobody works at `now`. */
  function seededAt(now: Date) {
    const needsMore = !hasWorkingHoursAround(now, zone, dayHours);
    const practitioners = ['p1', 'p2', 'p3', 'p4'].map((id, i) => {
      const extra = needsMore && i < 2 ? extendedHoursAround(now, zone, dayHours) : null;
      return {
        ...options().practitioners[0]!,
        id,
        blocks: dayHours,
        extraPeriods: extra?.periods ?? [],
      };
    });
    const visits = [
      ...generateAppointments(
        options({ now, fromDate: '2026-03-01', toDate: '2026-03-22', practitioners }),
      ),
    ].map((v) => v.appointment);
    return { practitioners, today: visits.filter((a) => localDate(a.startsAt) === localDate(now)) };
  }

  test.each([
    ['a Wednesday at 02:00 (07:00 UTC)', '2026-03-11T06:00:00Z'],
    ['a Wednesday at 06:30, before opening', '2026-03-11T10:30:00Z'],
    ['a Wednesday at 10:10', '2026-03-11T14:10:00Z'],
    ['a Wednesday lunch break, 12:20', '2026-03-11T16:20:00Z'],
    ['a Wednesday at 16:45, near closing', '2026-03-11T20:45:00Z'],
    ['a Wednesday evening, 19:30', '2026-03-11T23:30:00Z'],
    ['a Tuesday at 23:10, already Wednesday in UTC', '2026-03-11T03:10:00Z'],
    ['a Tuesday at 23:40, already Wednesday in UTC', '2026-03-11T03:40:00Z'],
    ['a Saturday afternoon', '2026-03-14T19:00:00Z'],
    ['a Sunday morning', '2026-03-15T14:00:00Z'],
  ])('%s: patients waiting and patients to come', (_story, nowText) => {
    const now = new Date(nowText);
    const { today } = seededAt(now);
    const waiting = today.filter((a) => a.status === 'arrived');
    const upcoming = today.filter(
      (a) => a.startsAt > now && (a.status === 'booked' || a.status === 'confirmed'),
    );
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    expect(upcoming.length).toBeGreaterThanOrEqual(1);
    for (const a of waiting) {
      expect(a.arrivedAt!.getTime()).toBeLessThan(now.getTime());
      // Waiting for a visit within the hour, not for one this evening.
      expect(a.startsAt.getTime() - now.getTime()).toBeLessThanOrEqual(3_600_000);
    }
    for (const a of today.filter((x) => x.status === 'in_room')) {
      expect(a.startsAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(a.endsAt.getTime()).toBeGreaterThan(now.getTime());
    }
  });

  it('books today only within the regular or the extended hours', () => {
    const now = new Date('2026-03-11T23:30:00Z');
    const { practitioners, today } = seededAt(now);
    const extra = practitioners[0]!.extraPeriods;
    expect(extra.length).toBeGreaterThan(0);
    for (const a of today) {
      const local = a.blockedPeriod.from.toLocaleTimeString('en-GB', { timeZone: zone });
      const inRegular = local >= '08:00' && local < '17:00';
      const p = practitioners.find((x) => x.id === a.practitionerId)!;
      const inExtra = p.extraPeriods.some(
        (e) => e.from <= a.blockedPeriod.from && a.blockedPeriod.to <= e.to,
      );
      expect(inRegular || inExtra).toBe(true);
    }
    expect(today.some((a) => a.startsAt > now && a.practitionerId === 'p3')).toBe(false);
  });
});
