import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  mergePatientsBody,
  mergePreview,
  mergePreviewBody,
  mergeResult,
} from '@meridian/contracts';
import type { MergeRegistry } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import { createMergeService } from './merge.service.js';
import { createPatientRecordMergeHandler } from './patient-record.merge-handler.js';

// Apps built on one platform share its merge registry, where a name is taken once: count
// the apps so the handler stays registered while any of them is open.
const registrations = new WeakMap<MergeRegistry, { apps: number; remove: () => void }>();

function useRecordHandler(app: FastifyInstance, platform: Platform): void {
  const registry = platform.patientMerge;
  const current = registrations.get(registry);
  if (current) current.apps += 1;
  else {
    const handler = createPatientRecordMergeHandler({ encryptor: platform.encryptor });
    registrations.set(registry, { apps: 1, remove: registry.register(handler) });
  }
  app.addHook('onClose', (_instance, done) => {
    const held = registrations.get(registry);
    if (held && --held.apps === 0) {
      held.remove();
      registrations.delete(registry);
    }
    done();
  });
}

/** The merge tool's two routes; this module's own rows join the merge through its handler. */
export function registerMergeRoutes(app: FastifyInstance, platform: Platform): void {
  useRecordHandler(app, platform);
  const service = createMergeService(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['patients'];

  r.post(
    '/api/v1/patients/merge/preview',
    {
      config: { access: 'patient.merge' },
      schema: { tags, body: mergePreviewBody, response: { 200: mergePreview } },
    },
    (req) => service.previewMerge(req.principal, req.body),
  );
  r.post(
    '/api/v1/patients/merge',
    {
      config: { access: 'patient.merge' },
      schema: { tags, body: mergePatientsBody, response: { 200: mergeResult } },
    },
    (req) => service.mergePatients(req.principal, req.body),
  );
}
