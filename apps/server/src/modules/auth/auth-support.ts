import type { Me } from '@meridian/contracts';
import type { Db, DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Principal } from '../../platform/auth/principal.js';
import { idleTimeoutMs } from '../../platform/auth/session.service.js';
import { afterFailure, lockRemainingSeconds } from './login-throttle.js';
import { lockThrottle, saveThrottle } from './auth.repository.js';

/**
 * Runs `work` in a transaction that commits even when the outcome is a refusal: `work`
 * returns the AppError instead of throwing it, so the audit rows and throttle counts of a
 * failed attempt are kept, and the error is thrown after commit.
 */
export async function commitThenThrow<T>(
  db: Db,
  work: (tx: DbOrTx) => Promise<T | AppError>,
): Promise<T> {
  const outcome = await db.transaction(work);
  if (outcome instanceof AppError) throw outcome;
  return outcome;
}

export function lockedError(retryAfterSeconds: number): AppError {
  return new AppError(
    'auth.account_locked',
    `too many failed attempts; try again in ${retryAfterSeconds} seconds`,
    { retryAfterSeconds },
  );
}

/**
 * Counts one failed sign-in step (password or second factor) against the address; when it
 * starts a lockout, audits `auth.lockout` and returns the lock's length in seconds (else 0).
 */
export async function countFailure(
  platform: Platform,
  tx: DbOrTx,
  email: string,
  actorUserId: string | null,
): Promise<number> {
  const now = platform.clock.now();
  const { next, lockStarted } = afterFailure(await lockThrottle(tx, email), now);
  await saveThrottle(tx, email, next);
  if (!lockStarted) return 0;
  const lockedForSeconds = lockRemainingSeconds(next, now);
  await platform.audit.record(tx, {
    action: 'auth.lockout',
    outcome: 'failure',
    actorUserId,
    entityType: actorUserId ? 'user' : null,
    entityId: actorUserId,
    details: { lockoutNumber: next.lockouts, lockedForSeconds },
  });
  return lockedForSeconds;
}

/** The `me` body: who is signed in, what they may do and where the session stands. */
export function toMe(principal: Principal): Me {
  return {
    user: {
      id: principal.userId,
      email: principal.email,
      displayName: principal.displayName,
      mfaEnrolled: principal.mfaEnrolled,
    },
    roles: [...principal.roles],
    // Catalogue order, so clients and snapshots see a stable list.
    permissions: [...principal.permissionList],
    facilities: [...principal.facilities],
    currentFacilityId: principal.currentFacilityId,
    session: {
      state: principal.sessionState,
      idleExpiresAt: principal.idleExpiresAt.toISOString(),
      absoluteExpiresAt: principal.absoluteExpiresAt.toISOString(),
      idleTimeoutSeconds: idleTimeoutMs / 1000,
    },
  };
}

/** The `me` body of a session just created or rotated, read back as any request would. */
export async function meForToken(platform: Platform, token: string): Promise<Me> {
  const lookup = await platform.sessions.resolve(token);
  if (!lookup.ok) throw new AppError('internal.error', 'a new session could not be read back');
  return toMe(lookup.principal);
}

/** Refuses sessions that have not yet given (or enrolled) their second factor. */
export function requirePastSecondFactor(principal: Principal): void {
  if (principal.sessionState === 'mfa_pending') {
    throw new AppError('auth.mfa_required', 'give the second factor first');
  }
  if (principal.sessionState === 'mfa_enrolment_required') {
    throw new AppError('auth.mfa_enrolment_required', 'enrol a second factor first');
  }
}
