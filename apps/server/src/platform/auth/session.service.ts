import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import {
  permissionsForRoles,
  type FacilitySummary,
  type Permission,
  type Role,
  type SessionState,
} from '@meridian/contracts';
import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { DbOrTx } from '../db.js';
import { AppError } from '../errors.js';
import { randomToken, sha256Hex } from '../crypto.js';
import { currentContext } from '../request-context.js';
import type { Principal } from './principal.js';
import { userSession } from './auth.tables.js';
import { createSessionCache } from './session-cache.js';
import {
  sessionChangedChannel,
  startChangeListener,
  type ChangeListener,
} from './session-listener.js';

export const idleTimeoutMs = 15 * 60 * 1000;
export const absoluteTimeoutMs = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per session, not on every request. */
const touchIntervalMs = 30 * 1000;
/** How long a resolved session may be served from memory (see session-cache.ts). */
export const sessionCacheTtlMs = 2_000;
const tokenPattern = /^[A-Za-z0-9_-]{20,100}$/;

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
  /**
   * The same answer as `resolve`, without waiting, when the session is in this instance's
   * cache and needs no write (not expired, last_seen_at recent); otherwise null, and the
   * caller uses `resolve`. The request path's fast lane.
   */
  resolveCached(token: string): SessionLookup | null;
  /**
   * The session's standing now, read from the database, without extending its idle time:
   * for long-lived streams that re-check the session they were opened with.
   */
  peek(sessionId: string): Promise<SessionLookup>;
  /**
   * Replaces a live session by a new one (new token and id) in `state`, keeping its user,
   * facility and absolute expiry; the old one is revoked. Used whenever a session gains
   * privilege (second factor given, password changed), so a token seen before cannot ride it.
   */
  rotate(
    tx: DbOrTx,
    sessionId: string,
    state: SessionState,
    opts?: { mfaVerified?: boolean },
  ): Promise<{ token: string; sessionId: string }>;
  setState(tx: DbOrTx, sessionId: string, state: SessionState): Promise<void>;
  setFacility(tx: DbOrTx, sessionId: string, facilityId: string | null): Promise<void>;
  revoke(tx: DbOrTx, sessionId: string, reason: string): Promise<void>;
  revokeAllForUser(
    tx: DbOrTx,
    userId: string,
    reason: string,
    exceptSessionId?: string,
  ): Promise<void>;
  /**
   * Call inside the transaction that changes a user's roles, facilities, status or name:
   * every instance forgets the user's cached sessions when it commits.
   */
  invalidateUser(tx: DbOrTx, userId: string): Promise<void>;
  /**
   * Listens for changes made by other instances; until it does, nothing is cached. The app
   * starts it and closes it when it closes.
   */
  startListening(): Promise<ChangeListener>;
}

export interface SessionServiceOptions {
  /** Set 0 to turn the in-process cache off. */
  cacheTtlMs?: number;
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
  facilities: FacilitySummary[];
}

/** A live session as read from the database; what the cache holds. */
interface ResolvedSession {
  id: string;
  userId: string;
  state: SessionState;
  currentFacilityId: string | null;
  lastSeenAtMs: number;
  absoluteExpiresAtMs: number;
  email: string;
  displayName: string;
  kind: 'staff' | 'patient';
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  permissionList: readonly Permission[];
  facilities: readonly FacilitySummary[];
  facilityIds: readonly string[];
  mfaEnrolled: boolean;
}

/**
 * SQL condition on `facility f`: the facilities the user whose id is `userIdSql` may work in.
 * An admin with no facility rows works in every active facility; anyone else only in the
 * active facilities assigned to them.
 */
export function allowedFacilityCondition(userIdSql: string): string {
  return `f.is_active
    and (exists (select 1 from user_facility uf where uf.user_id = ${userIdSql} and uf.facility_id = f.id)
         or (not exists (select 1 from user_facility uf where uf.user_id = ${userIdSql})
             and exists (select 1 from user_role r where r.user_id = ${userIdSql} and r.role = 'admin')))`;
}

const lookupSql = `
  select s.id, s.user_id, s.state, s.current_facility_id, s.last_seen_at, s.absolute_expires_at,
         s.revoked_at, u.email, u.display_name, u.kind, u.status,
         u.totp_enrolled_at is not null as mfa_enrolled,
         coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}') as roles,
         coalesce((
           select json_agg(json_build_object('id', f.id, 'name', f.name, 'code', f.code,
                                             'timeZone', f.time_zone) order by f.name, f.id)
             from facility f
            where ${allowedFacilityCondition('u.id')}
         ), '[]'::json) as facilities
    from user_session s join user_account u on u.id = s.user_id
   where s.id = $1`;

function toResolved(row: SessionRow): ResolvedSession {
  const facilityIds = row.facilities.map((f) => f.id);
  const permissionList = row.state === 'active' ? permissionsForRoles(row.roles) : [];
  return {
    id: row.id,
    userId: row.user_id,
    state: row.state,
    currentFacilityId:
      row.current_facility_id && facilityIds.includes(row.current_facility_id)
        ? row.current_facility_id
        : null,
    lastSeenAtMs: row.last_seen_at.getTime(),
    absoluteExpiresAtMs: row.absolute_expires_at.getTime(),
    email: row.email,
    displayName: row.display_name,
    kind: row.kind,
    roles: row.roles,
    permissionList,
    permissions: new Set(permissionList),
    facilities: row.facilities,
    facilityIds,
    mfaEnrolled: row.mfa_enrolled,
  };
}

function isExpired(s: ResolvedSession, nowMs: number): boolean {
  return nowMs >= s.lastSeenAtMs + idleTimeoutMs || nowMs >= s.absoluteExpiresAtMs;
}

function toPrincipal(s: ResolvedSession): Principal {
  return {
    userId: s.userId,
    email: s.email,
    displayName: s.displayName,
    kind: s.kind,
    roles: s.roles,
    permissions: s.permissions,
    permissionList: s.permissionList,
    facilities: s.facilities,
    facilityIds: s.facilityIds,
    currentFacilityId: s.currentFacilityId,
    sessionId: s.id,
    sessionState: s.state,
    mfaEnrolled: s.mfaEnrolled,
    idleExpiresAt: new Date(Math.min(s.lastSeenAtMs + idleTimeoutMs, s.absoluteExpiresAtMs)),
    absoluteExpiresAt: new Date(s.absoluteExpiresAtMs),
  };
}

export function createSessionService(
  pool: pg.Pool,
  clock: Clock,
  opts: SessionServiceOptions = {},
): SessionService {
  // Session ids are SHA-256 of the cookie token; remembering recent ones spares hashing the
  // same token on every request. Bounded: cleared when full.
  const sessionIds = new Map<string, string>();
  const sessionIdOf = (token: string): string => {
    let id = sessionIds.get(token);
    if (id === undefined) {
      if (sessionIds.size >= 10_000) sessionIds.clear();
      id = sha256Hex(token);
      sessionIds.set(token, id);
    }
    return id;
  };

  const cache = createSessionCache<ResolvedSession>({
    ttlMs: opts.cacheTtlMs ?? sessionCacheTtlMs,
  });

  // NOTIFY inside the changing transaction is delivered when (and only if) it commits.
  const notify = async (tx: DbOrTx, payload: string) => {
    await tx.execute(sql`select pg_notify(${sessionChangedChannel}, ${payload})`);
  };
  const sessionChanged = async (tx: DbOrTx, sessionId: string) => {
    cache.invalidateSessionLocally(sessionId);
    await notify(tx, `s:${sessionId}`);
  };
  const userChanged = async (tx: DbOrTx, userId: string) => {
    cache.invalidateUserLocally(userId);
    await notify(tx, `u:${userId}`);
  };

  async function load(id: string): Promise<ResolvedSession | null> {
    const generation = cache.beginLoad();
    const { rows } = await pool.query<SessionRow>({
      name: 'session_lookup',
      text: lookupSql,
      values: [id],
    });
    const row = rows[0];
    // A session ended by logout or by an admin, or of a disabled user, is no session at all.
    if (!row || row.status !== 'active' || row.revoked_at) return null;
    const resolved = toResolved(row);
    if (!isExpired(resolved, clock.now().getTime())) cache.put(id, resolved, generation);
    return resolved;
  }

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

    resolveCached(token) {
      if (!tokenPattern.test(token)) return null;
      const session = cache.get(sessionIdOf(token));
      if (!session) return null;
      const nowMs = clock.now().getTime();
      if (isExpired(session, nowMs) || nowMs - session.lastSeenAtMs >= touchIntervalMs) {
        return null;
      }
      return { ok: true, principal: toPrincipal(session) };
    },

    async peek(sessionId) {
      const session = await load(sessionId);
      if (!session) return { ok: false, code: 'auth.unauthenticated' };
      if (isExpired(session, clock.now().getTime())) {
        return { ok: false, code: 'auth.session_expired' };
      }
      return { ok: true, principal: toPrincipal(session) };
    },

    async resolve(token) {
      if (!tokenPattern.test(token)) return { ok: false, code: 'auth.unauthenticated' };
      const id = sessionIdOf(token);
      const nowMs = clock.now().getTime();
      let session = cache.get(id);
      // Expired by our memory: another instance may have seen the user since; ask the database.
      if (session && isExpired(session, nowMs)) session = undefined;
      session ??= (await load(id)) ?? undefined;
      if (!session) return { ok: false, code: 'auth.unauthenticated' };
      if (isExpired(session, nowMs)) return { ok: false, code: 'auth.session_expired' };
      if (nowMs - session.lastSeenAtMs >= touchIntervalMs) {
        session.lastSeenAtMs = nowMs;
        await pool.query({
          name: 'session_touch',
          text: `update user_session set last_seen_at = greatest(last_seen_at, $2)
                  where id = $1 and revoked_at is null`,
          values: [id, new Date(nowMs)],
        });
      }
      return { ok: true, principal: toPrincipal(session) };
    },

    async rotate(tx, sessionId, state, rotateOpts = {}) {
      const [old] = await tx
        .select()
        .from(userSession)
        .where(and(eq(userSession.id, sessionId), isNull(userSession.revokedAt)))
        .for('update');
      if (!old) throw new AppError('auth.unauthenticated', 'the session has ended; sign in again');
      const ctx = currentContext();
      const token = randomToken();
      const id = sha256Hex(token);
      const now = clock.now();
      await tx.insert(userSession).values({
        id,
        userId: old.userId,
        state,
        currentFacilityId: old.currentFacilityId,
        createdAt: now,
        lastSeenAt: now,
        // Rotation never extends the session: the 12 hours run from signing in.
        absoluteExpiresAt: old.absoluteExpiresAt,
        mfaVerifiedAt: rotateOpts.mfaVerified ? now : old.mfaVerifiedAt,
        ip: ctx?.ip ?? old.ip,
        userAgent: ctx?.userAgent?.slice(0, 400) ?? old.userAgent,
      });
      await tx
        .update(userSession)
        .set({ revokedAt: now, revokedReason: 'rotated' })
        .where(eq(userSession.id, sessionId));
      await sessionChanged(tx, sessionId);
      return { token, sessionId: id };
    },

    async setState(tx, sessionId, state) {
      await tx.update(userSession).set({ state }).where(eq(userSession.id, sessionId));
      await sessionChanged(tx, sessionId);
    },

    async setFacility(tx, sessionId, facilityId) {
      await tx
        .update(userSession)
        .set({ currentFacilityId: facilityId })
        .where(eq(userSession.id, sessionId));
      await sessionChanged(tx, sessionId);
    },

    async revoke(tx, sessionId, reason) {
      await tx
        .update(userSession)
        .set({ revokedAt: clock.now(), revokedReason: reason })
        .where(and(eq(userSession.id, sessionId), isNull(userSession.revokedAt)));
      await sessionChanged(tx, sessionId);
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
      await userChanged(tx, userId);
    },

    invalidateUser: userChanged,

    startListening() {
      return startChangeListener({
        clientConfig: { ...pool.options, application_name: 'meridian-session-listener' },
        channel: sessionChangedChannel,
        onNotify(payload) {
          if (payload.startsWith('s:')) cache.invalidateSession(payload.slice(2));
          else if (payload.startsWith('u:')) cache.invalidateUser(payload.slice(2));
          // Anything else (a future "everything changed"): forget all.
          else cache.setEnabled(true);
        },
        onListeningChange: (isListening) => cache.setEnabled(isListening),
      });
    },
  };
}
