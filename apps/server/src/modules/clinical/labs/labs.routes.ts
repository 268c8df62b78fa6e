import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  idParams,
  labAcknowledgeInput,
  labAmendInput,
  labCancelInput,
  labCatalogue,
  labCatalogueQuery,
  labCollectInput,
  labCriticalPage,
  labCriticalQuery,
  labCumulative,
  labCumulativeParams,
  labCumulativeQuery,
  labOrder,
  labOrderInput,
  labOrderPage,
  labOrderQuery,
  labResult,
  labResultHistory,
  labResultsInput,
  labSeries,
  labSeriesQuery,
  labWorklistPage,
  labWorklistQuery,
} from '@meridian/contracts';
import { idempotencyClaimOf, markReplayed } from '../../../platform/http/idempotency.js';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createLabMergeHandler } from './lab-merge.js';
import { createLabService, type LabService } from './labs.service.js';
import './labs.errors.js';
// Jobs are defined at import time, so a worker-only process knows them too.
import './labs.jobs.js';

/** If-Match is optional on lab steps: checked when the client acts on a version it saw. */
function ifMatch(req: FastifyRequest): number | undefined {
  return req.headers['if-match'] === undefined ? undefined : requireIfMatch(req);
}

const tags = ['labs'];
const orders = '/api/v1/lab-orders';

/**
 * Lab orders and results: the catalogue, orders (create idempotently, list, read, collect,
 * cancel), result entry and amendment with history, critical results' acknowledgement and
 * list, the lab's worklist, and a patient's cumulative results and trends.
 */
export function registerLabRoutes(app: FastifyInstance, platform: Platform): void {
  const service = createLabService(platform);
  registerOrderRoutes(app, service);
  registerResultRoutes(app, service);
  const unregister = platform.patientMerge.register(createLabMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

function registerOrderRoutes(app: FastifyInstance, service: LabService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/lab-tests',
    {
      config: { access: 'clinical.read' },
      schema: { tags, querystring: labCatalogueQuery, response: { 200: labCatalogue } },
    },
    (req) => service.catalogue(req.query),
  );
  r.post(
    orders,
    {
      config: { access: 'order.write' },
      schema: { tags, body: labOrderInput, response: { 201: labOrder } },
    },
    async (req, reply) => {
      const answer = await service.order(req.principal, req.body, idempotencyClaimOf(req));
      if (answer.replayed) markReplayed(reply);
      void reply.status(answer.statusCode as 201).header('location', `${orders}/${answer.body.id}`);
      return withEtag(reply, answer.body);
    },
  );
  r.get(
    orders,
    {
      config: { access: 'clinical.read' },
      schema: { tags, querystring: labOrderQuery, response: { 200: labOrderPage } },
    },
    (req) => service.list(req.principal, req.query),
  );
  r.get(
    `${orders}/:id`,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, response: { 200: labOrder } },
    },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  // Collection by the lab, a nurse or a physician at the bedside.
  r.post(
    `${orders}/:id/collect`,
    {
      config: { access: 'specimen.collect' },
      schema: { tags, params: idParams, body: labCollectInput, response: { 200: labOrder } },
    },
    async (req, reply) =>
      withEtag(reply, await service.collect(req.principal, req.params.id, ifMatch(req), req.body)),
  );
  r.post(
    `${orders}/:id/cancel`,
    {
      config: { access: 'order.write' },
      schema: { tags, params: idParams, body: labCancelInput, response: { 200: labOrder } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.cancel(req.principal, req.params.id, ifMatch(req), req.body.reason),
      ),
  );
  r.get(
    '/api/v1/lab-worklist',
    {
      config: { access: 'result.write' },
      schema: { tags, querystring: labWorklistQuery, response: { 200: labWorklistPage } },
    },
    (req) => service.worklist(req.principal, req.query),
  );
}

function registerResultRoutes(app: FastifyInstance, service: LabService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    `${orders}/:id/results`,
    {
      config: { access: 'result.write' },
      schema: { tags, params: idParams, body: labResultsInput, response: { 200: labOrder } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.enterResults(req.principal, req.params.id, ifMatch(req), req.body),
      ),
  );
  r.post(
    '/api/v1/lab-results/:id/amend',
    {
      config: { access: 'result.write' },
      schema: { tags, params: idParams, body: labAmendInput, response: { 200: labResult } },
    },
    async (req, reply) =>
      withEtag(reply, await service.amend(req.principal, req.params.id, ifMatch(req), req.body)),
  );
  r.get(
    '/api/v1/lab-results/:id/history',
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, response: { 200: labResultHistory } },
    },
    (req) => service.history(req.principal, req.params.id),
  );
  r.get(
    '/api/v1/lab-critical-alerts',
    {
      config: { access: 'clinical.read' },
      schema: { tags, querystring: labCriticalQuery, response: { 200: labCriticalPage } },
    },
    (req) => service.criticalAlerts(req.principal, req.query),
  );
  r.post(
    '/api/v1/lab-critical-alerts/:id/acknowledge',
    {
      config: { access: 'clinical.write' },
      schema: { tags, params: idParams, body: labAcknowledgeInput, response: { 200: labResult } },
    },
    async (req) => service.acknowledge(req.principal, req.params.id, req.body.note),
  );
  r.get(
    '/api/v1/patients/:id/lab-results/cumulative',
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        params: labCumulativeParams,
        querystring: labCumulativeQuery,
        response: { 200: labCumulative },
      },
    },
    (req) => service.cumulative(req.principal, req.params.id, req.query),
  );
  r.get(
    '/api/v1/patients/:id/lab-results/series',
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        params: labCumulativeParams,
        querystring: labSeriesQuery,
        response: { 200: labSeries },
      },
    },
    (req) => service.series(req.principal, req.params.id, req.query),
  );
}
