import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  administration,
  administrationCorrection,
  administrationErrorInput,
  administrationInput,
  administrationParams,
  mar,
  marQuery,
  patientParams,
} from '@meridian/contracts';
import type { Platform } from '../../../../platform/platform.js';
import { readMar } from './read-mar.js';
import { enterAdministrationInError, recordAdministration } from './record-administration.js';

const tags = ['medications'];

/**
 * The medication administration record of inpatients: a day's MAR, recording a dose, and
 * correcting a record (entered in error, with the replacing record).
 */
export function registerMarRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/patients/:patientId/mar',
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: patientParams, querystring: marQuery, response: { 200: mar } },
    },
    (req) => readMar(platform, req.principal, req.params.patientId, req.query),
  );
  r.post(
    '/api/v1/patients/:patientId/medication-administrations',
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        params: patientParams,
        body: administrationInput,
        response: { 201: administration },
      },
    },
    async (req, reply) => {
      const body = await recordAdministration(
        platform,
        req.principal,
        req.params.patientId,
        req.body,
      );
      return reply.status(201).send(body);
    },
  );
  r.post(
    '/api/v1/medication-administrations/:id/entered-in-error',
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        params: administrationParams,
        body: administrationErrorInput,
        response: { 200: administrationCorrection },
      },
    },
    (req) => enterAdministrationInError(platform, req.principal, req.params.id, req.body),
  );
}
