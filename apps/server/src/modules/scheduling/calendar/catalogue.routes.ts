import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  appointmentType,
  appointmentTypeInput,
  appointmentTypeList,
  appointmentTypeQuery,
  idParams,
  scheduleResource,
  scheduleResourceInput,
  scheduleResourceList,
  scheduleResourceQuery,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { CatalogueService } from './catalogue.service.js';

const base = '/api/v1/scheduling';

/** Rooms and equipment, and appointment types: read by anyone who books, kept by managers. */
export function registerCatalogueRoutes(app: FastifyInstance, service: CatalogueService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['scheduling'];

  r.get(
    `${base}/resources`,
    {
      config: { access: 'appointment.read' },
      schema: { tags, querystring: scheduleResourceQuery, response: { 200: scheduleResourceList } },
    },
    async (req) => ({ items: await service.listResources(req.query) }),
  );
  r.get(
    `${base}/resources/:id`,
    {
      config: { access: 'appointment.read' },
      schema: { tags, params: idParams, response: { 200: scheduleResource } },
    },
    async (req, reply) => withEtag(reply, await service.getResource(req.params.id)),
  );
  r.post(
    `${base}/resources`,
    {
      config: { access: 'schedule.manage' },
      schema: { tags, body: scheduleResourceInput, response: { 201: scheduleResource } },
    },
    async (req, reply) => {
      const created = await service.createResource(req.principal, req.body);
      void reply.status(201).header('location', `${base}/resources/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.put(
    `${base}/resources/:id`,
    {
      config: { access: 'schedule.manage' },
      schema: {
        tags,
        params: idParams,
        body: scheduleResourceInput,
        response: { 200: scheduleResource },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.updateResource(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );

  r.get(
    `${base}/appointment-types`,
    {
      config: { access: 'appointment.read' },
      schema: { tags, querystring: appointmentTypeQuery, response: { 200: appointmentTypeList } },
    },
    async (req) => ({ items: await service.listTypes(req.query) }),
  );
  r.get(
    `${base}/appointment-types/:id`,
    {
      config: { access: 'appointment.read' },
      schema: { tags, params: idParams, response: { 200: appointmentType } },
    },
    async (req, reply) => withEtag(reply, await service.getType(req.params.id)),
  );
  r.post(
    `${base}/appointment-types`,
    {
      config: { access: 'schedule.manage' },
      schema: { tags, body: appointmentTypeInput, response: { 201: appointmentType } },
    },
    async (req, reply) => {
      const created = await service.createType(req.body);
      void reply.status(201).header('location', `${base}/appointment-types/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.put(
    `${base}/appointment-types/:id`,
    {
      config: { access: 'schedule.manage' },
      schema: {
        tags,
        params: idParams,
        body: appointmentTypeInput,
        response: { 200: appointmentType },
      },
    },
    async (req, reply) =>
      withEtag(reply, await service.updateType(req.params.id, requireIfMatch(req), req.body)),
  );
}
