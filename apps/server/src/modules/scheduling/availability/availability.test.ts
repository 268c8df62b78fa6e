import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  datesFromTo,
  freeSlots,
  isWithinWorkingTime,
  localInstant,
  searchFreeSlots,
  slotStepMinutes,
  workingFacilityOf,
  workingIntervals,
  type PractitionerCalendar,
  type VisitShape,
  type WorkingBlock,
} from './availability.js';

const NY = 'America/New_York';
const A = 'facility-a';
const B = 'facility-b';
const h = (hours: number) => hours * 60;

function block(o: Partial<WorkingBlock> & { weekday: number }): WorkingBlock {
  return {
    facilityId: A,
    timeZone: NY,
    startMinute: h(9),
    endMinute: h(17),
    effectiveFrom: '2026-01-01',
    effectiveUntil: null,
    ...o,
  };
}

function calendar(o: Partial<PractitionerCalendar> = {}): PractitionerCalendar {
  return {
    practitionerId: 'p1',
    maxAppointmentsPerDay: null,
    blocks: [1, 2, 3, 4, 5].map((weekday) => block({ weekday })),
    unavailable: [],
    appointments: [],
    ...o,
  };
}

const visit30: VisitShape = { durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 };
const longAgo = new Date('2025-01-01T00:00:00Z');
const monday = { from: '2026-01-19', to: '2026-01-19', now: longAgo };
const period = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const iso = (d: Date) => d.toISOString();
const startsOf = (cal: PractitionerCalendar, visit = visit30, window = monday) =>
  freeSlots(cal, visit, window).map((s) => iso(s.startsAt));
const localTime = (d: Date, zone: string) =>
  Temporal.Instant.fromEpochMilliseconds(d.getTime())
    .toZonedDateTimeISO(zone)
    .toPlainTime()
    .toString({ smallestUnit: 'minute' });

describe('slot grid on an ordinary day', () => {
  it('offers 30-minute visits every 15 minutes from 09:00 to 16:30 local time', () => {
    const starts = startsOf(calendar());
    expect(starts).toHaveLength(31);
    expect(starts[0]).toBe('2026-01-19T14:00:00.000Z');
    expect(starts.at(-1)).toBe('2026-01-19T21:30:00.000Z');
  });

  test.each([
    [5, 5],
    [10, 10],
    [15, 15],
    [30, 15],
    [90, 15],
  ])('steps a %i-minute visit by %i minutes', (duration, step) => {
    expect(slotStepMinutes(duration)).toBe(step);
  });

  it('keeps buffers inside working time, starting on the first grid point after the buffer', () => {
    const starts = startsOf(calendar(), {
      durationMinutes: 30,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 5,
    });
    expect(starts[0]).toBe('2026-01-19T14:15:00.000Z'); // 09:15 local
    expect(starts.at(-1)).toBe('2026-01-19T21:15:00.000Z'); // 16:15 + 30 + 5 = 16:50
    expect(starts).toHaveLength(29);
  });

  it('joins adjacent blocks of one day so a visit may span them', () => {
    const cal = calendar({
      blocks: [
        block({ weekday: 1, startMinute: h(9), endMinute: h(12) }),
        block({ weekday: 1, startMinute: h(12), endMinute: h(17) }),
      ],
    });
    expect(startsOf(cal, { ...visit30, durationMinutes: 60 })).toContain(
      '2026-01-19T16:30:00.000Z', // 11:30-12:30 local
    );
  });

  it('honours the effective dates of a template', () => {
    const cal = calendar({
      blocks: [1, 2, 3].map((weekday) => block({ weekday, effectiveUntil: '2026-01-20' })),
    });
    const window = { from: '2026-01-19', to: '2026-01-21', now: longAgo };
    const days = new Set(freeSlots(cal, visit30, window).map((s) => iso(s.startsAt).slice(0, 10)));
    expect([...days]).toEqual(['2026-01-19', '2026-01-20']);
  });
});

describe('what removes slots', () => {
  test.each([
    [
      'leave 12:00-13:00 takes the visits that touch it',
      { unavailable: [{ period: period('2026-01-19T17:00:00Z', '2026-01-19T18:00:00Z') }] },
      ['2026-01-19T16:45:00.000Z', '2026-01-19T17:00:00.000Z', '2026-01-19T17:45:00.000Z'],
      ['2026-01-19T16:30:00.000Z', '2026-01-19T18:00:00.000Z'],
    ],
    [
      'a holiday of this facility takes the whole day',
      {
        unavailable: [
          { period: period('2026-01-19T05:00:00Z', '2026-01-20T05:00:00Z'), facilityId: A },
        ],
      },
      ['2026-01-19T14:00:00.000Z', '2026-01-19T21:30:00.000Z'],
      [],
    ],
    [
      "another facility's holiday takes nothing",
      {
        unavailable: [
          { period: period('2026-01-19T05:00:00Z', '2026-01-20T05:00:00Z'), facilityId: B },
        ],
      },
      [],
      ['2026-01-19T14:00:00.000Z', '2026-01-19T21:30:00.000Z'],
    ],
    [
      'an appointment 10:00-10:30 takes the visits overlapping it, not those back to back',
      {
        appointments: [
          {
            startsAt: new Date('2026-01-19T15:00:00Z'),
            blockedPeriod: period('2026-01-19T15:00:00Z', '2026-01-19T15:30:00Z'),
          },
        ],
      },
      ['2026-01-19T14:45:00.000Z', '2026-01-19T15:00:00.000Z', '2026-01-19T15:15:00.000Z'],
      ['2026-01-19T14:30:00.000Z', '2026-01-19T15:30:00.000Z'],
    ],
  ])('%s', (_story, overrides, gone, kept) => {
    const starts = startsOf(calendar(overrides));
    for (const g of gone) expect(starts).not.toContain(g);
    for (const k of kept) expect(starts).toContain(k);
  });

  it("keeps the new visit's buffers clear of an existing appointment's buffers", () => {
    // Existing: blocked 09:50-10:35 local (visit 10:00-10:30, buffers 10 and 5).
    const cal = calendar({
      appointments: [
        {
          startsAt: new Date('2026-01-19T15:00:00Z'),
          blockedPeriod: period('2026-01-19T14:50:00Z', '2026-01-19T15:35:00Z'),
        },
      ],
    });
    const starts = startsOf(cal, {
      durationMinutes: 30,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 5,
    });
    // A new visit at t blocks [t-10, t+35): free when t <= 09:15 or t >= 10:45.
    expect(starts).toContain('2026-01-19T14:15:00.000Z');
    for (const t of ['14:30', '14:45', '15:00', '15:15', '15:30']) {
      expect(starts).not.toContain(`2026-01-19T${t}:00.000Z`);
    }
    expect(starts).toContain('2026-01-19T15:45:00.000Z');
  });

  it('offers nothing that starts before now', () => {
    const starts = startsOf(calendar(), visit30, {
      ...monday,
      now: new Date('2026-01-19T17:05:00Z'),
    });
    expect(starts[0]).toBe('2026-01-19T17:15:00.000Z');
  });

  it('needs the resource free for the visit itself and offers only its facility', () => {
    const cal = calendar({
      blocks: [block({ weekday: 1 }), block({ weekday: 2, facilityId: B })],
    });
    const slots = freeSlots(
      cal,
      visit30,
      { from: '2026-01-19', to: '2026-01-20', now: longAgo },
      { facilityId: A, busy: [period('2026-01-19T15:00:00Z', '2026-01-19T16:00:00Z')] },
    );
    const starts = slots.map((s) => iso(s.startsAt));
    expect(starts).not.toContain('2026-01-19T14:45:00.000Z');
    expect(starts).not.toContain('2026-01-19T15:45:00.000Z');
    expect(starts).toContain('2026-01-19T14:30:00.000Z');
    expect(starts).toContain('2026-01-19T16:00:00.000Z');
    expect(new Set(slots.map((s) => s.facilityId))).toEqual(new Set([A]));
  });
});

describe('the per-day maximum', () => {
  const appt = (startsAt: string) => ({
    startsAt: new Date(startsAt),
    blockedPeriod: period(startsAt, new Date(Date.parse(startsAt) + 30 * 60_000).toISOString()),
  });
  const twoDays = { from: '2026-01-19', to: '2026-01-20', now: longAgo };
  const days = (cal: PractitionerCalendar) => [
    ...new Set(freeSlots(cal, visit30, twoDays).map((s) => iso(s.startsAt).slice(0, 10))),
  ];

  test.each([
    ['under the cap keeps the day', 3, ['2026-01-19T15:00:00Z', '2026-01-19T16:00:00Z'], 2],
    ['at the cap closes the day', 2, ['2026-01-19T15:00:00Z', '2026-01-19T16:00:00Z'], 1],
    // 23:30 local on Monday is Tuesday in UTC: it still counts for Monday.
    ['counts by local date, not UTC date', 1, ['2026-01-20T04:30:00Z'], 1],
  ])('%s', (_story, cap, starts, openDays) => {
    const cal = calendar({ maxAppointmentsPerDay: cap, appointments: starts.map(appt) });
    expect(days(cal)).toHaveLength(openDays);
    expect(days(cal)).toContain('2026-01-20');
  });
});

describe('clock changes', () => {
  // [zone, local date (a Sunday), block start, block end, real hours of working time]
  test.each([
    [NY, '2026-03-08', h(9), h(17), 8],
    [NY, '2026-03-08', h(0), h(4), 3],
    [NY, '2026-03-08', h(1), h(3), 1],
    [NY, '2026-03-08', 150, h(4), 1], // starts at 02:30, which does not exist
    [NY, '2026-11-01', h(0), h(3), 4],
    [NY, '2026-11-01', h(1), h(2), 2],
    [NY, '2026-11-01', h(9), h(17), 8],
    ['Australia/Sydney', '2026-04-05', h(0), h(4), 5],
    ['Australia/Sydney', '2026-04-05', h(9), h(17), 8],
    ['Australia/Sydney', '2026-10-04', h(0), h(4), 3],
    ['Australia/Sydney', '2026-10-04', h(9), h(17), 8],
    ['Europe/London', '2026-03-29', h(0), h(3), 2],
    ['Europe/London', '2026-10-25', h(0), h(3), 4],
    ['Europe/London', '2026-10-25', h(0), 1440, 25],
  ])('%s on %s: %i-%i local is %i real hours', (zone, date, start, end, hours) => {
    const blocks = [block({ weekday: 7, timeZone: zone, startMinute: start, endMinute: end })];
    const [w] = workingIntervals(blocks, [date]);
    expect(w && (w.to - w.from) / 3_600_000).toBe(hours);
    const slots = freeSlots(
      calendar({ blocks }),
      { ...visit30, durationMinutes: 15 },
      {
        from: date,
        to: date,
        now: longAgo,
      },
    );
    expect(slots).toHaveLength(hours * 4);
  });

  it('has no slots in the hour New York skips on 2026-03-08', () => {
    const blocks = [block({ weekday: 7, startMinute: 0, endMinute: h(4) })];
    const slots = freeSlots(
      calendar({ blocks }),
      { ...visit30, durationMinutes: 60 },
      {
        from: '2026-03-08',
        to: '2026-03-08',
        now: longAgo,
      },
    );
    const local = slots.map((s) => localTime(s.startsAt, NY));
    expect(local).toEqual([
      '00:00',
      '00:15',
      '00:30',
      '00:45',
      '01:00',
      '01:15',
      '01:30',
      '01:45',
      '03:00',
    ]);
  });

  it('offers both passes of the hour New York repeats on 2026-11-01', () => {
    const blocks = [block({ weekday: 7, startMinute: h(1), endMinute: h(2) })];
    const slots = freeSlots(
      calendar({ blocks }),
      { ...visit30, durationMinutes: 60 },
      {
        from: '2026-11-01',
        to: '2026-11-01',
        now: longAgo,
      },
    );
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T05:15:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T05:45:00.000Z',
      '2026-11-01T06:00:00.000Z', // 01:00 EST, the second pass
    ]);
  });

  test.each([
    [
      'a start in the repeated hour takes its first pass',
      '2026-11-01',
      90,
      'start',
      '2026-11-01T05:30:00.000Z',
    ],
    [
      'an end in the repeated hour takes its last pass',
      '2026-11-01',
      90,
      'end',
      '2026-11-01T06:30:00.000Z',
    ],
    [
      'a skipped time becomes the moment the clock jumped',
      '2026-03-08',
      150,
      'start',
      '2026-03-08T07:00:00.000Z',
    ],
    [
      'the end of the day is the next midnight',
      '2026-03-08',
      1440,
      'end',
      '2026-03-09T04:00:00.000Z',
    ],
  ] as const)('%s', (_story, date, minute, edge, expected) => {
    expect(new Date(localInstant(date, minute, NY, edge)).toISOString()).toBe(expected);
  });
});

describe('time zones', () => {
  it('reads from/to in the zone the caller names', () => {
    // Tokyo's 2026-01-20 is 2026-01-19T15:00Z .. 2026-01-20T15:00Z.
    const { items } = searchFreeSlots(
      [calendar()],
      visit30,
      { from: '2026-01-20', to: '2026-01-20', timeZone: 'Asia/Tokyo', now: longAgo },
      1000,
    );
    expect(iso(items[0]!.startsAt)).toBe('2026-01-19T15:00:00.000Z');
    expect(iso(items.at(-1)!.startsAt)).toBe('2026-01-20T14:45:00.000Z');
  });

  it('fails clearly on a facility zone that does not exist', () => {
    const cal = calendar({ blocks: [block({ weekday: 1, timeZone: 'Mars/Olympus_Mons' })] });
    expect(() => startsOf(cal)).toThrow(/"Mars\/Olympus_Mons" is not an IANA time zone/);
  });

  it('fails clearly on a window zone that does not exist', () => {
    const window = { ...monday, timeZone: 'Europe/Atlantis' };
    expect(() => searchFreeSlots([calendar()], visit30, window, 10)).toThrow(
      /"Europe\/Atlantis" is not an IANA time zone/,
    );
  });
});

describe('searching across practitioners', () => {
  it('sorts by start then practitioner and says when it cut the list', () => {
    const cals = [calendar({ practitionerId: 'p2' }), calendar({ practitionerId: 'p1' })];
    const { items, truncated } = searchFreeSlots(cals, visit30, monday, 3);
    expect(items.map((s) => [iso(s.startsAt), s.practitionerId])).toEqual([
      ['2026-01-19T14:00:00.000Z', 'p1'],
      ['2026-01-19T14:00:00.000Z', 'p2'],
      ['2026-01-19T14:15:00.000Z', 'p1'],
    ]);
    expect(truncated).toBe(true);
    expect(searchFreeSlots(cals, visit30, monday, 62).truncated).toBe(false);
  });
});

describe('working time for a booking', () => {
  const blocks = [
    block({ weekday: 1 }),
    block({ weekday: 2, facilityId: B, startMinute: h(13), endMinute: h(18) }),
    block({ weekday: 7, startMinute: h(0), endMinute: h(3) }),
  ];
  test.each([
    ['inside Monday hours', A, '2026-01-19T14:00:00Z', '2026-01-19T14:30:00Z', true],
    ['the whole Monday', A, '2026-01-19T14:00:00Z', '2026-01-19T22:00:00Z', true],
    ['running past 17:00', A, '2026-01-19T21:45:00Z', '2026-01-19T22:15:00Z', false],
    ['starting before 09:00', A, '2026-01-19T13:55:00Z', '2026-01-19T14:30:00Z', false],
    ['on Tuesday at the wrong facility', A, '2026-01-20T18:00:00Z', '2026-01-20T18:30:00Z', false],
    ['on Tuesday at facility B', B, '2026-01-20T18:00:00Z', '2026-01-20T18:30:00Z', true],
    ['on a Wednesday', A, '2026-01-21T15:00:00Z', '2026-01-21T15:30:00Z', false],
    [
      'in the second pass of 01:00 on fall-back day',
      A,
      '2026-11-01T06:00:00Z',
      '2026-11-01T07:00:00Z',
      true,
    ],
  ])('%s: %s', (_story, facilityId, from, to, expected) => {
    expect(isWithinWorkingTime(blocks, facilityId, period(from, to))).toBe(expected);
  });

  it('names the facility where the practitioner works at that time', () => {
    expect(workingFacilityOf(blocks, period('2026-01-20T18:00:00Z', '2026-01-20T18:30:00Z'))).toBe(
      B,
    );
    expect(workingFacilityOf(blocks, period('2026-01-19T14:00:00Z', '2026-01-19T14:30:00Z'))).toBe(
      A,
    );
    expect(
      workingFacilityOf(blocks, period('2026-01-21T14:00:00Z', '2026-01-21T14:30:00Z')),
    ).toBeNull();
  });
});

describe('properties', () => {
  const zones = [NY, 'Australia/Sydney', 'Europe/London', 'UTC', 'Asia/Kolkata'];
  const minuteOf = fc.integer({ min: 0, max: 96 }).map((q) => q * 15);
  const arbBlock = fc
    .record({
      weekday: fc.integer({ min: 1, max: 7 }),
      a: minuteOf,
      b: minuteOf,
      facilityId: fc.constantFrom(A, B),
    })
    .filter(({ a, b }) => a !== b)
    .map(({ weekday, a, b, facilityId }) =>
      block({ weekday, facilityId, startMinute: Math.min(a, b), endMinute: Math.max(a, b) }),
    );
  // Two weeks spanning clock changes: New York's spring forward, London's and New York's fall back.
  const arbPeriod = (base: string) =>
    fc
      .record({ start: fc.integer({ min: 0, max: 14 * 96 }), len: fc.integer({ min: 1, max: 40 }) })
      .map(({ start, len }) => {
        const from = Date.parse(base) + start * 15 * 60_000;
        return { from: new Date(from), to: new Date(from + len * 15 * 60_000) };
      });
  const arbCase = fc.constantFrom('2026-03-01T00:00:00Z', '2026-10-25T00:00:00Z').chain((base) =>
    fc.record({
      base: fc.constant(base),
      zone: fc.constantFrom(...zones),
      blocks: fc.array(arbBlock, { minLength: 1, maxLength: 6 }),
      busy: fc.array(arbPeriod(base), { maxLength: 8 }),
      off: fc.array(arbPeriod(base), { maxLength: 4 }),
      visit: fc.record({
        durationMinutes: fc.constantFrom(10, 15, 30, 45, 60),
        bufferBeforeMinutes: fc.constantFrom(0, 5, 15),
        bufferAfterMinutes: fc.constantFrom(0, 10),
      }),
    }),
  );

  it('never offers a slot that overlaps busy time or time off, or leaves working time', () => {
    fc.assert(
      fc.property(arbCase, ({ base, zone, blocks, busy, off, visit }) => {
        const zoned = blocks.map((b) => ({ ...b, timeZone: zone }));
        const cal = calendar({
          blocks: zoned,
          appointments: busy.map((p) => ({ startsAt: p.from, blockedPeriod: p })),
          unavailable: off.map((p) => ({ period: p })),
        });
        const from = base.slice(0, 10);
        const window = {
          from,
          to: Temporal.PlainDate.from(from).add({ days: 13 }).toString(),
          now: longAgo,
        };
        const working = workingIntervals(zoned, datesFromTo(window.from, window.to));
        return freeSlots(cal, visit, window).every((s) => {
          const blockedFrom = s.startsAt.getTime() - visit.bufferBeforeMinutes * 60_000;
          const blockedTo = s.endsAt.getTime() + visit.bufferAfterMinutes * 60_000;
          const hits = (p: { from: Date; to: Date }) =>
            p.from.getTime() < blockedTo && blockedFrom < p.to.getTime();
          return (
            !busy.some(hits) &&
            !off.some(hits) &&
            working.some(
              (w) => w.facilityId === s.facilityId && w.from <= blockedFrom && blockedTo <= w.to,
            ) &&
            s.endsAt.getTime() - s.startsAt.getTime() === visit.durationMinutes * 60_000
          );
        });
      }),
      { numRuns: 100 },
    );
  });
});
