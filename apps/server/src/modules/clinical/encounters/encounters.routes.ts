import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  addEncounterDiagnosisInput,
  createEncounterInput,
  encounterDetail,
  encounterEntries,
  encounterDiagnosisParams,
  encounterEnteredInErrorInput,
  encounterTimelinePage,
  encounterTimelineQuery,
  finishEncounterInput,
  idParams,
  orderEncounterDiagnosesInput,
  removeEncounterDiagnosisInput,
  updateEncounterInput,
} from '@meridian/contracts';
import { idempotencyClaimOf, markReplayed } from '../../../platform/http/idempotency.js';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createEncounterEpisodeListener } from './care-episode-listener.js';
import { createDiagnosisService } from './diagnoses.service.js';
import { createEncounterMergeHandler } from './encounter-merge.js';
import { createEncounterService } from './encounters.service.js';
import './encounters.errors.js';

const base = '/api/v1/encounters';
const tags = ['clinical'];

/**
 * Encounters: the patient's timeline, one encounter with its participants and diagnoses,
 * encounters started by hand (an emergency visit), their updates, finish and entered in
 * error, and diagnoses. Visits and stays open and close theirs through the care-episode
 * listener; the merge handler moves encounters to a merge's survivor.
 */
export function registerEncounterRoutes(app: FastifyInstance, platform: Platform): void {
  const unplug = [
    platform.careEpisodes.register(createEncounterEpisodeListener()),
    platform.patientMerge.register(createEncounterMergeHandler(platform)),
  ];
  // Unplugged when the app closes, so an app rebuilt on the same platform can plug them again.
  app.addHook('onClose', (_instance, done) => {
    for (const u of unplug) u();
    done();
  });
  registerEncounterReadRoutes(app, platform);
  registerEncounterWriteRoutes(app, platform);
  registerDiagnosisRoutes(app, platform);
}

function registerEncounterReadRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createEncounterService(platform);
  r.get(
    '/api/v1/patients/:id/encounters',
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        description: "The patient's encounters, newest first (cursor paged).",
        params: idParams,
        querystring: encounterTimelineQuery,
        response: { 200: encounterTimelinePage },
      },
    },
    (req) => service.timeline(req.principal, req.params.id, req.query),
  );
  r.get(
    `${base}/:id`,
    {
      config: { access: 'clinical.read' },
      schema: { tags, params: idParams, response: { 200: encounterDetail } },
    },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  r.get(
    `${base}/:id/entries`,
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        description:
          'What was recorded during the encounter (vitals, problems, allergies, medications, ' +
          'notes, lab orders, immunizations, procedures): the newest 100 and a count per kind.',
        params: idParams,
        response: { 200: encounterEntries },
      },
    },
    (req) => service.entries(req.principal, req.params.id),
  );
}

function registerEncounterWriteRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createEncounterService(platform);
  r.post(
    base,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        description: 'Starts an encounter by hand (emergency, ambulatory or virtual).',
        body: createEncounterInput,
        response: { 201: encounterDetail },
      },
    },
    async (req, reply) => {
      const answer = await service.create(req.principal, req.body, idempotencyClaimOf(req));
      if (answer.replayed) markReplayed(reply);
      void reply.status(answer.statusCode as 201).header('location', `${base}/${answer.body.id}`);
      return withEtag(reply, answer.body);
    },
  );
  r.patch(
    `${base}/:id`,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        description: 'Changes the reason or the participants; If-Match with its version.',
        params: idParams,
        body: updateEncounterInput,
        response: { 200: encounterDetail },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.update(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.post(
    `${base}/:id/finish`,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        description: 'Finishes an encounter started by hand; If-Match with its version.',
        params: idParams,
        body: finishEncounterInput,
        response: { 200: encounterDetail },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.finish(req.principal, req.params.id, requireIfMatch(req), req.body.endedAt),
      ),
  );
  r.post(
    `${base}/:id/entered-in-error`,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        description: 'Retires an encounter started by hand in error; If-Match with its version.',
        params: idParams,
        body: encounterEnteredInErrorInput,
        response: { 200: encounterDetail },
      },
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
}

function registerDiagnosisRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createDiagnosisService(platform);
  r.post(
    `${base}/:id/diagnoses`,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        description: 'Adds an ICD-10-CM diagnosis (a principal must be billable).',
        params: idParams,
        body: addEncounterDiagnosisInput,
        response: { 201: encounterDetail },
      },
    },
    async (req, reply) => {
      void reply.status(201);
      return withEtag(reply, await service.add(req.principal, req.params.id, req.body));
    },
  );
  r.put(
    `${base}/:id/diagnoses/order`,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        description: 'Sets the principal and the order of the secondaries (all active ones).',
        params: idParams,
        body: orderEncounterDiagnosesInput,
        response: { 200: encounterDetail },
      },
    },
    async (req, reply) =>
      withEtag(reply, await service.order(req.principal, req.params.id, req.body)),
  );
  r.post(
    `${base}/:id/diagnoses/:diagnosisId/entered-in-error`,
    {
      config: { access: 'clinical.write' },
      schema: {
        tags,
        description: 'Retires a diagnosis entered in error (kept, with the reason).',
        params: encounterDiagnosisParams,
        body: removeEncounterDiagnosisInput,
        response: { 200: encounterDetail },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.remove(req.principal, req.params.id, req.params.diagnosisId, req.body.reason),
      ),
  );
}
