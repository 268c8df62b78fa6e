import { describe, expect, it } from 'vitest';
import { bedAvailability, bedSuitability, stepAllowed, withinWindow } from './stay-rules.js';

const free = {
  state: 'available' as const,
  stayId: null,
  isActive: true,
  roomIsActive: true,
  wardIsActive: true,
};

describe('bedAvailability', () => {
  it.each([
    [{ ...free }, null],
    [{ ...free, state: 'occupied' as const, stayId: 'other' }, 'bed_occupied'],
    [{ ...free, state: 'reserved' as const, stayId: 'other' }, 'bed_reserved_for_another'],
    [{ ...free, state: 'reserved' as const, stayId: 'me' }, null],
    [{ ...free, state: 'occupied' as const, stayId: 'me' }, null],
    [{ ...free, state: 'dirty' as const }, 'bed_dirty'],
    [{ ...free, state: 'cleaning' as const }, 'bed_cleaning'],
    [{ ...free, state: 'blocked' as const }, 'bed_blocked'],
    [{ ...free, roomIsActive: false }, 'bed_out_of_service'],
    [{ ...free, wardIsActive: false }, 'bed_out_of_service'],
  ])('%o for stay "me" -> %s', (bed, rule) => {
    expect(bedAvailability(bed, 'me')).toBe(rule);
  });

  it('never lets a new stay (no id yet) into a bed someone holds', () => {
    expect(bedAvailability({ ...free, state: 'reserved', stayId: 'x' }, null)).toBe(
      'bed_reserved_for_another',
    );
  });
});

describe('bedSuitability', () => {
  const plain = { isolationCapable: false, sexRestriction: null };
  it('needs an isolation-capable bed for airborne precautions only', () => {
    expect(bedSuitability(plain, { isolation: ['airborne'], sexAtBirth: 'female' })).toBe(
      'isolation_capable_required',
    );
    expect(bedSuitability(plain, { isolation: ['contact', 'droplet'], sexAtBirth: 'male' })).toBe(
      null,
    );
    expect(
      bedSuitability(
        { ...plain, isolationCapable: true },
        { isolation: ['airborne'], sexAtBirth: null },
      ),
    ).toBe(null);
  });

  it.each([
    ['female', null],
    ['male', 'room_sex_restricted'],
    ['intersex', 'room_sex_restricted'],
    ['unknown', 'room_sex_restricted'],
    [null, 'room_sex_restricted'],
  ] as const)('a female-only room and sex at birth %s -> %s', (sexAtBirth, rule) => {
    expect(
      bedSuitability({ ...plain, sexRestriction: 'female' }, { isolation: [], sexAtBirth }),
    ).toBe(rule);
  });
});

describe('stepAllowed', () => {
  it('discharges admitted and on-leave stays, never twice', () => {
    expect(stepAllowed('discharge', 'admitted')).toBe(true);
    expect(stepAllowed('discharge', 'on_leave')).toBe(true);
    expect(stepAllowed('discharge', 'discharged')).toBe(false);
    expect(stepAllowed('discharge', 'pre_admitted')).toBe(false);
  });
  it('transfers only admitted stays; cancels only open ones', () => {
    expect(stepAllowed('transfer', 'discharged')).toBe(false);
    expect(stepAllowed('transfer', 'on_leave')).toBe(false);
    expect(stepAllowed('cancel', 'discharged')).toBe(false);
    expect(stepAllowed('cancel', 'pre_admitted')).toBe(true);
  });
});

describe('withinWindow', () => {
  const since = new Date('2026-01-15T09:00:00Z');
  it('includes the last instant of the window and nothing after', () => {
    expect(withinWindow(since, new Date('2026-01-16T09:00:00Z'), 24)).toBe(true);
    expect(withinWindow(since, new Date('2026-01-16T09:00:00.001Z'), 24)).toBe(false);
  });
});
