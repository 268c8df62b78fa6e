// Lookups the calendar's use cases share: facilities, departments and staff users, read
// with SQL so that no other module's tables are imported.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';

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
