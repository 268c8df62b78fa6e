import { describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '@meridian/contracts';
import { rowActions } from './today-list';

const startsAt = '2026-01-15T14:00:00Z';
const before = Date.parse('2026-01-15T13:59:00Z');
const after = Date.parse('2026-01-15T14:00:00Z');

describe('rowActions', () => {
  it.each([
    ['booked', 'arrive', ['confirm', 'cancel']],
    ['confirmed', 'arrive', ['cancel']],
    ['arrived', 'room', []],
    ['in_room', 'complete', []],
    ['completed', null, []],
    ['cancelled', null, []],
    ['no_show', null, []],
  ] as const)('before the start, a %s row offers %s and %j', (status, primary, more) => {
    expect(rowActions({ status, startsAt }, before)).toEqual({ primary, more });
  });

  it.each<AppointmentStatus>(['booked', 'confirmed'])(
    'offers no-show for a %s row only once its start time has passed',
    (status) => {
      expect(rowActions({ status, startsAt }, before).more).not.toContain('no_show');
      expect(rowActions({ status, startsAt }, after).more).toContain('no_show');
    },
  );
});
