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
    });
    expect(decision).toMatchObject({ ok: true, stamps: column });
  });

  it('refuses a no-show before the appointment has started', () => {
    expect(
      decideTransition('booked', 'no_show', { channel: 'staff', now: beforeStart, startsAt }),
    ).toEqual({ ok: false, reason: 'not_started' });
  });

  it('allows a no-show from the very minute the appointment starts', () => {
    expect(
      decideTransition('confirmed', 'no_show', { channel: 'system', now: startsAt, startsAt }),
    ).toMatchObject({ ok: true, to: 'no_show' });
  });

  it('lets a late arrival undo a no-show, and says so', () => {
    expect(
      decideTransition('no_show', 'arrive', { channel: 'staff', now: afterStart, startsAt }),
    ).toMatchObject({ ok: true, to: 'arrived', undoesNoShow: true });
    expect(
      decideTransition('booked', 'arrive', { channel: 'staff', now: afterStart, startsAt }),
    ).toMatchObject({ undoesNoShow: false });
  });

  test.each(appointmentTransition.options.filter((a) => a !== 'confirm'))(
    'refuses %s by the patient’s link (a link may only confirm)',
    (action) => {
      const from = action === 'room' ? 'arrived' : action === 'complete' ? 'in_room' : 'booked';
      expect(
        decideTransition(from, action, { channel: 'patient_link', now: afterStart, startsAt }),
      ).toEqual({ ok: false, reason: 'channel' });
    },
  );

  it('lets the patient’s link confirm a booked appointment', () => {
    expect(
      decideTransition('booked', 'confirm', {
        channel: 'patient_link',
        now: beforeStart,
        startsAt,
      }),
    ).toMatchObject({ ok: true, to: 'confirmed' });
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
