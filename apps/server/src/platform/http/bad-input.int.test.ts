import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fhirImportMaxBodyBytes, roles } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, sessionCookieFor } from '../../../test/factories.js';

/**
 * Every route that takes a body, exercised with hostile input by a user holding every
 * permission (so the access hook lets the request reach parsing and validation). Whatever
 * arrives, the answer is problem+json with a stable code, never a 5xx.
 */
let ctx: TestContext;
let userId: string;
// A fresh session per request: a route such as logout may legitimately end the one it gets.
const freshCookie = () => sessionCookieFor(ctx.platform, userId);
let bodyRoutes: { method: string; url: string }[];

const sampleId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, sampleId);

beforeAll(async () => {
  ctx = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000' } });
  ({ id: userId } = await createStaff(ctx.platform, { roles: [...roles] }));
  bodyRoutes = ctx.app
    .routeAccessTable()
    .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.url.startsWith('/api/'))
    .map(({ method, url }) => ({ method, url }));
});
afterAll(async () => {
  await ctx.close();
});

function expectProblem(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}) {
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as { code?: unknown; status?: unknown };
  expect(typeof body.code).toBe('string');
  expect(body.status).toBe(res.statusCode);
}

/** One request to a route as the all-permissions user, on a fresh session. */
async function send(
  r: { method: string; url: string },
  contentType: string,
  payload: string | Record<string, unknown>,
) {
  return ctx.app.inject({
    method: r.method as 'POST',
    url: concrete(r.url),
    headers: { cookie: await freshCookie(), 'content-type': contentType, 'if-match': '1' },
    payload,
  });
}

describe('hostile input on every body-taking route', () => {
  it('has body-taking routes to exercise', () => {
    expect(bodyRoutes.length).toBeGreaterThan(5);
  });

  it('answers malformed JSON with 400 request.malformed_json', async () => {
    for (const r of bodyRoutes) {
      const res = await send(r, 'application/json', '{"email": "a@b.c", ');
      expectProblem(res);
      expect(res.json<{ code: string }>().code, `${r.method} ${r.url}`).toBe(
        'request.malformed_json',
      );
    }
  });

  it('answers a non-JSON content type with 415', async () => {
    for (const r of bodyRoutes) {
      const res = await send(r, 'text/plain', 'hello');
      expectProblem(res);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(415);
    }
  });

  it("answers a body over 1 MB (or over the route's own larger limit) with 413", async () => {
    // Routes that take whole documents declare a larger limit of their own.
    const ownLimits: Record<string, number> = {
      'POST /api/v1/imports/fhir': fhirImportMaxBodyBytes,
    };
    for (const r of bodyRoutes) {
      const limit = ownLimits[`${r.method} ${r.url}`] ?? 1024 * 1024;
      const big = JSON.stringify({ value: 'x'.repeat(limit + 10) });
      const res = await send(r, 'application/json', big);
      expectProblem(res);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(413);
    }
  });

  it('rejects an unknown field by name', async () => {
    for (const r of bodyRoutes) {
      const res = await send(r, 'application/json', { surpriseField: 1 });
      expectProblem(res);
      if (res.statusCode === 400) {
        const paths = (res.json<{ errors?: { path: string }[] }>().errors ?? []).map((e) => e.path);
        // Either the unknown field is named, or required fields are reported missing first.
        expect(paths.length, `${r.method} ${r.url}`).toBeGreaterThan(0);
      }
    }
  });

  it('never answers arbitrary JSON with a server error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        fc.jsonValue({ maxDepth: 3 }),
        async (r, value) => {
          const res = await send(r, 'application/json', JSON.stringify(value));
          if (res.statusCode >= 400) expectProblem(res);
          else expect(res.statusCode).toBeLessThan(300);
        },
      ),
      { numRuns: 150 },
    );
  });
});
