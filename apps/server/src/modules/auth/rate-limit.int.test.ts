import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, signedInStaff } from '../../../test/factories.js';
import { enrolTotpDirectly, postLogin, sessionCookieOf } from '../../../test/auth-helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
});
afterAll(async () => {
  await ctx.close();
});

describe('per-address rate limit on sign-in', () => {
  it('answers the attempt past the limit with 429 problem+json and Retry-After', async () => {
    const user = await createStaff(ctx.platform);
    const from = { remoteAddress: '10.20.30.40' };
    const answers: number[] = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        (await postLogin(ctx.app, { email: user.email, password: 'wrong password' }, from))
          .statusCode,
      );
    }
    expect(answers).toEqual([401, 401, 401]);

    // Even the right password waits: the limit is on the address, before any check.
    const limited = await postLogin(ctx.app, { email: user.email, password: user.password }, from);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = limited.json<Problem>();
    expect(body.code).toBe('request.rate_limited');
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.cookies).toEqual([]);

    // Another workstation is not held up by this one.
    const other = await postLogin(
      ctx.app,
      { email: user.email, password: user.password },
      {
        remoteAddress: '10.20.30.41',
      },
    );
    expect(other.statusCode).toBe(200);

    // Reading one's session is not a sign-in attempt and is not limited.
    const cookie = sessionCookieOf(other);
    for (let i = 0; i < 5; i++) {
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie },
        remoteAddress: '10.20.30.40',
      });
      expect(me.statusCode).toBe(200);
    }
  });
});

describe('per-address rate limit on password checks inside a session', () => {
  it('slows guessing the password for new recovery codes', async () => {
    const user = await signedInStaff(ctx.platform);
    await enrolTotpDirectly(ctx.platform, user.id);
    const regenerate = (password: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/recovery-codes',
        headers: { cookie: user.cookie },
        payload: { password },
        remoteAddress: '10.20.30.50',
      });
    const answers: number[] = [];
    for (let i = 0; i < 3; i++) answers.push((await regenerate('wrong password')).statusCode);
    expect(answers).toEqual([400, 400, 400]);

    const limited = await regenerate(user.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json<Problem>().code).toBe('request.rate_limited');
  });
});
