import type { TestContext } from './harness.js';

export type TestProblem = { code: string; errors?: { path: string; rule: string }[] };

export interface CallOptions {
  cookie?: string;
  body?: unknown;
  ifMatch?: string;
}

/**
 * An inject helper for a test file: `call('PATCH', url, { body, ifMatch })` as the default
 * user unless another cookie is given. Both arguments are read at call time, so they may be
 * set in beforeAll.
 */
export function apiCaller(ctx: () => TestContext, defaultCookie: () => string) {
  return (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, o: CallOptions = {}) =>
    ctx().app.inject({
      method,
      url,
      headers: {
        cookie: o.cookie ?? defaultCookie(),
        ...(o.ifMatch === undefined ? {} : { 'if-match': o.ifMatch }),
      },
      ...(o.body === undefined ? {} : { payload: o.body as Record<string, unknown> }),
    });
}
