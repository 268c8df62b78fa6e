import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, sessionCookieFor } from '../../../test/factories.js';
import { auditRows, lastAuditSeq, postLogin, sessionCookieOf } from '../../../test/auth-helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '10000' } });
});
afterAll(async () => {
  await ctx.close();
});

function changePassword(cookie: string, payload: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    headers: { cookie },
    payload,
  });
}

async function passwordHash(userId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    password_hash: string;
    must_change_password: boolean;
  }>('select password_hash, must_change_password from user_account where id = $1', [userId]);
  return rows[0];
}

describe('changing one’s password', () => {
  it('takes a user whose password was reset to an active session, ending every other one', async () => {
    const user = await createStaff(ctx.platform, {
      email: 'pat.jones@test.meridian',
      mustChangePassword: true,
    });
    const elsewhere = await sessionCookieFor(ctx.platform, user.id, 'active');
    const login = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(login.json<Me>().session.state).toBe('password_change_required');
    const cookie = sessionCookieOf(login);
    const seq = await lastAuditSeq(ctx.platform);

    const newPassword = 'plum orchard under the snow';
    const res = await changePassword(cookie, { currentPassword: user.password, newPassword });

    expect(res.statusCode).toBe(200);
    expect(res.json<Me>().session.state).toBe('active');
    expect(res.json<Me>().permissions.length).toBeGreaterThan(0);
    const rotated = sessionCookieOf(res);
    expect(rotated).not.toBe(cookie);
    for (const dead of [cookie, elsewhere]) {
      const r = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: dead },
      });
      expect(r.statusCode).toBe(401);
    }
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: rotated },
    });
    expect(me.json<Me>().session.state).toBe('active');

    expect((await passwordHash(user.id))?.must_change_password).toBe(false);
    expect((await passwordHash(user.id))?.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      (await postLogin(ctx.app, { email: user.email, password: user.password })).statusCode,
    ).toBe(401);
    const fresh = await postLogin(ctx.app, { email: user.email, password: newPassword });
    expect(fresh.json<Me>().session.state).toBe('active');

    const audit = await auditRows(ctx.platform, ['auth.password_changed'], seq);
    expect(audit).toEqual([
      expect.objectContaining({
        actor_user_id: user.id,
        entity_type: 'user',
        entity_id: user.id,
        details: { wasRequired: true },
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });

  it('refuses a wrong current password, naming the field, and changes nothing', async () => {
    const user = await createStaff(ctx.platform);
    const cookie = await sessionCookieFor(ctx.platform, user.id);
    const before = await passwordHash(user.id);
    const seq = await lastAuditSeq(ctx.platform);

    const res = await changePassword(cookie, {
      currentPassword: 'not my password',
      newPassword: 'plum orchard under the snow',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>()).toMatchObject({
      code: 'auth.password_incorrect',
      errors: [{ path: 'currentPassword', rule: 'incorrect' }],
    });
    expect(await passwordHash(user.id)).toEqual(before);
    expect(await auditRows(ctx.platform, ['auth.password_changed'], seq)).toEqual([]);
    expect(await auditRows(ctx.platform, ['auth.password_change_failed'], seq)).toHaveLength(1);
    const still = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie },
    });
    expect(still.statusCode).toBe(200);
  });

  it.each([
    ['too short', () => 'short pass', ['too_short']],
    ['a common password', () => 'qwertyuiopas', ['common_password']],
    ['the e-mail’s user name', () => 'robin.hood.2026!', ['contains_email']],
    ['the whole e-mail address', (email: string) => `my ${email}`, ['contains_email']],
    ['the system’s name', () => 'Meridian2026!!', ['context_word']],
    ['a repeated pattern', () => 'q9q9q9q9q9q9q9', ['repetitive']],
    ['the current password', () => 'correct horse battery staple', ['unchanged']],
  ])('refuses a new password that is %s', async (_label, passwordFor, rules) => {
    const email = `robin.hood@${Math.random().toString(36).slice(2, 10)}.test.meridian`;
    const user = await createStaff(ctx.platform, { email });
    const cookie = await sessionCookieFor(ctx.platform, user.id);
    const before = await passwordHash(user.id);

    const res = await changePassword(cookie, {
      currentPassword: user.password,
      newPassword: passwordFor(email),
    });

    expect(res.statusCode).toBe(400);
    const body = res.json<Problem>();
    expect(body.code).toBe('auth.password_policy');
    expect(body.errors?.map((e) => [e.path, e.rule])).toEqual(rules.map((r) => ['newPassword', r]));
    expect(await passwordHash(user.id)).toEqual(before);
  });

  it('is refused to a session that has not given its second factor', async () => {
    const user = await createStaff(ctx.platform);
    const cookie = await sessionCookieFor(ctx.platform, user.id, 'mfa_pending');
    const res = await changePassword(cookie, {
      currentPassword: user.password,
      newPassword: 'plum orchard under the snow',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<Problem>().code).toBe('auth.mfa_required');
  });
});
