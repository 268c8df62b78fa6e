import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './auth/principal.js';

export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  principal: Principal | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context, or null outside a request (jobs, CLI). */
export function currentContext(): RequestContext | null {
  return storage.getStore() ?? null;
}
