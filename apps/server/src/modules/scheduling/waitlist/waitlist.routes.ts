import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  idParams,
  waitlistEntry,
  waitlistEntryInput,
  waitlistList,
  waitlistQuery,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createWaitlistService } from './waitlist.service.js';

/**
 * Patients waiting for an earlier slot. Offers of freed slots are made by the cancellation
 * that frees them (offer-freed-slot.ts) and answered by the patient's link (answer-offer.ts).
 */
export function registerWaitlistRoutes(app: FastifyInstance, platform: Platform): void {
  const service = createWaitlistService(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['scheduling'];

  r.post(
    '/api/v1/waitlist',
    {
      config: { access: 'appointment.book' },
      schema: { tags, body: waitlistEntryInput, response: { 201: waitlistEntry } },
    },
    async (req, reply) => {
      const created = await service.addEntry(req.principal, req.body);
      void reply.status(201);
      return withEtag(reply, created);
    },
  );
  r.get(
    '/api/v1/waitlist',
    {
      config: { access: 'appointment.read' },
      schema: {
        tags,
        description:
          'Open entries (waiting, offered) by default, first come first served; ' +
          '`nextCursor` pages on.',
        querystring: waitlistQuery,
        response: { 200: waitlistList },
      },
    },
    async (req) => service.listEntries(req.principal, req.query),
  );
  r.post(
    '/api/v1/waitlist/:id/cancel',
    {
      config: { access: 'appointment.book' },
      schema: {
        tags,
        description: 'If-Match. An open offer of the entry is withdrawn.',
        params: idParams,
        response: { 200: waitlistEntry },
      },
    },
    async (req, reply) =>
      withEtag(reply, await service.cancelEntry(req.principal, req.params.id, requireIfMatch(req))),
  );
}
