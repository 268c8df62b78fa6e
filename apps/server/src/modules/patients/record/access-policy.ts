import { and, eq, inArray, or } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AccessService, PatientAccessPolicy } from '../../../platform/auth/access.js';
import { patient, patientPortalLink } from '../patients.tables.js';

/** The platform's record-level access, told which records are restricted and linked. */
export const patientAccessPolicy: PatientAccessPolicy = {
  async restrictedPatientIds(tx, ids) {
    if (ids.length === 0) return new Set();
    const rows = await tx
      .select({ id: patient.id })
      .from(patient)
      .where(
        and(
          inArray(patient.id, [...ids]),
          or(patient.flagVip, patient.flagEmployee, patient.flagConfidential),
        ),
      );
    return new Set(rows.map((r) => r.id));
  },
  async linkedPatientIds(tx, userId) {
    const rows = await tx
      .select({ id: patientPortalLink.patientId })
      .from(patientPortalLink)
      .where(eq(patientPortalLink.userId, userId));
    return new Set(rows.map((r) => r.id));
  },
};

// Apps built on one platform share its access service, which holds one policy. Counting the
// apps lets a second app on the same platform (or a rebuild after close) reuse the
// registration instead of tripping the service's "already registered" guard.
const registrations = new WeakMap<AccessService, { apps: number; remove: () => void }>();

/** Plugs the policy in for as long as `app` is open. */
export function usePatientAccessPolicy(app: FastifyInstance, access: AccessService): void {
  const current = registrations.get(access);
  if (current) current.apps += 1;
  else {
    registrations.set(access, {
      apps: 1,
      remove: access.registerPatientAccessPolicy(patientAccessPolicy),
    });
  }
  app.addHook('onClose', (_instance, done) => {
    const held = registrations.get(access);
    if (held && --held.apps === 0) {
      held.remove();
      registrations.delete(access);
    }
    done();
  });
}

/**
 * Takes the patients module's policy out of `access` (until the next app registers it), for
 * tests of the access service that plug in a policy of their own.
 */
export function releasePatientAccessPolicy(access: AccessService): void {
  registrations.get(access)?.remove();
  registrations.delete(access);
}
