import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createPayerBody,
  createPlanBody,
  idParams,
  listPayersQuery,
  payer,
  payerList,
  plan,
  planList,
  updatePayerBody,
  updatePlanBody,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { PayerService } from './payer.service.js';

/** The payer directory: read by anyone who reads patients, kept by payer managers. */
export function registerPayerRoutes(app: FastifyInstance, service: PayerService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payers'];

  r.get(
    '/api/v1/payers',
    {
      config: { access: 'patient.read' },
      schema: { tags, querystring: listPayersQuery, response: { 200: payerList } },
    },
    async (req) => ({ items: await service.listPayers(req.query) }),
  );
  r.post(
    '/api/v1/payers',
    {
      config: { access: 'payer.manage' },
      schema: { tags, body: createPayerBody, response: { 201: payer } },
    },
    async (req, reply) => {
      const created = await service.createPayer(req.body);
      void reply.status(201).header('location', `/api/v1/payers/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.get(
    '/api/v1/payers/:id',
    {
      config: { access: 'patient.read' },
      schema: { tags, params: idParams, response: { 200: payer } },
    },
    async (req, reply) => withEtag(reply, await service.getPayer(req.params.id)),
  );
  r.patch(
    '/api/v1/payers/:id',
    {
      config: { access: 'payer.manage' },
      schema: { tags, params: idParams, body: updatePayerBody, response: { 200: payer } },
    },
    async (req, reply) =>
      withEtag(reply, await service.updatePayer(req.params.id, requireIfMatch(req), req.body)),
  );

  r.get(
    '/api/v1/payers/:id/plans',
    {
      config: { access: 'patient.read' },
      schema: { tags, params: idParams, response: { 200: planList } },
    },
    async (req) => ({ items: await service.listPlans(req.params.id) }),
  );
  r.post(
    '/api/v1/payers/:id/plans',
    {
      config: { access: 'payer.manage' },
      schema: { tags, params: idParams, body: createPlanBody, response: { 201: plan } },
    },
    async (req, reply) =>
      withEtag(reply.status(201), await service.createPlan(req.params.id, req.body)),
  );
  r.patch(
    '/api/v1/plans/:id',
    {
      config: { access: 'payer.manage' },
      schema: { tags, params: idParams, body: updatePlanBody, response: { 200: plan } },
    },
    async (req, reply) =>
      withEtag(reply, await service.updatePlan(req.params.id, requireIfMatch(req), req.body)),
  );
}
