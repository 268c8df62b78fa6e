import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  idParams,
  practitionerProfile,
  practitionerProfileInput,
  practitionerProfileList,
  practitionerProfileQuery,
  scheduleException,
  scheduleExceptionCreated,
  scheduleExceptionInput,
  scheduleExceptionList,
  scheduleExceptionQuery,
  scheduleTemplate,
  scheduleTemplateInput,
  scheduleTemplateList,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { registerCatalogueRoutes } from './catalogue.routes.js';
import { createCatalogueService } from './catalogue.service.js';
import { createExceptionService, type ExceptionService } from './exception.service.js';
import { createPractitionerService, type PractitionerService } from './practitioner.service.js';
import { createTemplateService, type TemplateService } from './template.service.js';

const base = '/api/v1/scheduling';
const tags = ['scheduling'];

/**
 * The calendars: practitioner profiles, resources, appointment types, weekly templates and
 * exceptions. Everyone who books reads them (appointment.read); practice managers keep them
 * (schedule.manage), each only for the facilities they work in.
 */
export function registerCalendarRoutes(app: FastifyInstance, platform: Platform): void {
  registerPractitionerRoutes(app, createPractitionerService(platform));
  registerCatalogueRoutes(app, createCatalogueService(platform));
  registerTemplateRoutes(app, createTemplateService(platform));
  registerExceptionRoutes(app, createExceptionService(platform));
}

function registerPractitionerRoutes(app: FastifyInstance, service: PractitionerService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/practitioners`,
    {
      config: { access: 'appointment.read' },
      schema: {
        tags,
        querystring: practitionerProfileQuery,
        response: { 200: practitionerProfileList },
      },
    },
    async (req) => ({ items: await service.listPractitioners(req.query) }),
  );
  r.get(
    `${base}/practitioners/:id`,
    {
      config: { access: 'appointment.read' },
      schema: { tags, params: idParams, response: { 200: practitionerProfile } },
    },
    async (req, reply) => withEtag(reply, await service.getPractitioner(req.params.id)),
  );
  r.post(
    `${base}/practitioners`,
    {
      config: { access: 'schedule.manage' },
      schema: { tags, body: practitionerProfileInput, response: { 201: practitionerProfile } },
    },
    async (req, reply) => {
      const created = await service.createPractitioner(req.principal, req.body);
      void reply.status(201).header('location', `${base}/practitioners/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.put(
    `${base}/practitioners/:id`,
    {
      config: { access: 'schedule.manage' },
      schema: {
        tags,
        params: idParams,
        body: practitionerProfileInput,
        response: { 200: practitionerProfile },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.updatePractitioner(
          req.principal,
          req.params.id,
          requireIfMatch(req),
          req.body,
        ),
      ),
  );
}

function registerTemplateRoutes(app: FastifyInstance, service: TemplateService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/practitioners/:id/templates`,
    {
      config: { access: 'appointment.read' },
      schema: { tags, params: idParams, response: { 200: scheduleTemplateList } },
    },
    async (req) => ({ items: await service.listTemplates(req.params.id) }),
  );
  r.post(
    `${base}/practitioners/:id/templates`,
    {
      config: { access: 'schedule.manage' },
      schema: {
        tags,
        params: idParams,
        body: scheduleTemplateInput,
        response: { 201: scheduleTemplate },
      },
    },
    async (req, reply) => {
      const created = await service.createTemplate(req.principal, req.params.id, req.body);
      void reply.status(201);
      return withEtag(reply, created);
    },
  );
  r.put(
    `${base}/templates/:id`,
    {
      config: { access: 'schedule.manage' },
      schema: {
        tags,
        description: 'Replaces the dates and blocks (If-Match).',
        params: idParams,
        body: scheduleTemplateInput,
        response: { 200: scheduleTemplate },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.updateTemplate(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.delete(
    `${base}/templates/:id`,
    {
      config: { access: 'schedule.manage' },
      schema: {
        tags,
        description: 'Only before the template takes effect (If-Match); else set effectiveUntil.',
        params: idParams,
      },
    },
    async (req, reply) => {
      await service.deleteTemplate(req.principal, req.params.id, requireIfMatch(req));
      return reply.status(204).send();
    },
  );
}

function registerExceptionRoutes(app: FastifyInstance, service: ExceptionService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/exceptions`,
    {
      config: { access: 'appointment.read' },
      schema: {
        tags,
        description: "A practitioner's or resource's exceptions with its facilities' holidays.",
        querystring: scheduleExceptionQuery,
        response: { 200: scheduleExceptionList },
      },
    },
    async (req) => ({ items: await service.listExceptions(req.query) }),
  );
  r.post(
    `${base}/exceptions`,
    {
      config: { access: 'schedule.manage' },
      schema: { tags, body: scheduleExceptionInput, response: { 201: scheduleExceptionCreated } },
    },
    async (req, reply) => {
      void reply.status(201);
      return service.createException(req.principal, req.body);
    },
  );
  r.post(
    `${base}/exceptions/:id/cancel`,
    {
      config: { access: 'schedule.manage' },
      schema: { tags, params: idParams, response: { 200: scheduleException } },
    },
    async (req) => service.cancelException(req.principal, req.params.id),
  );
}
