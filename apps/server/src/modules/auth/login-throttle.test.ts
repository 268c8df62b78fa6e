import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  lockRemainingSeconds,
  lockoutDurationMs,
  type ThrottleState,
} from './login-throttle.js';

const t0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function fail(state: ThrottleState | null, times: number, now: Date) {
  let s = state;
  let lockStarted = false;
  for (let i = 0; i < times; i++) ({ next: s, lockStarted } = afterFailure(s, now));
  return { state: s, lockStarted };
}

describe('sign-in throttle', () => {
  it('does not lock on the first four failures', () => {
    const { state, lockStarted } = fail(null, 4, t0);
    expect(lockStarted).toBe(false);
    expect(state?.failedCount).toBe(4);
    expect(lockRemainingSeconds(state, t0)).toBe(0);
  });

  it('locks for 60 s on the fifth consecutive failure', () => {
    const { state, lockStarted } = fail(null, 5, t0);
    expect(lockStarted).toBe(true);
    expect(state).toEqual({
      failedCount: 0,
      lockouts: 1,
      lockedUntil: at(60_000),
      lastFailedAt: t0,
    });
    expect(lockRemainingSeconds(state, at(59_001))).toBe(1);
    expect(lockRemainingSeconds(state, at(60_000))).toBe(0);
  });

  it.each([
    [1, 60],
    [2, 120],
    [3, 240],
    [6, 1920],
    [7, 3600],
    [20, 3600],
  ])('makes lockout number %i last %i s', (n, seconds) => {
    expect(lockoutDurationMs(n)).toBe(seconds * 1000);
  });

  it('doubles the next lockout after another run of five failures', () => {
    const first = fail(null, 5, t0).state;
    const second = fail(first, 5, at(61_000));
    expect(second.lockStarted).toBe(true);
    expect(second.state?.lockedUntil).toEqual(at(61_000 + 120_000));
  });

  it('forgets lockouts after a day without failures', () => {
    const first = fail(null, 5, t0).state;
    const later = fail(first, 5, at(24 * 60 * 60 * 1000));
    expect(later.state?.lockouts).toBe(1);
    expect(later.state?.lockedUntil).toEqual(at(24 * 60 * 60 * 1000 + 60_000));
  });
});
