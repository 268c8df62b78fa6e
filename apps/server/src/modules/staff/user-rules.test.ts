import { describe, expect, it } from 'vitest';
import {
  decodeUserCursor,
  encodeUserCursor,
  normalizeIds,
  normalizeRoles,
  removesActiveAdmin,
  roleErrors,
} from './user-rules.js';

describe('normalizing roles and facility ids', () => {
  it('drops repeats and keeps catalogue order for roles', () => {
    expect(normalizeRoles(['nurse', 'admin', 'nurse'])).toEqual(['admin', 'nurse']);
  });

  it('drops repeats (whatever the case) and sorts ids', () => {
    const a = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const b = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5a';
    expect(normalizeIds([a, b, a.toUpperCase()])).toEqual([b, a]);
  });
});

describe('role rules', () => {
  it('refuses the patient role next to a staff role', () => {
    expect(roleErrors(['patient', 'nurse'])).toEqual([
      expect.objectContaining({ path: 'roles', rule: 'patient_exclusive' }),
    ]);
  });

  it.each([
    ['staff', ['patient'] as const, 'kind_change'],
    ['patient', ['nurse'] as const, 'kind_change'],
  ] as const)('refuses turning a %s account into the other kind', (kind, roles, rule) => {
    expect(roleErrors(roles, kind)[0]?.rule).toBe(rule);
  });

  it('accepts staff roles for a staff account', () => {
    expect(roleErrors(['nurse', 'front_desk'], 'staff')).toEqual([]);
  });
});

describe('removesActiveAdmin', () => {
  it.each([
    [{ status: 'active', roles: ['admin'] }, { status: 'disabled', roles: ['admin'] }, true],
    [{ status: 'active', roles: ['admin'] }, { status: 'active', roles: ['nurse'] }, true],
    [
      { status: 'active', roles: ['admin'] },
      { status: 'active', roles: ['admin', 'nurse'] },
      false,
    ],
    [{ status: 'disabled', roles: ['admin'] }, { status: 'disabled', roles: ['nurse'] }, false],
    [{ status: 'active', roles: ['nurse'] }, { status: 'disabled', roles: ['nurse'] }, false],
  ] as const)('%o -> %o removes an active admin: %s', (before, after, expected) => {
    expect(removesActiveAdmin(before, after)).toBe(expected);
  });
});

describe('user list cursors', () => {
  it('round-trips the sort key', () => {
    const key = { name: 'zoë o’brien', id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    expect(decodeUserCursor(encodeUserCursor(key))).toEqual(key);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['JSON of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['an id that is not a uuid', Buffer.from('["x","1 or 1=1"]').toString('base64url')],
  ])('refuses %s', (_label, raw) => {
    expect(decodeUserCursor(raw)).toBeNull();
  });
});
