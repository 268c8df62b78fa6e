// The facility checks places and census share: it exists, is active and is one the user
// works in (a user limited to some facilities sees and manages only those).
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { findFacility, type FacilityFacts } from './places.repository.js';

/** Refuses a facility outside the user's facilities (principal.facilityIds). */
export function requireFacilityScope(principal: Principal | null, facilityId: string): void {
  if (!principal?.facilityIds.includes(facilityId)) {
    throw new AppError(
      'access.forbidden',
      `facility ${facilityId} is not one of the facilities you work in`,
    );
  }
}

/** The facility named at `path`: it must exist, be active and be in the user's scope. */
export async function openFacility(
  db: DbOrTx,
  principal: Principal | null,
  facilityId: string,
  path = 'facilityId',
): Promise<FacilityFacts> {
  const facility = await findFacility(db, facilityId);
  if (!facility) throw fieldError(path, 'not_found', 'no such facility');
  if (!facility.isActive) throw fieldError(path, 'inactive', 'the facility is not active');
  requireFacilityScope(principal, facilityId);
  return facility;
}
