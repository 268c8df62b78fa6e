import type { Permission } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';

/**
 * The patient exists and the principal may reach it with `permission` (denials audited by
 * requireAccess). A missing patient answers the same 404 as an unreachable one.
 */
export async function openPatient(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string,
  permission: Permission,
  o: { lock?: boolean } = {},
) {
  const standing = await findPatientStanding(tx, patientId, o);
  if (!standing) throw notFound('patient', patientId);
  await platform.access.requireAccess(tx, principal, permission, [patientId]);
  return standing;
}

/**
 * For a write: share-locked so a merge cannot retire the record before we commit, and not
 * merged away (new clinical entries belong on the survivor).
 */
export async function openPatientForWrite(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string,
): Promise<void> {
  const standing = await openPatient(platform, tx, principal, patientId, 'clinical.write', {
    lock: true,
  });
  if (standing.status === 'merged') {
    throw new AppError(
      'patient.merged',
      `patient ${patientId} was merged into ${standing.mergedIntoId ?? 'another record'}`,
      { mergedIntoId: standing.mergedIntoId },
    );
  }
}
