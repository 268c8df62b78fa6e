import type { User } from '@meridian/contracts';

/** A user as GET /api/v1/users/:id answers, with `overrides`. */
export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: '0192f0c4-0000-7000-8000-000000000001',
    email: 'nora.nurse@example.org',
    displayName: 'Nora Nurse',
    roles: ['nurse'],
    facilityIds: [],
    status: 'active',
    mfaEnrolled: false,
    mustChangePassword: false,
    lockedUntil: null,
    lastLoginAt: '2026-11-20T08:30:00Z',
    createdAt: '2026-01-05T10:00:00Z',
    version: 3,
    ...overrides,
  };
}
