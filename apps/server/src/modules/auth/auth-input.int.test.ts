import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, sessionCookieFor, type TestUser } from '../../../test/factories.js';

let ctx: TestContext;
let user: TestUser;
let activeCookie: string;
let pendingCookie: string;
beforeAll(async () => {
  ctx = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '10000' } });
  user = await createStaff(ctx.platform);
  activeCookie = await sessionCookieFor(ctx.platform, user.id);
  pendingCookie = await sessionCookieFor(ctx.platform, user.id, 'mfa_pending');
});
afterAll(async () => {
  await ctx.close();
});

/** Row counts of everything a sign-in route may write. */
async function footprint() {
  const { rows } = await ctx.platform.database.pool.query<Record<string, number>>(`
    select (select count(*)::int from user_session) as sessions,
           (select count(*)::int from login_throttle) as throttles,
           (select count(*)::int from audit_event) as audits,
           (select count(*)::int from mfa_recovery_code) as codes,
           (select string_agg(password_hash, ',') from user_account) as hashes`);
  return rows[0];
}

const big = 'x'.repeat(10 * 1024);

type Case = [
  label: string,
  request: { method: 'POST' | 'PUT'; url: string; cookie?: 'active' | 'pending'; payload: unknown },
  expected: { path: string; rule: string },
];

const cases: Case[] = [
  [
    'login: an unknown field',
    { method: 'POST', url: '/login', payload: { email: 'a@b.org', password: 'x', remember: true } },
    { path: 'remember', rule: 'unrecognized_keys' },
  ],
  [
    'login: a number for the e-mail',
    { method: 'POST', url: '/login', payload: { email: 42, password: 'x' } },
    { path: 'email', rule: 'invalid_type' },
  ],
  [
    'login: a missing password',
    { method: 'POST', url: '/login', payload: { email: 'a@b.org' } },
    { path: 'password', rule: 'invalid_type' },
  ],
  [
    'login: control characters in the e-mail',
    { method: 'POST', url: '/login', payload: { email: 'a\u0000b@b.org', password: 'x' } },
    { path: 'email', rule: 'invalid_format' },
  ],
  [
    'login: a 10 KB password',
    { method: 'POST', url: '/login', payload: { email: 'a@b.org', password: big } },
    { path: 'password', rule: 'too_big' },
  ],
  [
    'login: a 10 KB e-mail',
    { method: 'POST', url: '/login', payload: { email: `${big}@b.org`, password: 'x' } },
    { path: 'email', rule: 'too_big' },
  ],
  [
    'login: an array body',
    { method: 'POST', url: '/login', payload: [] },
    { path: 'body', rule: 'invalid_type' },
  ],
  [
    'mfa: a code that is not six digits',
    { method: 'POST', url: '/mfa', cookie: 'pending', payload: { code: '12345a' } },
    { path: 'code', rule: 'invalid_format' },
  ],
  [
    'mfa: both a code and a recovery code',
    {
      method: 'POST',
      url: '/mfa',
      cookie: 'pending',
      payload: { code: '123456', recoveryCode: 'abcd-efgh-jkmn' },
    },
    { path: 'code', rule: 'custom' },
  ],
  [
    'mfa: neither',
    { method: 'POST', url: '/mfa', cookie: 'pending', payload: {} },
    { path: 'code', rule: 'custom' },
  ],
  [
    'mfa: a recovery code with a control character',
    { method: 'POST', url: '/mfa', cookie: 'pending', payload: { recoveryCode: 'abcd\u001befgh' } },
    { path: 'recoveryCode', rule: 'invalid_format' },
  ],
  [
    'mfa: a 10 KB recovery code',
    { method: 'POST', url: '/mfa', cookie: 'pending', payload: { recoveryCode: big } },
    { path: 'recoveryCode', rule: 'too_big' },
  ],
  [
    'enrolment: an unknown field',
    { method: 'POST', url: '/mfa/enrolment', cookie: 'active', payload: { secret: 'MINE' } },
    { path: 'secret', rule: 'unrecognized_keys' },
  ],
  [
    'password: a number for the new password',
    {
      method: 'POST',
      url: '/password',
      cookie: 'active',
      payload: { currentPassword: 'x', newPassword: 123456789012 },
    },
    { path: 'newPassword', rule: 'invalid_type' },
  ],
  [
    'password: a 10 KB new password',
    {
      method: 'POST',
      url: '/password',
      cookie: 'active',
      payload: { currentPassword: 'x', newPassword: big },
    },
    { path: 'newPassword', rule: 'too_big' },
  ],
  [
    'facility: not a uuid',
    { method: 'PUT', url: '/session/facility', cookie: 'active', payload: { facilityId: 'north' } },
    { path: 'facilityId', rule: 'invalid_format' },
  ],
];

describe('bad input to the auth routes', () => {
  it.each(cases)(
    'refuses %s, naming the field and rule, writing nothing',
    async (_l, req, expected) => {
      const before = await footprint();
      const cookie =
        req.cookie === 'active'
          ? activeCookie
          : req.cookie === 'pending'
            ? pendingCookie
            : undefined;
      const res = await ctx.app.inject({
        method: req.method,
        url: `/api/v1/auth${req.url}`,
        payload: req.payload as Record<string, unknown>,
        headers: cookie ? { cookie } : {},
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json<Problem>();
      expect(body.code).toBe('validation.failed');
      expect(body.errors).toContainEqual(expect.objectContaining(expected));
      expect(res.cookies).toEqual([]);
      expect(await footprint()).toEqual(before);
    },
  );

  it('refuses malformed JSON', async () => {
    const before = await footprint();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.org", "password": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().code).toBe('request.malformed_json');
    expect(await footprint()).toEqual(before);
  });

  it('refuses a form-encoded or plain-text body', async () => {
    const before = await footprint();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(user.password)}`,
      });
      expect(res.statusCode).toBe(415);
      expect(res.json<Problem>().code).toBe('request.unsupported_media_type');
    }
    expect(await footprint()).toEqual(before);
  });

  it('refuses a login with no body at all', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login' });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().code).toBe('validation.failed');
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: user.email, password: user.password },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<Problem>().code).toBe('request.bad_origin');
    expect(res.cookies).toEqual([]);
  });
});

describe('the auth routes as declared', () => {
  it('lists every auth route with its access rule', () => {
    const table = ctx.app
      .routeAccessTable()
      .filter((r) => r.url.startsWith('/api/v1/auth'))
      .map((r) => `${r.method} ${r.url} ${String(r.access)}`)
      .sort();
    expect(table).toEqual([
      'DELETE /api/v1/auth/mfa authenticated',
      'GET /api/v1/auth/me authenticated',
      'POST /api/v1/auth/login public',
      'POST /api/v1/auth/logout authenticated',
      'POST /api/v1/auth/mfa authenticated',
      'POST /api/v1/auth/mfa/enrolment authenticated',
      'POST /api/v1/auth/mfa/enrolment/confirm authenticated',
      'POST /api/v1/auth/mfa/recovery-codes authenticated',
      'POST /api/v1/auth/password authenticated',
      'PUT /api/v1/auth/session/facility authenticated',
    ]);
  });
});
