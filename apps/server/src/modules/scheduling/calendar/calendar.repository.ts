// Lookups the calendar's use cases share: facilities, departments and staff users, read
// with SQL so that no other module's tables are imported.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';

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

export interface UserFacts {
  kind: 'staff' | 'patient';
  status: string;
}

export async function findUser(db: DbOrTx, id: string): Promise<UserFacts | null> {
  const { rows } = await db.execute<{ kind: 'staff' | 'patient'; status: string }>(
    sql`select kind, status from user_account where id = ${id}`,
  );
  return rows[0] ?? null;
}
