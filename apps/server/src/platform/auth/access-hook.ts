import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { RouteAccess } from '@meridian/contracts';
import { AppError } from '../errors.js';
import type { AuditRecorder } from '../audit/audit.service.js';
import type { Db } from '../db.js';
import { currentContext } from '../request-context.js';
import type { Principal } from './principal.js';
import type { SessionService } from './session.service.js';

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

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    // Fastify's own 404 handler has no route options url; let it answer.
    if (request.routeOptions.url === undefined) return;
    const access = config.access;
    if (access === undefined) {
      throw new AppError('access.forbidden', 'this route declares no access rule');
    }
    if (access === 'public') return;

    const token = request.cookies[sessionCookie];
    if (!token) throw new AppError('auth.unauthenticated', 'sign in to continue');
    const lookup = await deps.sessions.resolve(token);
    if (!lookup.ok) {
      void reply.clearCookie(sessionCookie, { path: '/' });
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
      const code = limitedStateCodes[principal.sessionState];
      throw new AppError(code, 'finish signing in first');
    }
    if (access === 'authenticated') return;
    if (!principal.permissions.has(access)) {
      await deps.audit.record(deps.db, {
        action: 'access.denied',
        outcome: 'denied',
        details: { permission: access, route: `${request.method} ${request.routeOptions.url}` },
      });
      throw new AppError('access.forbidden', `this needs the ${access} permission`);
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
