import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bed,
  bedBatchInput,
  bedInput,
  bedPatch,
  idParams,
  room,
  roomInput,
  roomPatch,
  ward,
  wardDetail,
  wardInput,
  wardPatch,
  wardQuery,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createPlacesService } from './places.service.js';

const tags = ['admissions'];
const v1 = '/api/v1';

/**
 * Wards, rooms and beds: read by everyone who works the wards (admission.read), kept by
 * administrators (ward.manage), each only in the facilities they work in.
 */
export function registerPlacesRoutes(app: FastifyInstance, platform: Platform): void {
  const service = createPlacesService(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    `${v1}/wards`,
    {
      config: { access: 'admission.read' },
      schema: {
        tags,
        querystring: wardQuery,
        response: { 200: z.object({ items: z.array(ward) }) },
      },
    },
    async (req) => ({ items: await service.listWards(req.principal, req.query) }),
  );
  r.post(
    `${v1}/wards`,
    {
      config: { access: 'ward.manage' },
      schema: { tags, body: wardInput, response: { 201: wardDetail } },
    },
    async (req, reply) => {
      const created = await service.createWard(req.principal, req.body);
      void reply.status(201).header('location', `${v1}/wards/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.get(
    `${v1}/wards/:id`,
    {
      config: { access: 'admission.read' },
      schema: { tags, params: idParams, response: { 200: wardDetail } },
    },
    async (req, reply) => withEtag(reply, await service.getWard(req.principal, req.params.id)),
  );
  r.patch(
    `${v1}/wards/:id`,
    {
      config: { access: 'ward.manage' },
      schema: { tags, params: idParams, body: wardPatch, response: { 200: wardDetail } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.updateWard(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );

  r.post(
    `${v1}/wards/:id/rooms`,
    {
      config: { access: 'ward.manage' },
      schema: { tags, params: idParams, body: roomInput, response: { 201: room } },
    },
    async (req, reply) => {
      const created = await service.createRoom(req.principal, req.params.id, req.body);
      void reply.status(201);
      return withEtag(reply, created);
    },
  );
  r.patch(
    `${v1}/rooms/:id`,
    {
      config: { access: 'ward.manage' },
      schema: { tags, params: idParams, body: roomPatch, response: { 200: room } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.updateRoom(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );

  r.post(
    `${v1}/rooms/:id/beds`,
    {
      config: { access: 'ward.manage' },
      schema: { tags, params: idParams, body: bedInput, response: { 201: bed } },
    },
    async (req, reply) => {
      const [created] = await service.createBeds(req.principal, req.params.id, [req.body]);
      void reply.status(201);
      return withEtag(reply, created!);
    },
  );
  r.post(
    `${v1}/rooms/:id/beds/batch`,
    {
      config: { access: 'ward.manage' },
      schema: {
        tags,
        params: idParams,
        body: bedBatchInput,
        response: { 201: z.object({ items: z.array(bed) }) },
      },
    },
    async (req, reply) => {
      const items = await service.createBeds(req.principal, req.params.id, req.body.beds);
      void reply.status(201);
      return { items };
    },
  );
  r.patch(
    `${v1}/beds/:id`,
    {
      config: { access: 'ward.manage' },
      schema: { tags, params: idParams, body: bedPatch, response: { 200: bed } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.updateBed(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
}
