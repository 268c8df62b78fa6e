import { and, desc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { breakGlassGrant } from '../../platform/audit/audit.tables.js';
import { userAccount } from '../../platform/auth/auth.tables.js';

export interface GrantRow {
  id: string;
  userId: string;
  userEmail: string;
  userDisplayName: string;
  patientId: string;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
}

export interface GrantFilters {
  /** true: unexpired at `now`; false: expired at `now`. */
  isActive?: boolean;
  userId?: string;
  patientId?: string;
}

export async function insertGrant(
  db: DbOrTx,
  grant: Omit<GrantRow, 'userEmail' | 'userDisplayName'>,
): Promise<void> {
  await db.insert(breakGlassGrant).values(grant);
}

/** Grants newest-first by (grantedAt, id), after the `after` pair when given. */
export async function findGrants(
  db: DbOrTx,
  filters: GrantFilters,
  page: { now: Date; after?: { grantedAt: Date; id: string }; limit: number },
): Promise<GrantRow[]> {
  const conds: SQL[] = [];
  if (filters.isActive === true) conds.push(gt(breakGlassGrant.expiresAt, page.now));
  if (filters.isActive === false) conds.push(lte(breakGlassGrant.expiresAt, page.now));
  if (filters.userId) conds.push(eq(breakGlassGrant.userId, filters.userId));
  if (filters.patientId) conds.push(eq(breakGlassGrant.patientId, filters.patientId));
  if (page.after) {
    conds.push(
      sql`(${breakGlassGrant.grantedAt}, ${breakGlassGrant.id}) < (${page.after.grantedAt.toISOString()}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  return db
    .select({
      id: breakGlassGrant.id,
      userId: breakGlassGrant.userId,
      userEmail: userAccount.email,
      userDisplayName: userAccount.displayName,
      patientId: breakGlassGrant.patientId,
      reason: breakGlassGrant.reason,
      grantedAt: breakGlassGrant.grantedAt,
      expiresAt: breakGlassGrant.expiresAt,
    })
    .from(breakGlassGrant)
    .innerJoin(userAccount, eq(userAccount.id, breakGlassGrant.userId))
    .where(and(...conds))
    .orderBy(desc(breakGlassGrant.grantedAt), desc(breakGlassGrant.id))
    .limit(page.limit);
}
