import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityList, me, userPage } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { signedInStaff } from '../../../test/factories.js';

/**
 * The app as it runs in production: responses go through fast-json-stringify instead of
 * the validating zod serializer the other tests use. They must still match the contracts
 * and carry only declared fields.
 */
let ctx: TestContext;
let cookie: string;
beforeAll(async () => {
  ctx = await createTestContext({ env: { NODE_ENV: 'production' } });
  ({ cookie } = await signedInStaff(ctx.platform, { roles: ['admin'] }));
});
afterAll(async () => {
  await ctx.close();
});

describe('production response serialization', () => {
  it.each([
    ['/api/v1/auth/me', me],
    ['/api/v1/users?limit=5', userPage],
    ['/api/v1/facilities', facilityList],
  ])('answers %s in the shape of its contract', async (url, schema) => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const body: unknown = res.json();
    expect(schema.safeParse(body).success).toBe(true);
  });

  it('writes no field the contract does not declare', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
    const [first] = res.json<{ items: Record<string, unknown>[] }>().items;
    expect(first).toBeDefined();
    expect(Object.keys(first ?? {}).sort()).toEqual(
      Object.keys(userPage.shape.items.element.shape).sort(),
    );
    expect(res.body).not.toContain('passwordHash');
    expect(res.body).not.toContain('argon2');
  });

  it('still answers errors as problem+json', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/users/not-a-uuid',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json<{ code: string }>().code).toBe('validation.failed');
  });
});

describe('security headers', () => {
  it('gives API replies the short OWASP set with a CSP that allows nothing', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie },
    });
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('gives documents the full helmet set', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
