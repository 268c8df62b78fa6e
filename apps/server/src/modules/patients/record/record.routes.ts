import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createPatientBody,
  historyPage,
  idParams,
  pageQuery,
  patient,
  patientSsn,
  updatePatientBody,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { getPatientHistory } from '../history/patient-history.js';
import { registerImageRoutes, sendImage, uploadedImage } from '../image-upload.js';
import type { MatchService } from '../matching/match.types.js';
import { usePatientAccessPolicy } from './access-policy.js';
import { deletePhoto, getPhoto, putPhoto } from './patient-photo.js';
import { registerPractitionerRoutes } from './practitioners.routes.js';
import { getPatient, revealSsn } from './read-patient.js';
import { registerPatient } from './register-patient.js';
import { updatePatientRecord } from './update-patient.js';

/** Routes that declare a permission run only with a principal (the access hook saw to it). */
function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('a patient route ran without a principal');
  return req.principal;
}

/**
 * The patient record: registration (with the duplicate check), reading, full updates with
 * If-Match, the SSN reveal, the history and the photo. Also plugs the record-level access
 * policy (restricted flags, portal links) into the platform.
 */
export function registerRecordRoutes(
  app: FastifyInstance,
  platform: Platform,
  deps: { match: MatchService },
): void {
  usePatientAccessPolicy(app, platform.access);
  registerPractitionerRoutes(app, platform);
  const recordDeps = { platform, match: deps.match };
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['patients'];

  r.post(
    '/api/v1/patients',
    {
      config: { access: 'patient.write' },
      schema: { tags, body: createPatientBody, response: { 201: patient } },
    },
    async (req, reply) => {
      const created = await registerPatient(recordDeps, principalOf(req), req.body);
      void reply.status(201).header('location', `/api/v1/patients/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.get(
    '/api/v1/patients/:id',
    {
      config: { access: 'patient.read' },
      schema: { tags, params: idParams, response: { 200: patient } },
    },
    async (req, reply) =>
      withEtag(reply, await getPatient(platform, principalOf(req), req.params.id)),
  );
  r.put(
    '/api/v1/patients/:id',
    {
      config: { access: 'patient.write' },
      schema: { tags, params: idParams, body: updatePatientBody, response: { 200: patient } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await updatePatientRecord(
          recordDeps,
          principalOf(req),
          req.params.id,
          requireIfMatch(req),
          req.body,
        ),
      ),
  );
  r.get(
    '/api/v1/patients/:id/history',
    {
      config: { access: 'patient.read' },
      schema: { tags, params: idParams, querystring: pageQuery, response: { 200: historyPage } },
    },
    (req) => getPatientHistory(platform, principalOf(req), req.params.id, req.query),
  );
  r.get(
    '/api/v1/patients/:id/ssn',
    {
      config: { access: 'patient.ssn.read' },
      schema: { tags, params: idParams, response: { 200: patientSsn } },
    },
    (req) => revealSsn(platform, principalOf(req), req.params.id),
  );

  registerImageRoutes(app, (scope) => {
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.put(
      '/api/v1/patients/:id/photo',
      { config: { access: 'patient.write' }, schema: { tags, params: idParams } },
      async (req, reply) => {
        await putPhoto(platform, principalOf(req), req.params.id, uploadedImage(req));
        return reply.status(204).send();
      },
    );
    s.get(
      '/api/v1/patients/:id/photo',
      { config: { access: 'patient.read' }, schema: { tags, params: idParams } },
      async (req, reply) =>
        sendImage(reply, await getPhoto(platform, principalOf(req), req.params.id)),
    );
    s.delete(
      '/api/v1/patients/:id/photo',
      { config: { access: 'patient.write' }, schema: { tags, params: idParams } },
      async (req, reply) => {
        await deletePhoto(platform, principalOf(req), req.params.id);
        return reply.status(204).send();
      },
    );
  });
}
