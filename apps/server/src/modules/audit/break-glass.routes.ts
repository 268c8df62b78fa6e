import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  breakGlassBody,
  breakGlassDurationMinutes,
  breakGlassGrant,
  breakGlassGrantPage,
  breakGlassGrantQuery,
} from '@meridian/contracts';
import type { BreakGlassService } from './break-glass.service.js';

export function registerBreakGlassRoutes(app: FastifyInstance, service: BreakGlassService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/access/break-glass',
    {
      config: { access: 'patient.break_glass' },
      schema: {
        tags: ['access'],
        summary: 'Break the glass: open a restricted patient record, with a reason',
        description: `The grant lasts ${breakGlassDurationMinutes} minutes and is reviewed by the privacy officer.`,
        body: breakGlassBody,
        response: { 201: breakGlassGrant },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.breakGlass(req.principal!, req.body)),
  );

  r.get(
    '/api/v1/access/break-glass',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['access'],
        summary: 'Break-the-glass grants for review, newest first',
        querystring: breakGlassGrantQuery,
        response: { 200: breakGlassGrantPage },
      },
    },
    (req) => service.listGrants(req.principal!, req.query),
  );
}
