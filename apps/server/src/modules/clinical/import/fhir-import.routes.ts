import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fhirImportMaxBodyBytes, fhirImportQuery, fhirImportReport } from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import { createFhirImportService } from './fhir-import.service.js';

/**
 * POST /api/v1/imports/fhir: one FHIR R4 Bundle (application/json) imported as the CLI's
 * `meridian import fhir` does; answers the import report. Administrators only: it registers
 * patients and writes clinical records without a clinician in the loop.
 */
export function registerFhirImportRoutes(app: FastifyInstance, platform: Platform): void {
  const service = createFhirImportService(platform);
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/imports/fhir',
    {
      config: { access: 'org.manage' },
      bodyLimit: fhirImportMaxBodyBytes,
      schema: {
        tags: ['clinical'],
        querystring: fhirImportQuery,
        // The bundle's own rules are the importer's: it answers which entries fail and why.
        body: z.record(z.string(), z.unknown()),
        response: { 200: fhirImportReport },
      },
    },
    (req) => service.importForUser(req.principal!, req.body, req.query.facility),
  );
}
