import { and, eq, isNull, ne } from 'drizzle-orm';
import { permissionsForRoles, type Role, type SessionState } from '@meridian/contracts';
import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { DbOrTx } from '../db.js';
import { randomToken, sha256Hex } from '../crypto.js';
import type { Principal } from './principal.js';
import { userSession } from './auth.tables.js';

export const idleTimeoutMs = 15 * 60 * 1000;
export const absoluteTimeoutMs = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per session, not on every request. */
const touchIntervalMs = 30 * 1000;

export type SessionLookup =
  | { ok: true; principal: Principal }
  | { ok: false; code: 'auth.unauthenticated' | 'auth.session_expired' };

export interface NewSession {
  userId: string;
  state: SessionState;
  currentFacilityId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  mfaVerified?: boolean;
}

export interface SessionService {
  /** Starts a session; returns the cookie token (only its hash is stored). */
  create(tx: DbOrTx, s: NewSession): Promise<{ token: string; sessionId: string }>;
  /** Resolves a cookie token to a principal, or says why it cannot. Extends idle time. */
  resolve(token: string): Promise<SessionLookup>;
  revoke(tx: DbOrTx, sessionId: string, reason: string): Promise<void>;
  revokeAllForUser(
    tx: DbOrTx,
    userId: string,
    reason: string,
    exceptSessionId?: string,
  ): Promise<void>;
}

interface SessionRow {
  id: string;
  user_id: string;
  state: SessionState;
  current_facility_id: string | null;
  last_seen_at: Date;
  absolute_expires_at: Date;
  revoked_at: Date | null;
  email: string;
  display_name: string;
  kind: 'staff' | 'patient';
  status: 'active' | 'disabled';
  mfa_enrolled: boolean;
  roles: Role[];
  facility_ids: string[];
}

const lookupSql = `
  select s.id, s.user_id, s.state, s.current_facility_id, s.last_seen_at, s.absolute_expires_at,
         s.revoked_at, u.email, u.display_name, u.kind, u.status,
         u.totp_enrolled_at is not null as mfa_enrolled,
         coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}') as roles,
         coalesce((select array_agg(f.facility_id) from user_facility f where f.user_id = u.id), '{}') as facility_ids
    from user_session s join user_account u on u.id = s.user_id
   where s.id = $1`;

export function createSessionService(pool: pg.Pool, clock: Clock): SessionService {
  return {
    async create(tx, s) {
      const token = randomToken();
      const id = sha256Hex(token);
      const now = clock.now();
      await tx.insert(userSession).values({
        id,
        userId: s.userId,
        state: s.state,
        currentFacilityId: s.currentFacilityId ?? null,
        createdAt: now,
        lastSeenAt: now,
        absoluteExpiresAt: new Date(now.getTime() + absoluteTimeoutMs),
        mfaVerifiedAt: s.mfaVerified ? now : null,
        ip: s.ip ?? null,
        userAgent: s.userAgent?.slice(0, 400) ?? null,
      });
      return { token, sessionId: id };
    },

    async resolve(token) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token))
        return { ok: false, code: 'auth.unauthenticated' };
      const id = sha256Hex(token);
      const { rows } = await pool.query<SessionRow>({
        name: 'session_lookup',
        text: lookupSql,
        values: [id],
      });
      const row = rows[0];
      if (!row || row.status !== 'active') return { ok: false, code: 'auth.unauthenticated' };
      const now = clock.now();
      const idleExpiresAt = new Date(row.last_seen_at.getTime() + idleTimeoutMs);
      // A session ended by logout or by an admin is no longer a session at all.
      if (row.revoked_at) return { ok: false, code: 'auth.unauthenticated' };
      if (now >= idleExpiresAt || now >= row.absolute_expires_at) {
        return { ok: false, code: 'auth.session_expired' };
      }
      let lastSeen = row.last_seen_at;
      if (now.getTime() - lastSeen.getTime() >= touchIntervalMs) {
        lastSeen = now;
        await pool.query({
          name: 'session_touch',
          text: 'update user_session set last_seen_at = $2 where id = $1 and revoked_at is null',
          values: [id, now],
        });
      }
      const principal: Principal = {
        userId: row.user_id,
        email: row.email,
        displayName: row.display_name,
        kind: row.kind,
        roles: row.roles,
        permissions: new Set(row.state === 'active' ? permissionsForRoles(row.roles) : []),
        facilityIds: row.facility_ids,
        currentFacilityId: row.current_facility_id,
        sessionId: row.id,
        sessionState: row.state,
        mfaEnrolled: row.mfa_enrolled,
        idleExpiresAt: new Date(
          Math.min(lastSeen.getTime() + idleTimeoutMs, row.absolute_expires_at.getTime()),
        ),
        absoluteExpiresAt: row.absolute_expires_at,
      };
      return { ok: true, principal };
    },

    async revoke(tx, sessionId, reason) {
      await tx
        .update(userSession)
        .set({ revokedAt: clock.now(), revokedReason: reason })
        .where(and(eq(userSession.id, sessionId), isNull(userSession.revokedAt)));
    },

    async revokeAllForUser(tx, userId, reason, exceptSessionId) {
      await tx
        .update(userSession)
        .set({ revokedAt: clock.now(), revokedReason: reason })
        .where(
          and(
            eq(userSession.userId, userId),
            isNull(userSession.revokedAt),
            exceptSessionId ? ne(userSession.id, exceptSessionId) : undefined,
          ),
        );
    },
  };
}
