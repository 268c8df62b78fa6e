// Facility scope, one check for every module: a facility exists, is active and is one the
// user works in (a user limited to some facilities sees and manages only those). Facilities
// and departments are platform tables (migration 0001), read here with SQL.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db.js';
import { AppError, fieldError } from '../errors.js';
import type { Principal } from './principal.js';

export interface FacilityFacts {
  id: string;
  timeZone: string;
  isActive: boolean;
}

export async function findFacility(db: DbOrTx, id: string): Promise<FacilityFacts | null> {
  const { rows } = await db.execute<{ id: string; time_zone: string; is_active: boolean }>(
    sql`select id, time_zone, is_active from facility where id = ${id}`,
  );
  const row = rows[0];
  return row ? { id: row.id, timeZone: row.time_zone, isActive: row.is_active } : null;
}

/** The department's facility, or null when there is no such department. */
export async function findDepartmentFacility(db: DbOrTx, id: string): Promise<string | null> {
  const { rows } = await db.execute<{ facility_id: string }>(
    sql`select facility_id from department where id = ${id}`,
  );
  return rows[0]?.facility_id ?? null;
}

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
