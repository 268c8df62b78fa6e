import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { censusFigures, censusFiguresQuery, currentCensus, uuid } from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import { createCensusService } from './census.service.js';

const tags = ['admissions'];

/** Census now and figures over a range of local days (counts only, no patients). */
export function registerCensusRoutes(app: FastifyInstance, platform: Platform): void {
  const service = createCensusService(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/census',
    {
      config: { access: 'admission.read' },
      schema: {
        tags,
        querystring: z.strictObject({ facilityId: uuid }),
        response: { 200: currentCensus },
      },
    },
    async (req) => service.current(req.principal, req.query.facilityId),
  );
  r.get(
    '/api/v1/census/figures',
    {
      config: { access: 'admission.read' },
      schema: { tags, querystring: censusFiguresQuery, response: { 200: censusFigures } },
    },
    async (req) => service.figures(req.principal, req.query),
  );
}
