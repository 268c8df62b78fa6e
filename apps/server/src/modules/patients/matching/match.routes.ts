import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { matchPatientBody, matchResult } from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import { createMatchService } from './match.service.js';
import type { MatchService } from './match.types.js';

/** POST /api/v1/patients/match; returns the service registration uses in its own check. */
export function registerMatchRoutes(app: FastifyInstance, platform: Platform): MatchService {
  const service = createMatchService(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/patients/match',
    {
      config: { access: 'patient.read' },
      schema: { tags: ['patients'], body: matchPatientBody, response: { 200: matchResult } },
    },
    (req) => service.match(req.principal, req.body),
  );
  return service;
}
