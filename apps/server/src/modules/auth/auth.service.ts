import type { Me } from '@meridian/contracts';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { sha256Hex } from '../../platform/crypto.js';
import { currentContext } from '../../platform/request-context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import { checkPasswordPolicy } from '../../platform/auth/password-policy.js';
import { lockRemainingSeconds } from './login-throttle.js';
import { nextSessionState } from './session-state.js';
import {
  clearThrottle,
  findThrottle,
  findUserByEmail,
  findUserById,
  lockThrottle,
  recordLogin,
  startingFacilityId,
  updatePassword,
} from './auth.repository.js';
import {
  commitThenThrow,
  countFailure,
  lockedError,
  meForToken,
  requirePastSecondFactor,
  toMe,
} from './auth-support.js';

/** A signed-in result: the cookie token to set and the `me` body to answer. */
export interface SignedIn {
  token: string;
  me: Me;
}

const invalidCredentials = () =>
  new AppError('auth.invalid_credentials', 'the e-mail address or password is wrong');

export function createAuthService(platform: Platform) {
  const { db, clock, audit, sessions } = platform;

  /**
   * Signs in with e-mail and password. A wrong password and an unknown address answer the
   * same, after the same work (an unknown address is checked against a dummy hash); a locked
   * address is refused without looking at the password at all.
   */
  async function login(
    input: { email: string; password: string },
    presentedToken?: string,
  ): Promise<SignedIn> {
    const { email } = input;
    const startedAt = clock.now();
    const [throttle, user] = await Promise.all([
      findThrottle(db, email),
      findUserByEmail(db, email),
    ]);
    const actorUserId = user?.id ?? null;

    const lockedSeconds = lockRemainingSeconds(throttle, startedAt);
    if (lockedSeconds > 0) {
      await audit.record(db, {
        action: 'auth.login_failed',
        outcome: 'failure',
        actorUserId,
        details: { reason: 'locked' },
      });
      throw lockedError(lockedSeconds);
    }

    // Outside the transaction: argon2 takes tens of milliseconds and holds no row lock.
    const passwordOk = await verifyPassword(
      user?.passwordHash ?? (await dummyPasswordHash()),
      input.password,
    );

    const token = await commitThenThrow(platform.db, async (tx) => {
      const now = clock.now();
      // Another attempt may have locked the address while the password was being checked.
      const current = await lockThrottle(tx, email);
      const stillLocked = lockRemainingSeconds(current, now);
      if (stillLocked > 0) {
        await audit.record(tx, {
          action: 'auth.login_failed',
          outcome: 'failure',
          actorUserId,
          details: { reason: 'locked' },
        });
        return lockedError(stillLocked);
      }
      if (!user || !passwordOk) {
        await audit.record(tx, {
          action: 'auth.login_failed',
          outcome: 'failure',
          actorUserId,
          entityType: user ? 'user' : null,
          entityId: actorUserId,
          details: { reason: user ? 'bad_password' : 'unknown_email' },
        });
        const lockedFor = await countFailure(platform, tx, email, actorUserId);
        return lockedFor > 0 ? lockedError(lockedFor) : invalidCredentials();
      }
      if (user.status !== 'active') {
        await audit.record(tx, {
          action: 'auth.login_failed',
          outcome: 'failure',
          actorUserId,
          entityType: 'user',
          entityId: user.id,
          details: { reason: 'disabled' },
        });
        return new AppError('auth.account_disabled', 'this account is disabled');
      }

      await clearThrottle(tx, email);
      // Whatever session the browser held is replaced, never reused: a fresh id at sign-in.
      if (presentedToken) await sessions.revoke(tx, sha256Hex(presentedToken), 'replaced');
      const ctx = currentContext();
      const state = nextSessionState(user, false);
      const session = await sessions.create(tx, {
        userId: user.id,
        state,
        currentFacilityId: await startingFacilityId(tx, user.id),
        ip: ctx?.ip ?? null,
        userAgent: ctx?.userAgent ?? null,
      });
      await recordLogin(tx, user.id, now);
      await audit.record(tx, {
        action: 'auth.login',
        actorUserId: user.id,
        entityType: 'user_session',
        entityId: session.sessionId,
        details: { sessionState: state },
      });
      return session.token;
    });
    return { token, me: await meForToken(platform, token) };
  }

  async function logout(principal: Principal): Promise<void> {
    await db.transaction(async (tx) => {
      await sessions.revoke(tx, principal.sessionId, 'logout');
      await audit.record(tx, {
        action: 'auth.logout',
        entityType: 'user_session',
        entityId: principal.sessionId,
      });
    });
  }

  async function switchFacility(principal: Principal, facilityId: string): Promise<Me> {
    if (!principal.facilityIds.includes(facilityId)) {
      await audit.record(db, {
        action: 'auth.facility_switch_denied',
        outcome: 'denied',
        facilityId,
        details: { facilityId },
      });
      throw new AppError('access.forbidden', `facility ${facilityId} is not one of yours`);
    }
    await db.transaction(async (tx) => {
      await sessions.setFacility(tx, principal.sessionId, facilityId);
      await audit.record(tx, {
        action: 'auth.facility_switched',
        facilityId,
        entityType: 'user_session',
        entityId: principal.sessionId,
        details: { fromFacilityId: principal.currentFacilityId, toFacilityId: facilityId },
      });
    });
    return toMe({ ...principal, currentFacilityId: facilityId });
  }

  /**
   * Changes one's own password: the current one must be right and the new one must meet the
   * policy. Every other session of the user ends; this one is rotated and becomes active if
   * it was waiting for the change.
   */
  async function changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
  ): Promise<SignedIn> {
    requirePastSecondFactor(principal);
    const user = await findUserById(db, principal.userId);
    if (!user) throw new AppError('auth.unauthenticated', 'sign in to continue');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await audit.record(db, {
        action: 'auth.password_change_failed',
        outcome: 'failure',
        entityType: 'user',
        entityId: user.id,
        details: { reason: 'bad_password' },
      });
      throw new AppError('auth.password_incorrect', 'the current password is wrong', {
        errors: [
          { path: 'currentPassword', rule: 'incorrect', message: 'the current password is wrong' },
        ],
      });
    }
    const errors = checkPasswordPolicy(input.newPassword, { email: user.email });
    if (input.newPassword === input.currentPassword) {
      errors.push({
        path: 'newPassword',
        rule: 'unchanged',
        message: 'must differ from the current password',
      });
    }
    if (errors.length > 0) {
      throw new AppError(
        'auth.password_policy',
        `the new password does not meet the policy: ${errors.map((e) => e.rule).join(', ')}`,
        { errors },
      );
    }
    const passwordHash = await hashPassword(input.newPassword);
    const token = await db.transaction(async (tx) => {
      const now = clock.now();
      await updatePassword(tx, user.id, passwordHash, now);
      await sessions.revokeAllForUser(tx, user.id, 'password_changed', principal.sessionId);
      const state = nextSessionState({ ...user, mustChangePassword: false }, true);
      const rotated = await sessions.rotate(tx, principal.sessionId, state);
      await audit.record(tx, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
        details: { wasRequired: principal.sessionState === 'password_change_required' },
      });
      return rotated.token;
    });
    return { token, me: await meForToken(platform, token) };
  }

  const me = (principal: Principal): Me => toMe(principal);

  return { login, logout, me, switchFacility, changePassword };
}

export type AuthService = ReturnType<typeof createAuthService>;
