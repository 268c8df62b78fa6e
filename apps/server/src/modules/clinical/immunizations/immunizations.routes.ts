import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  idParams,
  immunization,
  immunizationErrorInput,
  immunizationInput,
  immunizationListQuery,
  immunizationPage,
  procedure,
  procedureInput,
  procedurePage,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import {
  immunizationEnteredInError,
  listImmunizations,
  recordImmunization,
} from './immunization-use-cases.js';
import { createImmunizationMergeHandler } from './immunizations-merge.js';
import { listProcedures, procedureEnteredInError, recordProcedure } from './procedure-use-cases.js';

/**
 * Immunizations (CVX) and procedures (SNOMED CT, CPT, HCPCS): list newest first, record,
 * entered in error. The merge handler moves both to a merge's survivor.
 */
export function registerImmunizationRoutes(app: FastifyInstance, platform: Platform): void {
  registerImmunizations(app, platform);
  registerProcedures(app, platform);
  const unregister = platform.patientMerge.register(createImmunizationMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

const read = { access: 'clinical.read' } as const;
const write = { access: 'clinical.write' } as const;

function registerImmunizations(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['immunizations'];
  const base = '/api/v1/patients/:id/immunizations';
  r.get(
    base,
    {
      config: read,
      schema: {
        tags,
        params: idParams,
        querystring: immunizationListQuery,
        response: { 200: immunizationPage },
      },
    },
    (req) => listImmunizations(platform, req.principal, req.params.id, req.query),
  );
  r.post(
    base,
    {
      config: write,
      schema: { tags, params: idParams, body: immunizationInput, response: { 201: immunization } },
    },
    async (req, reply) => {
      const answer = await recordImmunization(platform, req.principal, req.params.id, req.body);
      void reply.status(201);
      return withEtag(reply, answer);
    },
  );
  r.post(
    '/api/v1/immunizations/:id/entered-in-error',
    {
      config: write,
      schema: {
        tags,
        params: idParams,
        body: immunizationErrorInput,
        response: { 200: immunization },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await immunizationEnteredInError(
          platform,
          req.principal,
          req.params.id,
          requireIfMatch(req),
          req.body,
        ),
      ),
  );
}

function registerProcedures(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['procedures'];
  const base = '/api/v1/patients/:id/procedures';
  r.get(
    base,
    {
      config: read,
      schema: {
        tags,
        params: idParams,
        querystring: immunizationListQuery,
        response: { 200: procedurePage },
      },
    },
    (req) => listProcedures(platform, req.principal, req.params.id, req.query),
  );
  r.post(
    base,
    {
      config: write,
      schema: { tags, params: idParams, body: procedureInput, response: { 201: procedure } },
    },
    async (req, reply) => {
      const answer = await recordProcedure(platform, req.principal, req.params.id, req.body);
      void reply.status(201);
      return withEtag(reply, answer);
    },
  );
  r.post(
    '/api/v1/procedures/:id/entered-in-error',
    {
      config: write,
      schema: {
        tags,
        params: idParams,
        body: immunizationErrorInput,
        response: { 200: procedure },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await procedureEnteredInError(
          platform,
          req.principal,
          req.params.id,
          requireIfMatch(req),
          req.body,
        ),
      ),
  );
}
