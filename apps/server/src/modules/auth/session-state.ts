import { roleRequiresMfa, type Role, type SessionState } from '@meridian/contracts';

export interface SignInFacts {
  mfaEnrolled: boolean;
  roles: readonly Role[];
  mustChangePassword: boolean;
}

/**
 * What a session must do next, in order: give the enrolled second factor, enrol one when a
 * role demands it, choose a new password when an admin reset it; otherwise it is active.
 */
export function nextSessionState(user: SignInFacts, mfaVerified: boolean): SessionState {
  if (user.mfaEnrolled && !mfaVerified) return 'mfa_pending';
  if (!user.mfaEnrolled && roleRequiresMfa(user.roles)) return 'mfa_enrolment_required';
  if (user.mustChangePassword) return 'password_change_required';
  return 'active';
}
