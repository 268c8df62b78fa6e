import { describe, expect, it, test } from 'vitest';
import {
  appointmentStatus,
  appointmentTransition,
  type AppointmentStatus,
  type AppointmentTransition,
} from '@meridian/contracts';
import { canCancel, decideTransition } from './visit-flow.js';

const startsAt = new Date('2026-03-02T14:00:00Z');
const afterStart = new Date('2026-03-02T14:00:01Z');
const beforeStart = new Date('2026-03-02T13:59:59Z');
// 14:00Z is 09:00 in New York (EST); the local day runs 05:00Z to 05:00Z the next day.
const timeZone = 'America/New_York';

/** The whole table: every allowed move and where it leads; every other pair is refused. */
const allowed: Partial<Record<`${AppointmentStatus}:${AppointmentTransition}`, AppointmentStatus>> =
  {
    'booked:confirm': 'confirmed',
    'booked:arrive': 'arrived',
    'confirmed:arrive': 'arrived',
    'no_show:arrive': 'arrived',
    'arrived:room': 'in_room',
    'in_room:complete': 'completed',
    'booked:no_show': 'no_show',
    'confirmed:no_show': 'no_show',
  };

const pairs = appointmentStatus.options.flatMap((status) =>
  appointmentTransition.options.map((action) => ({
    status,
    action,
    expected: allowed[`${status}:${action}`] ?? null,
  })),
);

describe('the visit flow', () => {
  it('covers every status and action (8 × 5 pairs)', () => {
    expect(pairs).toHaveLength(40);
  });

  test.each(pairs)('$status + $action → $expected', ({ status, action, expected }) => {
    const decision = decideTransition(status, action, {
      channel: 'staff',
      now: afterStart,
      startsAt,
      timeZone,
    });
    if (expected === null) {
      expect(decision).toEqual({ ok: false, reason: 'status' });
    } else {
      expect(decision).toMatchObject({ ok: true, to: expected });
    }
  });

  test.each([
    ['confirm', 'confirmedAt'],
    ['arrive', 'arrivedAt'],
    ['room', 'inRoomAt'],
    ['complete', 'completedAt'],
    ['no_show', 'noShowAt'],
  ] as const)('%s stamps %s', (action, column) => {
    const from = action === 'room' ? 'arrived' : action === 'complete' ? 'in_room' : 'booked';
    const decision = decideTransition(from, action, {
      channel: 'staff',
      now: afterStart,
      startsAt,
      timeZone,
    });
    expect(decision).toMatchObject({ ok: true, stamps: column });
  });

  it('refuses a no-show before the appointment has started', () => {
    expect(
      decideTransition('booked', 'no_show', {
        channel: 'staff',
        now: beforeStart,
        startsAt,
        timeZone,
      }),
    ).toEqual({ ok: false, reason: 'not_started' });
  });

  it('allows a no-show from the very minute the appointment starts', () => {
    expect(
      decideTransition('confirmed', 'no_show', {
        channel: 'system',
        now: startsAt,
        startsAt,
        timeZone,
      }),
    ).toMatchObject({ ok: true, to: 'no_show' });
  });

  it('lets a late arrival undo a no-show, and says so', () => {
    expect(
      decideTransition('no_show', 'arrive', {
        channel: 'staff',
        now: afterStart,
        startsAt,
        timeZone,
      }),
    ).toMatchObject({ ok: true, to: 'arrived', undoesNoShow: true });
    expect(
      decideTransition('booked', 'arrive', {
        channel: 'staff',
        now: afterStart,
        startsAt,
        timeZone,
      }),
    ).toMatchObject({ undoesNoShow: false });
  });

  test.each(appointmentTransition.options.filter((a) => a !== 'confirm'))(
    'refuses %s by the patient’s link (a link may only confirm)',
    (action) => {
      const from = action === 'room' ? 'arrived' : action === 'complete' ? 'in_room' : 'booked';
      expect(
        decideTransition(from, action, {
          channel: 'patient_link',
          now: afterStart,
          startsAt,
          timeZone,
        }),
      ).toEqual({ ok: false, reason: 'channel' });
    },
  );

  it('lets the patient’s link confirm a booked appointment', () => {
    expect(
      decideTransition('booked', 'confirm', {
        channel: 'patient_link',
        now: beforeStart,
        startsAt,
        timeZone,
      }),
    ).toMatchObject({ ok: true, to: 'confirmed' });
  });
});

describe('the visit day', () => {
  test.each([
    ['arrive', 'booked', '2026-03-02T05:00:00Z'],
    ['arrive', 'no_show', '2026-03-03T04:59:59Z'],
    ['room', 'arrived', '2026-03-02T22:00:00Z'],
  ] as const)('allows %s from %s at %s, on the local day of the visit', (action, from, now) => {
    expect(
      decideTransition(from, action, { channel: 'staff', now: new Date(now), startsAt, timeZone }),
    ).toMatchObject({ ok: true });
  });

  test.each([
    // 23:59 on the evening before in New York, though already 2 March in UTC.
    ['arrive', 'booked', '2026-03-02T04:59:59Z'],
    // The next morning: a no-show of yesterday is not undone by checking in today.
    ['arrive', 'no_show', '2026-03-03T05:00:00Z'],
    ['arrive', 'confirmed', '2026-03-09T14:00:00Z'],
    ['room', 'arrived', '2026-03-03T14:00:00Z'],
  ] as const)('refuses %s from %s at %s, another local day', (action, from, now) => {
    expect(
      decideTransition(from, action, { channel: 'staff', now: new Date(now), startsAt, timeZone }),
    ).toEqual({ ok: false, reason: 'not_visit_day' });
  });

  it.each(['confirm', 'complete', 'no_show'] as const)('does not limit %s to the day', (action) => {
    const from = action === 'complete' ? 'in_room' : 'booked';
    const nextWeek = new Date('2026-03-09T14:00:00Z');
    expect(
      decideTransition(from, action, { channel: 'staff', now: nextWeek, startsAt, timeZone }),
    ).toMatchObject({ ok: true });
  });
});

// A Record, so the compiler insists on a verdict for every status.
const cancellable: Record<AppointmentStatus, boolean> = {
  held: false,
  booked: true,
  confirmed: true,
  arrived: true,
  in_room: false,
  completed: false,
  cancelled: false,
  no_show: false,
};

describe('canCancel', () => {
  test.each(Object.entries(cancellable) as [AppointmentStatus, boolean][])(
    '%s → %s',
    (status, expected) => {
      expect(canCancel(status)).toBe(expected);
    },
  );
});
