import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  idParams,
  linkActionInput,
  linkParams,
  linkView,
  reminderRule,
  reminderRuleInput,
  reminderRuleList,
} from '@meridian/contracts';
import { AppError } from '../../../platform/errors.js';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createPatientLinkService, type PatientLinkService } from './patient-link.service.js';
import { createReminderRuleService, type ReminderRuleService } from './reminder-rule.service.js';

/** Requests per client address per minute on the public link routes. */
export const linkRateLimitPerMinute = 60;

/** Reminder rules (practice-manager settings) and the public links patients answer. */
export function registerReminderRoutes(app: FastifyInstance, platform: Platform): void {
  registerRuleRoutes(app, createReminderRuleService(platform));
  registerLinkRoutes(app, createPatientLinkService(platform));
}

function registerRuleRoutes(app: FastifyInstance, service: ReminderRuleService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['scheduling'];
  const path = '/api/v1/scheduling/reminder-rules';

  r.get(
    path,
    {
      config: { access: 'appointment.read' },
      schema: { tags, response: { 200: reminderRuleList } },
    },
    async () => ({ items: await service.listRules() }),
  );
  r.post(
    path,
    {
      config: { access: 'schedule.manage' },
      schema: { tags, body: reminderRuleInput, response: { 201: reminderRule } },
    },
    async (req, reply) => {
      const created = await service.createRule(req.body);
      void reply.status(201).header('location', `${path}/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.put(
    `${path}/:id`,
    {
      config: { access: 'schedule.manage' },
      schema: { tags, params: idParams, body: reminderRuleInput, response: { 200: reminderRule } },
    },
    async (req, reply) =>
      withEtag(reply, await service.replaceRule(req.params.id, requireIfMatch(req), req.body)),
  );
}

function registerLinkRoutes(app: FastifyInstance, service: PatientLinkService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['links'];
  const path = '/api/v1/links/:token';
  // Per client address: the token is unguessable, but an open door still gets a limit.
  const rateLimit = {
    max: linkRateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number }) =>
      new AppError('request.rate_limited', 'too many requests from this address; wait a minute', {
        retryAfterSeconds: Math.max(1, Math.ceil(ctx.ttl / 1000)),
      }),
  };

  r.get(
    path,
    {
      config: { access: 'public', rateLimit },
      schema: { tags, params: linkParams, response: { 200: linkView } },
    },
    async (req) => service.viewLink(req.params.token),
  );
  r.post(
    path,
    {
      config: { access: 'public', rateLimit },
      schema: { tags, params: linkParams, body: linkActionInput, response: { 200: linkView } },
    },
    async (req) => service.actOnLink(req.params.token, req.body.action),
  );
}
