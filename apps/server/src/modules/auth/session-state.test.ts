import { describe, expect, it } from 'vitest';
import { nextSessionState } from './session-state.js';

describe('what a session must do next', () => {
  it.each([
    [
      'an enrolled user before the code',
      { mfaEnrolled: true, roles: ['nurse'], mustChangePassword: true },
      false,
      'mfa_pending',
    ],
    [
      'an enrolled admin before the code',
      { mfaEnrolled: true, roles: ['admin'], mustChangePassword: false },
      false,
      'mfa_pending',
    ],
    [
      'an admin with no TOTP',
      { mfaEnrolled: false, roles: ['admin', 'nurse'], mustChangePassword: true },
      false,
      'mfa_enrolment_required',
    ],
    [
      'a reset password after the code',
      { mfaEnrolled: true, roles: ['nurse'], mustChangePassword: true },
      true,
      'password_change_required',
    ],
    [
      'a reset password without TOTP',
      { mfaEnrolled: false, roles: ['billing'], mustChangePassword: true },
      false,
      'password_change_required',
    ],
    [
      'a nurse without TOTP',
      { mfaEnrolled: false, roles: ['nurse'], mustChangePassword: false },
      false,
      'active',
    ],
    [
      'an admin after the code',
      { mfaEnrolled: true, roles: ['admin'], mustChangePassword: false },
      true,
      'active',
    ],
  ] as const)('sends %s to %s', (_label, user, mfaVerified, expected) => {
    expect(nextSessionState(user, mfaVerified)).toBe(expected);
  });
});
