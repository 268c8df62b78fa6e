import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  allergy,
  allergyAssessment,
  allergyErrorInput,
  allergyHistory,
  allergyInput,
  allergyList,
  allergyParams,
  allergyPatch,
  allergyQuery,
  allergySummary,
  idParams,
  noKnownAllergiesInput,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createAllergyMergeHandler } from './allergy-merge.js';
import { createAllergyService, type AllergyService } from './allergies.service.js';

/**
 * A patient's allergies and intolerances: list (with the assessment), the banner summary,
 * record, no known allergies; one allergy: read, history, update, entered in error. The
 * merge handler moves allergies to a merge's survivor.
 */
export function registerAllergyRoutes(app: FastifyInstance, platform: Platform): void {
  const service = createAllergyService(platform);
  registerPatientRoutes(app, service);
  registerAllergySteps(app, service);
  const unregister = platform.patientMerge.register(createAllergyMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

const tags = ['allergies'];

/** If-Match is optional on NKA: checked when the client edits an assessment it saw. */
function optionalIfMatch(req: FastifyRequest): number | undefined {
  return req.headers['if-match'] === undefined ? undefined : requireIfMatch(req);
}

function registerPatientRoutes(app: FastifyInstance, service: AllergyService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/patients/:id/allergies';
  r.get(
    base,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, querystring: allergyQuery, response: { 200: allergyList } },
    },
    (req) => service.list(req.principal, req.params.id, req.query),
  );
  r.get(
    `${base}/summary`,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, response: { 200: allergySummary } },
    },
    (req) => service.summary(req.principal, req.params.id),
  );
  r.post(
    base,
    {
      config: { access: 'clinical.write' },
      schema: { tags, params: idParams, body: allergyInput, response: { 201: allergy } },
    },
    async (req, reply) => {
      const answer = await service.record(req.principal, req.params.id, req.body);
      void reply.status(201).header('location', `/api/v1/allergies/${answer.id}`);
      return withEtag(reply, answer);
    },
  );
  r.post(
    `${base}/no-known-allergies`,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        params: idParams,
        body: noKnownAllergiesInput.optional(),
        response: { 200: allergyAssessment },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.noKnownAllergies(req.principal, req.params.id, optionalIfMatch(req)),
      ),
  );
}

/** One allergy: read, history, and the steps that change it (each needs If-Match). */
function registerAllergySteps(app: FastifyInstance, service: AllergyService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/allergies/:id';
  const write = { access: 'clinical.write' } as const;
  r.get(
    base,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: allergyParams, response: { 200: allergy } },
    },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  r.get(
    `${base}/history`,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: allergyParams, response: { 200: allergyHistory } },
    },
    (req) => service.history(req.principal, req.params.id),
  );
  r.patch(
    base,
    {
      config: write,
      schema: { tags, params: allergyParams, body: allergyPatch, response: { 200: allergy } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.update(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.post(
    `${base}/entered-in-error`,
    {
      config: write,
      schema: {
        tags,
        params: allergyParams,
        body: allergyErrorInput,
        response: { 200: allergy },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.enteredInError(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
}
