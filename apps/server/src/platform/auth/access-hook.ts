import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { RouteAccess } from '@meridian/contracts';
import { AppError } from '../errors.js';
import type { AuditRecorder } from '../audit/audit.service.js';
import type { Db } from '../db.js';
import { currentContext } from '../request-context.js';
import type { Principal } from './principal.js';
import type { SessionLookup, SessionService } from './session.service.js';

export const sessionCookie = 'meridian_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: a permission, `public` or `authenticated`. Required. */
    access?: RouteAccess;
    /**
     * Allowed while the session is not yet fully active (TOTP pending, enrolment or a
     * password change required): the sign-in flow's own routes and `me`.
     */
    limitedSession?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess | null;
}

const limitedStateCodes = {
  mfa_pending: 'auth.mfa_required',
  mfa_enrolment_required: 'auth.mfa_enrolment_required',
  password_change_required: 'auth.password_change_required',
} as const;

/**
 * Layer 1 of access control: every route declares `config.access`; this hook enforces it
 * (401 without a valid session, 403 without the permission; denials audited). A route that
 * declares nothing is refused — default deny — and listed by `routeAccessTable()`.
 */
export function registerAccessHook(
  app: FastifyInstance,
  deps: { sessions: SessionService; audit: AuditRecorder; db: Db },
): { routeAccessTable(): RouteAccessEntry[] } {
  // Route options are kept by reference and read when listed: plugins' own onRoute hooks
  // (static files, API docs) run after this one and may still declare access.
  const routes: RouteOptions[] = [];
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });

  /** What to do once the principal is known; throws the refusal, or returns a denial to audit. */
  const authorize = (request: FastifyRequest, lookup: SessionLookup): RouteAccess | null => {
    const config = request.routeOptions.config;
    if (!lookup.ok) {
      throw new AppError(
        lookup.code,
        lookup.code === 'auth.session_expired'
          ? 'the session expired; sign in again'
          : 'sign in to continue',
      );
    }
    const principal = lookup.principal;
    request.principal = principal;
    const ctx = currentContext();
    if (ctx) ctx.principal = principal;
    if (principal.sessionState !== 'active' && !config.limitedSession) {
      throw new AppError(limitedStateCodes[principal.sessionState], 'finish signing in first');
    }
    const access = config.access;
    if (access === 'authenticated' || access === undefined) return null;
    return access !== 'public' && !principal.permissions.has(access) ? access : null;
  };

  const deny = async (request: FastifyRequest, permission: RouteAccess): Promise<never> => {
    await deps.audit.record(deps.db, {
      action: 'access.denied',
      outcome: 'denied',
      details: { permission, route: `${request.method} ${request.routeOptions.url}` },
    });
    throw new AppError('access.forbidden', `this needs the ${permission} permission`);
  };

  // Tricky: written with a callback, not as an async function, so that a request whose
  // session is in the cache passes without creating a promise. Under AsyncLocalStorage on
  // Node 20 every promise in the request path costs (bench/: about a quarter of throughput).
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    const fail = (err: unknown) => {
      if (err instanceof AppError && err.status === 401) {
        void reply.clearCookie(sessionCookie, { path: '/' });
      }
      done(err instanceof Error ? err : new Error(String(err)));
    };
    try {
      // Fastify's own 404 handler has no route options url; let it answer.
      if (request.routeOptions.url === undefined) return done();
      const access = request.routeOptions.config.access;
      if (access === undefined) {
        throw new AppError('access.forbidden', 'this route declares no access rule');
      }
      if (access === 'public') return done();
      const token = request.cookies[sessionCookie];
      if (!token) throw new AppError('auth.unauthenticated', 'sign in to continue');

      const cached = deps.sessions.resolveCached(token);
      if (cached) {
        const denied = authorize(request, cached);
        if (!denied) return done();
        deny(request, denied).catch(fail);
        return;
      }
      deps.sessions
        .resolve(token)
        .then(async (lookup) => {
          const denied = authorize(request, lookup);
          if (denied) await deny(request, denied);
          done();
        })
        .catch(fail);
    } catch (err) {
      fail(err);
    }
  });

  return {
    routeAccessTable: () =>
      routes.flatMap((route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        return methods
          .filter((m) => m !== 'HEAD')
          .map((method) => ({ method, url: route.url, access: route.config?.access ?? null }));
      }),
  };
}
