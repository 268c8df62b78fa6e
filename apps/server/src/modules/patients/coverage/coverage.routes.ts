import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  coverage,
  coverageCardParams,
  coverageList,
  coverageParams,
  createCoverageBody,
  idParams,
  imageContentTypes,
  setCoverageStatusBody,
  updateCoverageBody,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { registerImageRoutes, sendImage, uploadedImage } from '../image-upload.js';
import { createCoverageCardService, type CoverageCardService } from './coverage-card.service.js';
import { createCoverageMergeHandler } from './coverage-merge.js';
import { createCoverageService, type CoverageService } from './coverage.service.js';
import { registerPayerRoutes } from './payer.routes.js';
import { createPayerService } from './payer.service.js';

/**
 * Payers and plans, each patient's coverages and their card images; and the coverage
 * handler of patient merges.
 */
export function registerCoverageRoutes(app: FastifyInstance, platform: Platform): void {
  registerPayerRoutes(app, createPayerService(platform));
  registerPatientCoverageRoutes(app, createCoverageService(platform));
  const cards = createCoverageCardService(platform);
  registerImageRoutes(app, (scope) => registerCardRoutes(scope, cards));
  // Unplugged when the app closes, so an app rebuilt on the same platform can plug it again.
  const unregister = platform.patientMerge.register(createCoverageMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

function registerPatientCoverageRoutes(app: FastifyInstance, service: CoverageService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['coverage'];

  r.get(
    '/api/v1/patients/:id/coverages',
    {
      config: { access: 'patient.read' },
      schema: { tags, params: idParams, response: { 200: coverageList } },
    },
    async (req) => ({ items: await service.listCoverages(req.principal, req.params.id) }),
  );
  r.post(
    '/api/v1/patients/:id/coverages',
    {
      config: { access: 'patient.write' },
      schema: { tags, params: idParams, body: createCoverageBody, response: { 201: coverage } },
    },
    async (req, reply) => {
      const created = await service.addCoverage(req.principal, req.params.id, req.body);
      void reply
        .status(201)
        .header('location', `/api/v1/patients/${created.patientId}/coverages/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.put(
    '/api/v1/patients/:id/coverages/:coverageId',
    {
      config: { access: 'patient.write' },
      schema: {
        tags,
        params: coverageParams,
        body: updateCoverageBody,
        response: { 200: coverage },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.replaceCoverage(
          req.principal,
          req.params.id,
          req.params.coverageId,
          requireIfMatch(req),
          req.body,
        ),
      ),
  );
  r.post(
    '/api/v1/patients/:id/coverages/:coverageId/status',
    {
      config: { access: 'patient.write' },
      schema: {
        tags,
        params: coverageParams,
        body: setCoverageStatusBody,
        response: { 200: coverage },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.setCoverageStatus(
          req.principal,
          req.params.id,
          req.params.coverageId,
          requireIfMatch(req),
          req.body,
        ),
      ),
  );
}

/** The card images, in the image scope: raw image bodies in, image bytes out. */
function registerCardRoutes(app: FastifyInstance, service: CoverageCardService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['coverage'];
  const path = '/api/v1/patients/:id/coverages/:coverageId/card/:side';

  r.put(
    path,
    {
      config: { access: 'patient.write' },
      schema: {
        tags,
        description: `The image itself as the body: ${imageContentTypes.join(', ')}; If-Match.`,
        consumes: [...imageContentTypes],
        params: coverageCardParams,
        response: { 200: coverage },
      },
    },
    async (req, reply) => {
      const { id, coverageId, side } = req.params;
      const expectedVersion = requireIfMatch(req);
      const image = uploadedImage(req);
      const ref = { patientId: id, coverageId, side };
      return withEtag(reply, await service.putCard(req.principal, ref, expectedVersion, image));
    },
  );
  r.get(
    path,
    {
      config: { access: 'patient.read' },
      schema: {
        tags,
        description: 'The image bytes, with the content type they were stored as.',
        produces: [...imageContentTypes],
        params: coverageCardParams,
      },
    },
    async (req, reply) => {
      const { id, coverageId, side } = req.params;
      return sendImage(
        reply,
        await service.getCard(req.principal, { patientId: id, coverageId, side }),
      );
    },
  );
}
