import { and, asc, eq, exists, ilike, isNull, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Role } from '@meridian/contracts';
import type { DbOrTx } from '../../platform/db.js';
import {
  loginThrottle,
  mfaRecoveryCode,
  userAccount,
  userFacility,
  userRole,
  userSession,
} from '../../platform/auth/auth.tables.js';

/** A user as administrators see it: the account, its roles and facilities, lock and MFA. */
export interface UserRecord {
  id: string;
  email: string;
  kind: 'staff' | 'patient';
  displayName: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  mfaEnrolled: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  version: number;
  roles: Role[];
  facilityIds: string[];
  /** The list's sort key: the display name as PostgreSQL lower-cases it. */
  sortName: string;
}

export interface UserListFilter {
  q?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'disabled' | undefined;
  facilityId?: string | undefined;
  /** Resume after this sort key (lower-cased display name, id). */
  after?: { name: string; id: string } | undefined;
  limit: number;
}

const sortName = sql<string>`lower(${userAccount.displayName})`;

function selectUsers(db: DbOrTx) {
  return db
    .select({
      id: userAccount.id,
      email: userAccount.email,
      kind: userAccount.kind,
      displayName: userAccount.displayName,
      status: userAccount.status,
      mustChangePassword: userAccount.mustChangePassword,
      mfaEnrolled: sql<boolean>`${userAccount.totpEnrolledAt} is not null`,
      lockedUntil: loginThrottle.lockedUntil,
      lastLoginAt: userAccount.lastLoginAt,
      createdAt: userAccount.createdAt,
      version: userAccount.version,
      sortName,
      roles: sql<Role[]>`coalesce((select array_agg(r.role) from user_role r
        where r.user_id = ${userAccount.id}), '{}')`,
      facilityIds: sql<
        string[]
      >`coalesce((select array_agg(f.facility_id::text order by f.facility_id)
        from user_facility f where f.user_id = ${userAccount.id}), '{}')`,
    })
    .from(userAccount)
    .leftJoin(loginThrottle, eq(loginThrottle.email, userAccount.email));
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRecord | null> {
  const rows = await selectUsers(db).where(eq(userAccount.id, id));
  return rows[0] ?? null;
}

export function listUsers(db: DbOrTx, f: UserListFilter): Promise<UserRecord[]> {
  return selectUsers(db)
    .where(
      and(
        f.q
          ? or(
              ilike(userAccount.displayName, containsPattern(f.q)),
              ilike(userAccount.email, containsPattern(f.q)),
            )
          : undefined,
        f.status ? eq(userAccount.status, f.status) : undefined,
        f.role
          ? exists(
              db
                .select({ one: sql`1` })
                .from(userRole)
                .where(and(eq(userRole.userId, userAccount.id), eq(userRole.role, f.role))),
            )
          : undefined,
        f.facilityId
          ? exists(
              db
                .select({ one: sql`1` })
                .from(userFacility)
                .where(
                  and(
                    eq(userFacility.userId, userAccount.id),
                    eq(userFacility.facilityId, f.facilityId),
                  ),
                ),
            )
          : undefined,
        f.after
          ? sql`(${sortName}, ${userAccount.id}) > (${f.after.name}, ${f.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(sortName), asc(userAccount.id))
    .limit(f.limit);
}

/** Row lock on one account: edits of the same user queue behind each other. */
export async function lockUser(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: userAccount.id })
    .from(userAccount)
    .where(eq(userAccount.id, id))
    .for('update');
  return rows.length > 0;
}

/**
 * Locks every active administrator's account row, in id order so two callers never hold
 * them crosswise (no deadlock). Callers then count admins in a new statement, which sees
 * whatever the transaction they waited for committed.
 */
export async function lockActiveAdmins(db: DbOrTx): Promise<void> {
  await db
    .select({ id: userAccount.id })
    .from(userAccount)
    .where(
      and(
        eq(userAccount.status, 'active'),
        exists(
          db
            .select({ one: sql`1` })
            .from(userRole)
            .where(and(eq(userRole.userId, userAccount.id), eq(userRole.role, 'admin'))),
        ),
      ),
    )
    .orderBy(asc(userAccount.id))
    .for('update', { of: userAccount });
}

export async function countActiveAdminsExcept(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(userAccount)
    .innerJoin(userRole, and(eq(userRole.userId, userAccount.id), eq(userRole.role, 'admin')))
    .where(and(eq(userAccount.status, 'active'), ne(userAccount.id, userId)));
  return row?.n ?? 0;
}

export interface NewUserRow {
  id: string;
  email: string;
  kind: 'staff' | 'patient';
  displayName: string;
  passwordHash: string;
  mustChangePassword: boolean;
  totpSecretEnc: string | null;
  roles: readonly Role[];
  facilityIds: readonly string[];
  now: Date;
}

export async function insertUser(db: DbOrTx, u: NewUserRow): Promise<void> {
  await db.insert(userAccount).values({
    id: u.id,
    email: u.email,
    kind: u.kind,
    displayName: u.displayName,
    passwordHash: u.passwordHash,
    passwordChangedAt: u.now,
    mustChangePassword: u.mustChangePassword,
    status: 'active',
    totpSecretEnc: u.totpSecretEnc,
    totpEnrolledAt: u.totpSecretEnc ? u.now : null,
    version: 1,
    createdAt: u.now,
    updatedAt: u.now,
  });
  await replaceRoles(db, u.id, u.roles);
  await replaceFacilities(db, u.id, u.facilityIds);
}

export async function updateAccount(
  db: DbOrTx,
  id: string,
  changes: Partial<
    Pick<
      typeof userAccount.$inferInsert,
      'displayName' | 'status' | 'passwordHash' | 'passwordChangedAt' | 'mustChangePassword'
    >
  >,
  now: Date,
): Promise<void> {
  await db
    .update(userAccount)
    .set({ ...changes, updatedAt: now, version: sql`${userAccount.version} + 1` })
    .where(eq(userAccount.id, id));
}

export async function replaceRoles(db: DbOrTx, userId: string, roles: readonly Role[]) {
  await db.delete(userRole).where(eq(userRole.userId, userId));
  if (roles.length > 0) await db.insert(userRole).values(roles.map((role) => ({ userId, role })));
}

export async function replaceFacilities(
  db: DbOrTx,
  userId: string,
  facilityIds: readonly string[],
) {
  await db.delete(userFacility).where(eq(userFacility.userId, userId));
  if (facilityIds.length > 0) {
    await db.insert(userFacility).values(facilityIds.map((facilityId) => ({ userId, facilityId })));
  }
}

/**
 * Open sessions working in a facility the user may no longer use fall back to none, so the
 * next request cannot act in it.
 */
export async function clearSessionFacilitiesOutside(
  db: DbOrTx,
  userId: string,
  facilityIds: readonly string[],
): Promise<void> {
  await db
    .update(userSession)
    .set({ currentFacilityId: null })
    .where(
      and(
        eq(userSession.userId, userId),
        isNull(userSession.revokedAt),
        facilityIds.length > 0
          ? notInArray(userSession.currentFacilityId, [...facilityIds])
          : undefined,
      ),
    );
}

/** Forgets every second factor: confirmed and pending secrets and the recovery codes. */
export async function clearMfa(db: DbOrTx, userId: string, now: Date): Promise<void> {
  await db
    .update(userAccount)
    .set({
      totpSecretEnc: null,
      totpPendingSecretEnc: null,
      totpEnrolledAt: null,
      totpLastUsedStep: null,
      updatedAt: now,
      version: sql`${userAccount.version} + 1`,
    })
    .where(eq(userAccount.id, userId));
  await db.delete(mfaRecoveryCode).where(eq(mfaRecoveryCode.userId, userId));
}

/** Ends a sign-in lockout for the address (the count of past lockouts is kept for backoff). */
export async function clearLoginLock(db: DbOrTx, email: string): Promise<void> {
  await db
    .update(loginThrottle)
    .set({ failedCount: 0, lockedUntil: null })
    .where(eq(loginThrottle.email, email));
}
