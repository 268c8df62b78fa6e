import type { LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import type { App } from '../src/app.js';
import type { Platform } from '../src/platform/platform.js';
import { newId } from '../src/platform/ids.js';
import { userAccount } from '../src/platform/auth/auth.tables.js';
import { generateTotpSecret } from '../src/platform/auth/totp.js';
import { sessionCookie } from '../src/platform/auth/access-hook.js';

/** POST /api/v1/auth/login as a browser on the same origin would. */
export function postLogin(
  app: App,
  body: unknown,
  opts: { cookie?: string; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: body as Record<string, unknown>,
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    headers: opts.cookie ? { cookie: opts.cookie } : {},
  });
}

/** The `meridian_session=...` pair the response set, for the next request's Cookie header. */
export function sessionCookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === sessionCookie);
  if (!cookie?.value) throw new Error(`no ${sessionCookie} cookie in the response`);
  return `${sessionCookie}=${cookie.value}`;
}

export interface AuditRow {
  seq: number;
  action: string;
  outcome: string;
  actor_user_id: string | null;
  entity_type: string | null;
  entity_id: string | null;
  facility_id: string | null;
  details: Record<string, unknown>;
}

/** Audit rows of the given actions written after `afterSeq`, oldest first. */
export async function auditRows(
  platform: Platform,
  actions: string[],
  afterSeq = 0,
): Promise<AuditRow[]> {
  const { rows } = await platform.database.pool.query<AuditRow>(
    `select seq, action, outcome, actor_user_id, entity_type, entity_id, facility_id, details
       from audit_event where action = any($1) and seq > $2 order by seq`,
    [actions, afterSeq],
  );
  return rows;
}

export async function lastAuditSeq(platform: Platform): Promise<number> {
  const { rows } = await platform.database.pool.query<{ seq: number | null }>(
    'select max(seq) as seq from audit_event',
  );
  return rows[0]?.seq ?? 0;
}

/** Gives the user a confirmed TOTP secret straight in the database; returns the secret. */
export async function enrolTotpDirectly(platform: Platform, userId: string): Promise<string> {
  const secret = generateTotpSecret();
  await platform.db
    .update(userAccount)
    .set({
      totpSecretEnc: platform.encryptor.encrypt(secret),
      totpEnrolledAt: platform.clock.now(),
    })
    .where(eq(userAccount.id, userId));
  return secret;
}

let facilityCounter = 0;

/** A facility (and the organization, the first time) written straight to the database. */
export async function createFacility(
  platform: Platform,
  o: { name?: string; isActive?: boolean; timeZone?: string } = {},
): Promise<{ id: string; name: string; code: string }> {
  facilityCounter += 1;
  const pool = platform.database.pool;
  const org = await pool.query<{ id: string }>('select id from organization limit 1');
  let orgId = org.rows[0]?.id;
  if (!orgId) {
    orgId = newId();
    await pool.query('insert into organization (id, name) values ($1, $2)', [orgId, 'Test Org']);
  }
  const id = newId();
  const name = o.name ?? `Facility ${facilityCounter}`;
  const code = `F${facilityCounter}-${id.slice(-4).toUpperCase()}`;
  await pool.query(
    `insert into facility (id, organization_id, name, code, kind, time_zone, is_active)
     values ($1, $2, $3, $4, 'hospital', $5, $6)`,
    [id, orgId, name, code, o.timeZone ?? 'America/New_York', o.isActive ?? true],
  );
  return { id, name, code };
}
