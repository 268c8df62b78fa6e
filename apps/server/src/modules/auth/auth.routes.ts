import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changePasswordBody,
  disableMfaBody,
  loginBody,
  me,
  mfaBody,
  mfaEnrolmentConfirmBody,
  mfaEnrolmentResult,
  mfaEnrolmentStart,
  regenerateRecoveryCodesBody,
  switchFacilityBody,
} from '@meridian/contracts';
import type { Config } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import { sessionCookie } from '../../platform/auth/access-hook.js';
import type { AuthService } from './auth.service.js';
import type { MfaService } from './mfa.service.js';

const prefix = '/api/v1/auth';
/** Routes that take no body accept none (Fastify passes null), or an empty JSON object. */
const noBody = z.strictObject({}).nullish();

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: { config: Config; auth: AuthService; mfa: MfaService },
): void {
  const { config, auth, mfa } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const isPublicHttps = config.PUBLIC_URL?.startsWith('https:') ?? false;

  // Per client address, on every route that checks a password or a code.
  const rateLimit = {
    max: config.AUTH_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number }) =>
      new AppError('request.rate_limited', 'too many attempts from this address; wait a minute', {
        retryAfterSeconds: Math.max(1, Math.ceil(ctx.ttl / 1000)),
      }),
  };

  const setSession = (request: FastifyRequest, reply: FastifyReply, token: string) => {
    void reply.setCookie(sessionCookie, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      // A session cookie (no Max-Age): closing the browser on a shared ward PC ends it too.
      secure: isPublicHttps || request.protocol === 'https',
    });
  };
  const clearSession = (request: FastifyRequest, reply: FastifyReply) => {
    void reply.clearCookie(sessionCookie, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: isPublicHttps || request.protocol === 'https',
    });
  };

  r.post(
    `${prefix}/login`,
    {
      config: { access: 'public', rateLimit },
      schema: { tags: ['auth'], body: loginBody, response: { 200: me } },
    },
    async (req, reply) => {
      const signedIn = await auth.login(req.body, req.cookies[sessionCookie]);
      setSession(req, reply, signedIn.token);
      return signedIn.me;
    },
  );

  r.post(
    `${prefix}/mfa`,
    {
      config: { access: 'authenticated', limitedSession: true, rateLimit },
      schema: { tags: ['auth'], body: mfaBody, response: { 200: me } },
    },
    async (req, reply) => {
      const signedIn = await mfa.verifyMfa(req.principal!, req.body);
      setSession(req, reply, signedIn.token);
      return signedIn.me;
    },
  );

  r.post(
    `${prefix}/mfa/enrolment`,
    {
      config: { access: 'authenticated', limitedSession: true },
      schema: { tags: ['auth'], body: noBody, response: { 200: mfaEnrolmentStart } },
    },
    (req) => mfa.startEnrolment(req.principal!),
  );

  r.post(
    `${prefix}/mfa/enrolment/confirm`,
    {
      config: { access: 'authenticated', limitedSession: true, rateLimit },
      schema: {
        tags: ['auth'],
        body: mfaEnrolmentConfirmBody,
        response: { 200: mfaEnrolmentResult },
      },
    },
    async (req, reply) => {
      const result = await mfa.confirmEnrolment(req.principal!, req.body.code);
      if (result.token) setSession(req, reply, result.token);
      return { recoveryCodes: result.recoveryCodes };
    },
  );

  r.delete(
    `${prefix}/mfa`,
    {
      config: { access: 'authenticated', rateLimit },
      schema: { tags: ['auth'], body: disableMfaBody, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await mfa.disableMfa(req.principal!, req.body.password);
      return reply.status(204).send(null);
    },
  );

  r.post(
    `${prefix}/mfa/recovery-codes`,
    {
      config: { access: 'authenticated', rateLimit },
      schema: {
        tags: ['auth'],
        body: regenerateRecoveryCodesBody,
        response: { 200: mfaEnrolmentResult },
      },
    },
    (req) => mfa.regenerateRecoveryCodes(req.principal!, req.body.password),
  );

  r.get(
    `${prefix}/me`,
    {
      config: { access: 'authenticated', limitedSession: true },
      schema: { tags: ['auth'], response: { 200: me } },
    },
    (req) => auth.me(req.principal!),
  );

  r.post(
    `${prefix}/logout`,
    {
      config: { access: 'authenticated', limitedSession: true },
      schema: { tags: ['auth'], body: noBody, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await auth.logout(req.principal!);
      clearSession(req, reply);
      return reply.status(204).send(null);
    },
  );

  r.put(
    `${prefix}/session/facility`,
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], body: switchFacilityBody, response: { 200: me } },
    },
    (req) => auth.switchFacility(req.principal!, req.body.facilityId),
  );

  r.post(
    `${prefix}/password`,
    {
      config: { access: 'authenticated', limitedSession: true, rateLimit },
      schema: { tags: ['auth'], body: changePasswordBody, response: { 200: me } },
    },
    async (req, reply) => {
      const signedIn = await auth.changePassword(req.principal!, req.body);
      setSession(req, reply, signedIn.token);
      return signedIn.me;
    },
  );
}
