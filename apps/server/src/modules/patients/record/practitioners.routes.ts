import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { practitionerList, type PractitionerList } from '@meridian/contracts';
import { userAccount, userRole } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';

/**
 * The staff a patient's primary care practitioner may be chosen from: the same rule the
 * registration checks (an active staff user with the physician role), so the picker never
 * offers someone the save would refuse.
 */
export async function listPractitioners(db: DbOrTx): Promise<PractitionerList> {
  const items = await db
    .select({ id: userAccount.id, displayName: userAccount.displayName })
    .from(userAccount)
    .innerJoin(userRole, eq(userRole.userId, userAccount.id))
    .where(
      and(
        eq(userAccount.kind, 'staff'),
        eq(userAccount.status, 'active'),
        eq(userRole.role, 'physician'),
      ),
    )
    .orderBy(asc(userAccount.displayName), asc(userAccount.id));
  return { items };
}

/** GET /api/v1/practitioners: no patient data, so nothing to audit. */
export function registerPractitionerRoutes(app: FastifyInstance, platform: Platform): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/practitioners',
    {
      config: { access: 'patient.read' },
      schema: { tags: ['patients'], response: { 200: practitionerList } },
    },
    () => listPractitioners(platform.db),
  );
}
