import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  flowsheet,
  flowsheetQuery,
  idParams,
  latestVitals,
  recordVitalSetInput,
  setSpo2ScaleInput,
  spo2ScaleSetting,
  vitalSet,
  vitalSetErrorInput,
  vitalSetPage,
  vitalSetQuery,
} from '@meridian/contracts';
import { idempotencyClaimOf, markReplayed } from '../../../platform/http/idempotency.js';
import { requireIfMatch, versionEtag, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createVitalsMergeHandler } from './vitals-merge.js';
import { createVitalsService, type VitalsService } from './vitals.service.js';

/**
 * Vital signs with NEWS2: record a set (idempotent), list a patient's sets, read one, mark
 * one entered in error, the flowsheet and the latest values, and the patient's SpO2 scale.
 * The merge handler moves sets and observations to a merge's survivor.
 */
export function registerVitalsRoutes(app: FastifyInstance, platform: Platform): void {
  registerRoutes(app, createVitalsService(platform));
  const unregister = platform.patientMerge.register(createVitalsMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

const patients = '/api/v1/patients/:id';
const tags = ['vitals'];
const read = { access: 'clinical.read' } as const;
const write = { access: 'clinical.write' } as const;

function registerRoutes(app: FastifyInstance, service: VitalsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    `${patients}/vital-sets`,
    {
      config: write,
      schema: { tags, params: idParams, body: recordVitalSetInput, response: { 201: vitalSet } },
    },
    async (req, reply) => {
      const answer = await service.record(
        req.principal,
        req.params.id,
        req.body,
        idempotencyClaimOf(req),
      );
      if (answer.replayed) markReplayed(reply);
      void reply
        .status(answer.statusCode as 201)
        .header('location', `/api/v1/vital-sets/${answer.body.id}`);
      return withEtag(reply, answer.body);
    },
  );
  r.get(
    `${patients}/vital-sets`,
    {
      config: read,
      schema: {
        tags,
        params: idParams,
        querystring: vitalSetQuery,
        response: { 200: vitalSetPage },
      },
    },
    (req) => service.list(req.principal, req.params.id, req.query),
  );
  r.get(
    `${patients}/vitals/flowsheet`,
    {
      config: read,
      schema: { tags, params: idParams, querystring: flowsheetQuery, response: { 200: flowsheet } },
    },
    (req) => service.flowsheet(req.principal, req.params.id, req.query),
  );
  r.get(
    `${patients}/vitals/latest`,
    { config: read, schema: { tags, params: idParams, response: { 200: latestVitals } } },
    (req) => service.latest(req.principal, req.params.id),
  );
  r.get(
    '/api/v1/vital-sets/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: vitalSet } } },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  r.post(
    '/api/v1/vital-sets/:id/entered-in-error',
    {
      config: write,
      schema: { tags, params: idParams, body: vitalSetErrorInput, response: { 200: vitalSet } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.enterInError(
          req.principal,
          req.params.id,
          requireIfMatch(req),
          req.body.reason,
        ),
      ),
  );
  registerScaleRoutes(app, service);
}

/** The patient's SpO2 scale; its ETag is the setting's version ("0" while never set). */
function registerScaleRoutes(app: FastifyInstance, service: VitalsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${patients}/spo2-scale`,
    { config: read, schema: { tags, params: idParams, response: { 200: spo2ScaleSetting } } },
    async (req, reply) => {
      const answer = await service.getScale(req.principal, req.params.id);
      void reply.header('etag', versionEtag(answer.version));
      return answer;
    },
  );
  r.put(
    `${patients}/spo2-scale`,
    {
      config: write,
      schema: {
        tags,
        params: idParams,
        body: setSpo2ScaleInput,
        response: { 200: spo2ScaleSetting },
      },
    },
    async (req, reply) => {
      const answer = await service.setScale(
        req.principal,
        req.params.id,
        requireIfMatch(req),
        req.body,
      );
      void reply.header('etag', versionEtag(answer.version));
      return answer;
    },
  );
}
