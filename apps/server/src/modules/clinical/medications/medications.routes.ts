import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  checkResult,
  homeMedication,
  homeMedicationInput,
  homeMedicationList,
  idParams,
  medicationListQuery,
  overrideRateList,
  overrideRateQuery,
  patientParams,
  prescription,
  prescriptionDetail,
  prescriptionEdit,
  prescriptionInput,
  prescriptionPage,
  reviseInput,
  signInput,
  statusChangeInput,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { registerCatalogueRoutes } from './catalogue/catalogue.routes.js';
import { registerMarRoutes } from './mar/mar.routes.js';
import { createMedicationMergeHandler } from './medication-merge.js';
import {
  endHomeMedication,
  listHomeMedications,
  recordHomeMedication,
} from './home/home-medications.js';
import {
  getPrescription,
  listPrescriptions,
  overrideRates,
} from './prescribing/read-prescriptions.js';
import { checkPrescription, signPrescription } from './prescribing/sign-prescription.js';
import {
  createPrescriptionDraft,
  editPrescriptionDraft,
  endPrescription,
  revisePrescription,
} from './prescribing/write-prescription.js';

const tags = ['medications'];

function ifMatch(req: FastifyRequest): number | undefined {
  return req.headers['if-match'] === undefined ? undefined : requireIfMatch(req);
}

/**
 * Medications: the drug catalogue (loaded from ./data after the migrations), home
 * medications, prescriptions with decision support at signing, override rates, and the
 * administration record of inpatients (mar/). The merge handler moves them all to a merge's
 * survivor.
 */
export function registerMedicationRoutes(app: FastifyInstance, platform: Platform): void {
  registerCatalogueRoutes(app, platform);
  registerPrescriptionRoutes(app, platform);
  registerPrescriptionSteps(app, platform);
  registerHomeMedicationRoutes(app, platform);
  registerMarRoutes(app, platform);
  const unregister = platform.patientMerge.register(createMedicationMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

function registerPrescriptionRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/patients/:patientId/prescriptions',
    {
      config: { access: 'prescription.write' },
      schema: {
        tags,
        params: patientParams,
        body: prescriptionInput,
        response: { 201: prescription },
      },
    },
    async (req, reply) => {
      const body = await createPrescriptionDraft(
        platform,
        req.principal,
        req.params.patientId,
        req.body,
      );
      void reply.status(201).header('location', `/api/v1/prescriptions/${body.id}`);
      return withEtag(reply, body);
    },
  );
  r.get(
    '/api/v1/patients/:patientId/prescriptions',
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        params: patientParams,
        querystring: medicationListQuery,
        response: { 200: prescriptionPage },
      },
    },
    (req) => listPrescriptions(platform, req.principal, req.params.patientId, req.query),
  );
  r.get(
    '/api/v1/prescriptions/:id',
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, response: { 200: prescriptionDetail } },
    },
    async (req, reply) =>
      withEtag(reply, await getPrescription(platform, req.principal, req.params.id)),
  );
  r.put(
    '/api/v1/prescriptions/:id',
    {
      config: { access: 'prescription.write' },
      schema: { tags, params: idParams, body: prescriptionEdit, response: { 200: prescription } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await editPrescriptionDraft(
          platform,
          req.principal,
          req.params.id,
          requireIfMatch(req),
          req.body,
        ),
      ),
  );
  r.get(
    '/api/v1/medication-alerts/override-rates',
    {
      config: { access: 'report.read' },
      schema: { tags, querystring: overrideRateQuery, response: { 200: overrideRateList } },
    },
    async (req) => ({ items: await overrideRates(platform, req.query) }),
  );
}

/** Steps on one prescription: check, sign, modify, renew, stop, entered in error. */
function registerPrescriptionSteps(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const write = { access: 'prescription.write' } as const;
  r.post(
    '/api/v1/prescriptions/:id/check',
    { config: write, schema: { tags, params: idParams, response: { 200: checkResult } } },
    (req) => checkPrescription(platform, req.principal, req.params.id),
  );
  r.post(
    '/api/v1/prescriptions/:id/sign',
    {
      config: write,
      schema: { tags, params: idParams, body: signInput, response: { 200: prescription } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await signPrescription(platform, req.principal, req.params.id, req.body.overrides),
      ),
  );
  for (const kind of ['modify', 'renew'] as const) {
    r.post(
      `/api/v1/prescriptions/:id/${kind}`,
      {
        config: write,
        schema: { tags, params: idParams, body: reviseInput, response: { 201: prescription } },
      },
      async (req, reply) => {
        const body = await revisePrescription(
          platform,
          req.principal,
          req.params.id,
          kind,
          req.body,
        );
        void reply.status(201).header('location', `/api/v1/prescriptions/${body.id}`);
        return withEtag(reply, body);
      },
    );
  }
  const ends = { stop: 'stopped', 'entered-in-error': 'entered_in_error' } as const;
  for (const [step, to] of Object.entries(ends)) {
    r.post(
      `/api/v1/prescriptions/:id/${step}`,
      {
        config: write,
        schema: {
          tags,
          params: idParams,
          body: statusChangeInput,
          response: { 200: prescription },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await endPrescription(platform, req.principal, req.params.id, {
            expectedVersion: ifMatch(req),
            reason: req.body.reason,
            to,
          }),
        ),
    );
  }
}

function registerHomeMedicationRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/patients/:patientId/home-medications',
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        params: patientParams,
        body: homeMedicationInput,
        response: { 201: homeMedication },
      },
    },
    async (req, reply) => {
      const body = await recordHomeMedication(
        platform,
        req.principal,
        req.params.patientId,
        req.body,
      );
      void reply.status(201);
      return withEtag(reply, body);
    },
  );
  r.get(
    '/api/v1/patients/:patientId/home-medications',
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: patientParams, response: { 200: homeMedicationList } },
    },
    async (req) => ({
      items: await listHomeMedications(platform, req.principal, req.params.patientId),
    }),
  );
  const ends = { stop: 'stopped', 'entered-in-error': 'entered_in_error' } as const;
  for (const [step, to] of Object.entries(ends)) {
    r.post(
      `/api/v1/home-medications/:id/${step}`,
      {
        config: { access: 'clinical.write' },
        schema: {
          tags,
          params: idParams,
          body: statusChangeInput,
          response: { 200: homeMedication },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await endHomeMedication(platform, req.principal, req.params.id, {
            expectedVersion: ifMatch(req),
            reason: req.body.reason,
            to,
          }),
        ),
    );
  }
}
