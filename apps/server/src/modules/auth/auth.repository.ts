import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Role } from '@meridian/contracts';
import type { DbOrTx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import {
  loginThrottle,
  mfaRecoveryCode,
  userAccount,
  userRole,
} from '../../platform/auth/auth.tables.js';
import { allowedFacilityCondition } from '../../platform/auth/session.service.js';
import type { ThrottleState } from './login-throttle.js';

export interface AuthUser {
  id: string;
  email: string;
  passwordHash: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  mfaEnrolled: boolean;
  totpSecretEnc: string | null;
  totpPendingSecretEnc: string | null;
  totpLastUsedStep: number | null;
  roles: Role[];
}

const userColumns = {
  id: userAccount.id,
  email: userAccount.email,
  passwordHash: userAccount.passwordHash,
  status: userAccount.status,
  mustChangePassword: userAccount.mustChangePassword,
  totpSecretEnc: userAccount.totpSecretEnc,
  totpPendingSecretEnc: userAccount.totpPendingSecretEnc,
  totpEnrolledAt: userAccount.totpEnrolledAt,
  totpLastUsedStep: userAccount.totpLastUsedStep,
};

async function findUser(
  db: DbOrTx,
  where: ReturnType<typeof eq>,
  forUpdate: boolean,
): Promise<AuthUser | null> {
  const query = db.select(userColumns).from(userAccount).where(where);
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) return null;
  const roles = await db
    .select({ role: userRole.role })
    .from(userRole)
    .where(eq(userRole.userId, row.id));
  const { totpEnrolledAt, ...rest } = row;
  return { ...rest, mfaEnrolled: totpEnrolledAt !== null, roles: roles.map((r) => r.role) };
}

export function findUserByEmail(db: DbOrTx, email: string): Promise<AuthUser | null> {
  return findUser(db, eq(userAccount.email, email), false);
}

/** With `forUpdate`, the row stays locked until the transaction ends. */
export function findUserById(db: DbOrTx, id: string, forUpdate = false): Promise<AuthUser | null> {
  return findUser(db, eq(userAccount.id, id), forUpdate);
}

export async function recordLogin(tx: DbOrTx, userId: string, at: Date): Promise<void> {
  await tx.update(userAccount).set({ lastLoginAt: at }).where(eq(userAccount.id, userId));
}

export async function updatePassword(
  tx: DbOrTx,
  userId: string,
  passwordHash: string,
  at: Date,
): Promise<void> {
  await tx
    .update(userAccount)
    .set({ passwordHash, passwordChangedAt: at, mustChangePassword: false, updatedAt: at })
    .where(eq(userAccount.id, userId));
}

// ---- TOTP ----

export async function setPendingTotpSecret(
  tx: DbOrTx,
  userId: string,
  secretEnc: string,
  at: Date,
): Promise<void> {
  await tx
    .update(userAccount)
    .set({ totpPendingSecretEnc: secretEnc, updatedAt: at })
    .where(eq(userAccount.id, userId));
}

/** The pending secret becomes the user's; `step` is the confirming code's, now used up. */
export async function confirmTotp(
  tx: DbOrTx,
  userId: string,
  secretEnc: string,
  step: number,
  at: Date,
): Promise<void> {
  await tx
    .update(userAccount)
    .set({
      totpSecretEnc: secretEnc,
      totpPendingSecretEnc: null,
      totpEnrolledAt: at,
      totpLastUsedStep: step,
      updatedAt: at,
    })
    .where(eq(userAccount.id, userId));
}

export async function clearTotp(tx: DbOrTx, userId: string, at: Date): Promise<void> {
  await tx
    .update(userAccount)
    .set({
      totpSecretEnc: null,
      totpPendingSecretEnc: null,
      totpEnrolledAt: null,
      totpLastUsedStep: null,
      updatedAt: at,
    })
    .where(eq(userAccount.id, userId));
  await tx.delete(mfaRecoveryCode).where(eq(mfaRecoveryCode.userId, userId));
}

/**
 * Records `step` as the last accepted TOTP step, only when it is newer than the stored one.
 * False when a concurrent request already used this step (or a later one): a replay.
 */
export async function acceptTotpStep(tx: DbOrTx, userId: string, step: number): Promise<boolean> {
  const rows = await tx
    .update(userAccount)
    .set({ totpLastUsedStep: step })
    .where(
      and(
        eq(userAccount.id, userId),
        or(isNull(userAccount.totpLastUsedStep), lt(userAccount.totpLastUsedStep, step)),
      ),
    )
    .returning({ id: userAccount.id });
  return rows.length === 1;
}

// ---- Recovery codes ----

/** Old codes stop working the moment new ones are issued (they are credentials, not records). */
export async function replaceRecoveryCodes(
  tx: DbOrTx,
  userId: string,
  codeHashes: readonly string[],
  at: Date,
): Promise<void> {
  await tx.delete(mfaRecoveryCode).where(eq(mfaRecoveryCode.userId, userId));
  await tx
    .insert(mfaRecoveryCode)
    .values(codeHashes.map((codeHash) => ({ id: newId(), userId, codeHash, createdAt: at })));
}

/** Marks an unused code used; false when there is no such unused code. Single use, atomic. */
export async function useRecoveryCode(
  tx: DbOrTx,
  userId: string,
  codeHash: string,
  at: Date,
): Promise<boolean> {
  const rows = await tx
    .update(mfaRecoveryCode)
    .set({ usedAt: at })
    .where(
      and(
        eq(mfaRecoveryCode.userId, userId),
        eq(mfaRecoveryCode.codeHash, codeHash),
        isNull(mfaRecoveryCode.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCode.id });
  return rows.length === 1;
}

export async function countUnusedRecoveryCodes(tx: DbOrTx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(mfaRecoveryCode)
    .where(and(eq(mfaRecoveryCode.userId, userId), isNull(mfaRecoveryCode.usedAt)));
  return row?.n ?? 0;
}

// ---- Sign-in throttle ----

export async function findThrottle(db: DbOrTx, email: string): Promise<ThrottleState | null> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.email, email));
  return row ?? null;
}

/** The address's throttle row, created if missing and locked until the transaction ends. */
export async function lockThrottle(tx: DbOrTx, email: string): Promise<ThrottleState> {
  await tx
    .insert(loginThrottle)
    .values({ email, failedCount: 0, lockouts: 0 })
    .onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(loginThrottle)
    .where(eq(loginThrottle.email, email))
    .for('update');
  if (!row) throw new Error(`login_throttle row for an address vanished inside its transaction`);
  return row;
}

export async function saveThrottle(tx: DbOrTx, email: string, s: ThrottleState): Promise<void> {
  await tx
    .update(loginThrottle)
    .set({
      failedCount: s.failedCount,
      lockouts: s.lockouts,
      lockedUntil: s.lockedUntil,
      lastFailedAt: s.lastFailedAt,
    })
    .where(eq(loginThrottle.email, email));
}

export async function clearThrottle(tx: DbOrTx, email: string): Promise<void> {
  await tx.delete(loginThrottle).where(eq(loginThrottle.email, email));
}

// ---- Facilities ----

/**
 * The facility a new session starts in: the one the user's latest session worked in, if they
 * still may work there; else their only facility; else none (the user picks one).
 */
export async function startingFacilityId(tx: DbOrTx, userId: string): Promise<string | null> {
  const allowed = await tx.execute<{ id: string }>(sql`
    with who as (select ${userId}::uuid as user_id)
    select f.id from facility f, who where ${sql.raw(allowedFacilityCondition('who.user_id'))}`);
  const ids = new Set(allowed.rows.map((r) => r.id));
  const recent = await tx.execute<{ facility_id: string }>(sql`
    select current_facility_id as facility_id from user_session
     where user_id = ${userId} and current_facility_id is not null
     order by created_at desc limit 1`);
  const last = recent.rows[0]?.facility_id;
  if (last && ids.has(last)) return last;
  return ids.size === 1 ? ([...ids][0] ?? null) : null;
}
