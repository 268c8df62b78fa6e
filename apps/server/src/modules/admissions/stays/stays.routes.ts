import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  admitInput,
  arriveInput,
  correctionInput,
  dischargeInput,
  dischargeOrderInput,
  idParams,
  leaveInput,
  returnInput,
  stay,
  stayDetail,
  stayPage,
  stayQuery,
  swapInput,
  transferInput,
} from '@meridian/contracts';
import { idempotencyClaimOf, markReplayed } from '../../../platform/http/idempotency.js';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createStayMergeHandler } from './stay-merge.js';
import { createStayService, type StayService } from './stays.service.js';

/** If-Match is optional on stay steps: checked when the client edits a version it saw. */
function ifMatch(req: FastifyRequest): number | undefined {
  return req.headers['if-match'] === undefined ? undefined : requireIfMatch(req);
}

const swapAnswer = z.object({ items: z.array(stay) });

/**
 * Inpatient stays from pre-admission to discharge: admit (idempotent), arrive, transfer,
 * swap, leave and return, discharge order and discharge, corrections (cancel, undo
 * discharge), list and read. The merge handler moves stays to a merge's survivor.
 */
export function registerStayRoutes(app: FastifyInstance, platform: Platform): void {
  registerRoutes(app, createStayService(platform));
  // Unplugged when the app closes, so an app rebuilt on the same platform can plug it again.
  const unregister = platform.patientMerge.register(createStayMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

const base = '/api/v1/admissions';
const tags = ['admissions'];

function registerRoutes(app: FastifyInstance, service: StayService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    base,
    {
      config: { access: 'admission.write' },
      schema: { tags, body: admitInput, response: { 201: stay } },
    },
    async (req, reply) => {
      const answer = await service.admit(req.principal, req.body, idempotencyClaimOf(req));
      if (answer.replayed) markReplayed(reply);
      void reply.status(answer.statusCode as 201).header('location', `${base}/${answer.body.id}`);
      return withEtag(reply, answer.body);
    },
  );
  r.post(
    `${base}/swap`,
    {
      config: { access: 'admission.write' },
      schema: { tags, body: swapInput, response: { 200: swapAnswer } },
    },
    async (req) => ({ items: await service.swap(req.principal, req.body) }),
  );
  r.get(
    base,
    {
      config: { access: 'admission.read' },
      schema: { tags, querystring: stayQuery, response: { 200: stayPage } },
    },
    (req) => service.list(req.principal, req.query),
  );
  r.get(
    `${base}/:id`,
    {
      config: { access: 'admission.read' },
      schema: { tags, params: idParams, response: { 200: stayDetail } },
    },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  registerSteps(app, service);
}

/** The steps on one stay: each answers the stay with its new ETag. */
function registerSteps(app: FastifyInstance, service: StayService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const write = { access: 'admission.write' } as const;
  const correct = { access: 'admission.correct' } as const;
  const schema = <B extends z.ZodType>(body: B) => ({
    tags,
    params: idParams,
    body,
    response: { 200: stay },
  });

  r.post(`${base}/:id/admit`, { config: write, schema: schema(arriveInput) }, async (req, reply) =>
    withEtag(reply, await service.arrive(req.principal, req.params.id, ifMatch(req), req.body)),
  );
  r.post(
    `${base}/:id/transfer`,
    { config: write, schema: schema(transferInput) },
    async (req, reply) =>
      withEtag(reply, await service.transfer(req.principal, req.params.id, ifMatch(req), req.body)),
  );
  r.post(`${base}/:id/leave`, { config: write, schema: schema(leaveInput) }, async (req, reply) =>
    withEtag(reply, await service.startLeave(req.principal, req.params.id, ifMatch(req), req.body)),
  );
  r.post(`${base}/:id/return`, { config: write, schema: schema(returnInput) }, async (req, reply) =>
    withEtag(reply, await service.endLeave(req.principal, req.params.id, ifMatch(req), req.body)),
  );
  r.post(
    `${base}/:id/discharge-order`,
    { config: write, schema: schema(dischargeOrderInput) },
    async (req, reply) =>
      withEtag(
        reply,
        await service.orderDischarge(req.principal, req.params.id, ifMatch(req), req.body),
      ),
  );
  r.delete(
    `${base}/:id/discharge-order`,
    { config: write, schema: { tags, params: idParams, response: { 200: stay } } },
    async (req, reply) =>
      withEtag(
        reply,
        await service.cancelDischargeOrder(req.principal, req.params.id, ifMatch(req)),
      ),
  );
  r.post(
    `${base}/:id/discharge`,
    { config: write, schema: schema(dischargeInput) },
    async (req, reply) =>
      withEtag(
        reply,
        await service.discharge(req.principal, req.params.id, ifMatch(req), req.body),
      ),
  );
  r.post(
    `${base}/:id/cancel`,
    { config: correct, schema: schema(correctionInput) },
    async (req, reply) =>
      withEtag(
        reply,
        await service.cancel(req.principal, req.params.id, ifMatch(req), req.body.reason),
      ),
  );
  r.post(
    `${base}/:id/undo-discharge`,
    { config: correct, schema: schema(correctionInput) },
    async (req, reply) =>
      withEtag(
        reply,
        await service.undoDischarge(req.principal, req.params.id, ifMatch(req), req.body.reason),
      ),
  );
}
