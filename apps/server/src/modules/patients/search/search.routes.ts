import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  mrnLookupParams,
  patientByMrn,
  patientSearchPage,
  patientSearchQuery,
} from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import { createSearchService } from './search.service.js';

export function registerSearchRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createSearchService(platform);
  const tags = ['patients'];

  r.get(
    '/api/v1/patients',
    {
      config: { access: 'patient.read' },
      schema: { tags, querystring: patientSearchQuery, response: { 200: patientSearchPage } },
    },
    (req) => service.search(req.principal, req.query),
  );
  // A static segment: find-my-way matches it before the record's /api/v1/patients/:id.
  r.get(
    '/api/v1/patients/by-mrn/:mrn',
    {
      config: { access: 'patient.read' },
      schema: { tags, params: mrnLookupParams, response: { 200: patientByMrn } },
    },
    (req) => service.findByMrn(req.principal, req.params.mrn),
  );
}
