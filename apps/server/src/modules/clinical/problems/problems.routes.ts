import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  icd10cmCode,
  icd10cmCodeParams,
  icd10cmSearchQuery,
  icd10cmSearchResult,
  idParams,
  patientProblem,
  patientProblemParams,
  problemErrorInput,
  problemHistory,
  problemInput,
  problemPage,
  problemPatch,
  problemQuery,
  problemResolveInput,
  problemWriteAnswer,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createProblemMergeHandler } from './problem-merge.js';
import { createProblemService, type ProblemService } from './problems.service.js';

/**
 * The ICD-10-CM code set (search, one code) and the patient's problem list: list, add,
 * read, update, resolve, entered in error, history. The merge handler moves problems to a
 * merge's survivor.
 */
export function registerProblemRoutes(app: FastifyInstance, platform: Platform): void {
  const service = createProblemService(platform);
  registerCodeRoutes(app, service);
  registerListRoutes(app, service);
  registerProblemSteps(app, service);
  const unregister = platform.patientMerge.register(createProblemMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

const tags = ['problems'];

function registerCodeRoutes(app: FastifyInstance, service: ProblemService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/codes/icd10cm',
    {
      config: { access: 'clinical.read' },
      schema: { tags, querystring: icd10cmSearchQuery, response: { 200: icd10cmSearchResult } },
    },
    (req) => service.searchCodes(req.query),
  );
  r.get(
    '/api/v1/codes/icd10cm/:code',
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: icd10cmCodeParams, response: { 200: icd10cmCode } },
    },
    (req) => service.getCode(req.params.code),
  );
}

function registerListRoutes(app: FastifyInstance, service: ProblemService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/patients/:id/problems';
  r.get(
    base,
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        params: patientProblemParams,
        querystring: problemQuery,
        response: { 200: problemPage },
      },
    },
    (req) => service.list(req.principal, req.params.id, req.query),
  );
  r.post(
    base,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        params: patientProblemParams,
        body: problemInput,
        response: { 201: problemWriteAnswer },
      },
    },
    async (req, reply) => {
      const answer = await service.add(req.principal, req.params.id, req.body);
      void reply.status(201).header('location', `/api/v1/problems/${answer.id}`);
      return withEtag(reply, answer);
    },
  );
}

/** One problem: read, history, and the steps that change it (each needs If-Match). */
function registerProblemSteps(app: FastifyInstance, service: ProblemService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/problems/:id';
  const write = { access: 'clinical.write' } as const;
  r.get(
    base,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, response: { 200: patientProblem } },
    },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  r.get(
    `${base}/history`,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, response: { 200: problemHistory } },
    },
    (req) => service.history(req.principal, req.params.id),
  );
  r.patch(
    base,
    {
      config: write,
      schema: { tags, params: idParams, body: problemPatch, response: { 200: problemWriteAnswer } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.update(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.post(
    `${base}/resolve`,
    {
      config: write,
      schema: {
        tags,
        params: idParams,
        body: problemResolveInput,
        response: { 200: problemWriteAnswer },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.resolve(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.post(
    `${base}/entered-in-error`,
    {
      config: write,
      schema: {
        tags,
        params: idParams,
        body: problemErrorInput,
        response: { 200: problemWriteAnswer },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.enteredInError(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
}
