/**
 * Sign-in throttling after NIST SP 800-63B §5.2.2 (rate limiting): failures are counted per
 * e-mail address, whether or not an account has it, so a lockout tells nothing about which
 * addresses exist. Five consecutive failures lock the address for a minute; each further
 * lockout doubles the wait, up to an hour. A success clears everything; so does a day
 * without failures, so that last week's typos do not make today's lockout an hour long.
 */
export interface ThrottleState {
  failedCount: number;
  lockouts: number;
  lockedUntil: Date | null;
  lastFailedAt: Date | null;
}

export const maxConsecutiveFailures = 5;
export const firstLockoutMs = 60 * 1000;
export const maxLockoutMs = 60 * 60 * 1000;
/** A quiet day forgets earlier lockouts. */
export const throttleMemoryMs = 24 * 60 * 60 * 1000;

/** Whole seconds until the lock ends (rounded up), or 0 when not locked. */
export function lockRemainingSeconds(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const remainingMs = state.lockedUntil.getTime() - now.getTime();
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}

export function lockoutDurationMs(lockoutNumber: number): number {
  return Math.min(firstLockoutMs * 2 ** Math.max(0, lockoutNumber - 1), maxLockoutMs);
}

/** The state after one more failure, and whether that failure started a lockout. */
export function afterFailure(
  state: ThrottleState | null,
  now: Date,
): { next: ThrottleState; lockStarted: boolean } {
  const isStale =
    state?.lastFailedAt != null && now.getTime() - state.lastFailedAt.getTime() >= throttleMemoryMs;
  const failedCount = (isStale ? 0 : (state?.failedCount ?? 0)) + 1;
  const lockouts = isStale ? 0 : (state?.lockouts ?? 0);
  if (failedCount < maxConsecutiveFailures) {
    return {
      next: { failedCount, lockouts, lockedUntil: state?.lockedUntil ?? null, lastFailedAt: now },
      lockStarted: false,
    };
  }
  const lockoutNumber = lockouts + 1;
  return {
    next: {
      // The count starts over: another run of failures earns the next, longer lockout.
      failedCount: 0,
      lockouts: lockoutNumber,
      lockedUntil: new Date(now.getTime() + lockoutDurationMs(lockoutNumber)),
      lastFailedAt: now,
    },
    lockStarted: true,
  };
}
