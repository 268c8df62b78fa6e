import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, sessionCookieFor } from '../../../test/factories.js';
import {
  auditRows,
  createFacility,
  enrolTotpDirectly,
  lastAuditSeq,
  postLogin,
  sessionCookieOf,
} from '../../../test/auth-helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  // The per-IP rate limit has its own test file; here every attempt must reach the service.
  ctx = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '10000' } });
});
afterAll(async () => {
  await ctx.close();
});

const minute = 60 * 1000;

function problem(res: { json: <T>() => T }): Problem {
  return res.json<Problem>();
}

async function throttleRow(email: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    failed_count: number;
    lockouts: number;
    locked_until: Date | null;
  }>('select failed_count, lockouts, locked_until from login_throttle where email = $1', [email]);
  return rows[0] ?? null;
}

describe('signing in with e-mail and password', () => {
  it('starts a session with an HttpOnly SameSite=Strict cookie and answers with me', async () => {
    const facility = await createFacility(ctx.platform, { name: 'North Campus' });
    const user = await createStaff(ctx.platform, {
      roles: ['nurse'],
      facilityIds: [facility.id],
    });
    const seq = await lastAuditSeq(ctx.platform);

    const res = await postLogin(ctx.app, {
      email: user.email.toUpperCase(),
      password: user.password,
    });

    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'meridian_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.maxAge).toBeUndefined();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const me = res.json<Me>();
    expect(me.user).toEqual({
      id: user.id,
      email: user.email,
      displayName: expect.any(String) as string,
      mfaEnrolled: false,
    });
    expect(me.roles).toEqual(['nurse']);
    expect(me.permissions).toContain('clinical.write');
    expect(me.facilities).toEqual([
      { id: facility.id, name: 'North Campus', code: facility.code, timeZone: 'America/New_York' },
    ]);
    // The only facility the user has is where the session starts.
    expect(me.currentFacilityId).toBe(facility.id);
    expect(me.session.state).toBe('active');
    expect(me.session.idleTimeoutSeconds).toBe(900);
    const now = ctx.clock.now().getTime();
    expect(Date.parse(me.session.idleExpiresAt)).toBe(now + 15 * minute);
    expect(Date.parse(me.session.absoluteExpiresAt)).toBe(now + 12 * 60 * minute);

    const again = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: sessionCookieOf(res) },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<Me>().user.id).toBe(user.id);

    const audit = await auditRows(ctx.platform, ['auth.login'], seq);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      outcome: 'success',
      actor_user_id: user.id,
      entity_type: 'user_session',
      details: { sessionState: 'active' },
    });
  });

  it('issues a fresh session id at every sign-in and ends the one the browser still held', async () => {
    const user = await createStaff(ctx.platform);
    const first = await postLogin(ctx.app, { email: user.email, password: user.password });
    const firstCookie = sessionCookieOf(first);

    const second = await postLogin(
      ctx.app,
      { email: user.email, password: user.password },
      { cookie: firstCookie },
    );
    const secondCookie = sessionCookieOf(second);
    expect(secondCookie).not.toBe(firstCookie);

    const old = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: firstCookie },
    });
    expect(old.statusCode).toBe(401);
    expect(problem(old).code).toBe('auth.unauthenticated');
  });

  it('answers a wrong password and an unknown e-mail exactly alike', async () => {
    const user = await createStaff(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    const unknownEmail = 'nobody-here@test.meridian';

    const wrong = await postLogin(ctx.app, { email: user.email, password: 'not the password!' });
    const unknown = await postLogin(ctx.app, { email: unknownEmail, password: 'whatever it is' });

    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.cookies).toEqual([]);
    }
    const strip = (p: Problem) => ({ ...p, requestId: undefined });
    expect(strip(problem(wrong))).toEqual(strip(problem(unknown)));
    expect(problem(wrong).code).toBe('auth.invalid_credentials');

    const audit = await auditRows(ctx.platform, ['auth.login_failed'], seq);
    expect(audit.map((a) => [a.actor_user_id, a.details])).toEqual([
      [user.id, { reason: 'bad_password' }],
      [null, { reason: 'unknown_email' }],
    ]);
    // An address that has no account is never written into the audit trail.
    expect(JSON.stringify(audit)).not.toContain(unknownEmail);
  });

  it('refuses a disabled account even with the right password, and says so only then', async () => {
    const user = await createStaff(ctx.platform, { status: 'disabled' });
    const seq = await lastAuditSeq(ctx.platform);

    const right = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(right.statusCode).toBe(401);
    expect(problem(right).code).toBe('auth.account_disabled');
    expect(right.cookies).toEqual([]);

    const wrong = await postLogin(ctx.app, { email: user.email, password: 'not the password!' });
    expect(problem(wrong).code).toBe('auth.invalid_credentials');

    const audit = await auditRows(ctx.platform, ['auth.login_failed'], seq);
    expect(audit.map((a) => a.details['reason'])).toEqual(['disabled', 'bad_password']);
  });
});

describe('what a new session must do next', () => {
  it('asks an enrolled user for the TOTP code, and lets that session reach only me', async () => {
    const facility = await createFacility(ctx.platform);
    const user = await createStaff(ctx.platform, {
      roles: ['physician'],
      facilityIds: [facility.id],
    });
    await enrolTotpDirectly(ctx.platform, user.id);

    const res = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(res.statusCode).toBe(200);
    const me = res.json<Me>();
    expect(me.session.state).toBe('mfa_pending');
    expect(me.user.mfaEnrolled).toBe(true);
    expect(me.permissions).toEqual([]);
    const cookie = sessionCookieOf(res);

    const meRes = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie },
    });
    expect(meRes.statusCode).toBe(200);
    expect(meRes.json<Me>().session.state).toBe('mfa_pending');

    const blocked = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/session/facility',
      headers: { cookie },
      payload: { facilityId: facility.id },
    });
    expect(blocked.statusCode).toBe(403);
    expect(problem(blocked).code).toBe('auth.mfa_required');

    const password = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(password.statusCode).toBe(403);
    expect(problem(password).code).toBe('auth.mfa_required');

    const removeMfa = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/mfa',
      headers: { cookie },
      payload: { password: user.password },
    });
    expect(removeMfa.statusCode).toBe(403);
    expect(problem(removeMfa).code).toBe('auth.mfa_required');
  });

  it('sends an admin without TOTP to enrolment', async () => {
    const admin = await createStaff(ctx.platform, { roles: ['admin'] });
    const res = await postLogin(ctx.app, { email: admin.email, password: admin.password });
    expect(res.json<Me>().session.state).toBe('mfa_enrolment_required');
    expect(res.json<Me>().permissions).toEqual([]);

    const other = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/recovery-codes',
      headers: { cookie: sessionCookieOf(res) },
    });
    expect(other.statusCode).toBe(403);
    expect(problem(other).code).toBe('auth.mfa_enrolment_required');
  });

  it('asks for a new password when an admin reset it', async () => {
    const user = await createStaff(ctx.platform, { mustChangePassword: true });
    const res = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(res.json<Me>().session.state).toBe('password_change_required');
  });

  it('starts in the facility the user worked in last, if still theirs', async () => {
    const a = await createFacility(ctx.platform, { name: 'Alpha' });
    const b = await createFacility(ctx.platform, { name: 'Beta' });
    const user = await createStaff(ctx.platform, { facilityIds: [a.id, b.id] });

    const first = await postLogin(ctx.app, { email: user.email, password: user.password });
    // Two facilities and no history: the user chooses.
    expect(first.json<Me>().currentFacilityId).toBeNull();
    expect(first.json<Me>().facilities.map((f) => f.name)).toEqual(['Alpha', 'Beta']);

    const switched = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/session/facility',
      headers: { cookie: sessionCookieOf(first) },
      payload: { facilityId: b.id },
    });
    expect(switched.statusCode).toBe(200);

    ctx.clock.advance(1000);
    const second = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(second.json<Me>().currentFacilityId).toBe(b.id);
  });
});

describe('lockout after repeated failures', () => {
  async function failTimes(email: string, n: number) {
    const answers: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await postLogin(ctx.app, { email, password: `wrong password ${i}` });
      answers.push(res.statusCode);
    }
    return answers;
  }

  it('locks for a minute after five failures, then doubles each further lockout', async () => {
    const user = await createStaff(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);

    expect(await failTimes(user.email, 5)).toEqual([401, 401, 401, 401, 423]);
    const locked = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(locked.statusCode).toBe(423);
    expect(problem(locked)).toMatchObject({ code: 'auth.account_locked', retryAfterSeconds: 60 });
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.cookies).toEqual([]);

    ctx.clock.advance(59 * 1000);
    const stillLocked = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(problem(stillLocked).retryAfterSeconds).toBe(1);

    ctx.clock.advance(1000);
    // The lock has lapsed; five more failures earn a lock twice as long.
    expect(await failTimes(user.email, 5)).toEqual([401, 401, 401, 401, 423]);
    const second = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(problem(second).retryAfterSeconds).toBe(120);

    ctx.clock.advance(120 * 1000);
    expect(await failTimes(user.email, 5)).toEqual([401, 401, 401, 401, 423]);
    const third = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(problem(third).retryAfterSeconds).toBe(240);

    const audit = await auditRows(ctx.platform, ['auth.lockout', 'auth.login_failed'], seq);
    const lockouts = audit.filter((a) => a.action === 'auth.lockout');
    expect(lockouts.map((a) => a.details)).toEqual([
      { lockoutNumber: 1, lockedForSeconds: 60 },
      { lockoutNumber: 2, lockedForSeconds: 120 },
      { lockoutNumber: 3, lockedForSeconds: 240 },
    ]);
    expect(lockouts.every((a) => a.actor_user_id === user.id)).toBe(true);
    const reasons = audit
      .filter((a) => a.action === 'auth.login_failed')
      .map((a) => a.details['reason']);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(4);
    expect(reasons.filter((r) => r === 'bad_password')).toHaveLength(15);
  });

  it('caps a lockout at one hour', async () => {
    const email = 'capped-lockout@test.meridian';
    for (let lockout = 1; lockout <= 8; lockout++) {
      await failTimes(email, 5);
      const row = await throttleRow(email);
      const lockedMs = (row?.locked_until?.getTime() ?? 0) - ctx.clock.now().getTime();
      expect(lockedMs).toBe(Math.min(60_000 * 2 ** (lockout - 1), 3_600_000));
      ctx.clock.advance(lockedMs);
    }
  });

  it('locks an unknown address the same way, with the same answer', async () => {
    const email = 'never-registered@test.meridian';
    expect(await failTimes(email, 5)).toEqual([401, 401, 401, 401, 423]);
    const res = await postLogin(ctx.app, { email, password: 'any password at all' });
    const user = await createStaff(ctx.platform);
    await failTimes(user.email, 5);
    const known = await postLogin(ctx.app, { email: user.email, password: user.password });
    const strip = (p: Problem) => ({ ...p, requestId: undefined });
    expect(strip(problem(res))).toEqual(strip(problem(known)));
    expect(problem(res)).toMatchObject({ status: 423, retryAfterSeconds: 60 });
  });

  it('lets the right password in once the lock lapses, and clears the count', async () => {
    const user = await createStaff(ctx.platform);
    await failTimes(user.email, 5);
    ctx.clock.advance(60 * 1000);

    const ok = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(ok.statusCode).toBe(200);
    expect(await throttleRow(user.email)).toBeNull();

    // Counting starts over, and the next lockout is a first one again.
    expect(await failTimes(user.email, 5)).toEqual([401, 401, 401, 401, 423]);
    const again = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(problem(again).retryAfterSeconds).toBe(60);
  });

  it('counts failures that are consecutive only: a success in between resets', async () => {
    const user = await createStaff(ctx.platform);
    await failTimes(user.email, 4);
    expect(
      (await postLogin(ctx.app, { email: user.email, password: user.password })).statusCode,
    ).toBe(200);
    expect(await failTimes(user.email, 4)).toEqual([401, 401, 401, 401]);
    expect((await throttleRow(user.email))?.failed_count).toBe(4);
  });
});

describe('the session cookie over https', () => {
  it('is Secure when PUBLIC_URL is https', async () => {
    const https = await createTestContext({
      env: { PUBLIC_URL: 'https://hms.example.org', AUTH_RATE_LIMIT_PER_MINUTE: '100' },
    });
    try {
      const user = await createStaff(https.platform);
      const res = await postLogin(https.app, { email: user.email, password: user.password });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'meridian_session')?.secure).toBe(true);
    } finally {
      await https.close();
    }
  });
});

describe('a session made by the factory', () => {
  it('is usable for me, so other modules can rely on sessionCookieFor', async () => {
    const user = await createStaff(ctx.platform, { roles: ['billing'] });
    const cookie = await sessionCookieFor(ctx.platform, user.id);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Me>().roles).toEqual(['billing']);
  });
});
