import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Me, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, sessionCookieFor } from '../../../test/factories.js';
import {
  auditRows,
  createFacility,
  lastAuditSeq,
  postLogin,
  sessionCookieOf,
} from '../../../test/auth-helpers.js';
import { createSessionService, type SessionService } from '../../platform/auth/session.service.js';
import type { ChangeListener } from '../../platform/auth/session-listener.js';
import { sha256Hex } from '../../platform/crypto.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '10000' } });
});
afterAll(async () => {
  await ctx.close();
});

const minute = 60 * 1000;

function getMe(cookie: string | undefined) {
  return ctx.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: cookie === undefined ? {} : { cookie },
  });
}

async function signIn(roles: Parameters<typeof createStaff>[1] = {}) {
  const user = await createStaff(ctx.platform, roles);
  const res = await postLogin(ctx.app, { email: user.email, password: user.password });
  expect(res.statusCode).toBe(200);
  return { user, cookie: sessionCookieOf(res) };
}

const tokenOf = (cookie: string) => cookie.split('=')[1] ?? '';

describe('session timeouts', () => {
  it('ends a session after 15 idle minutes, exactly, even while it is cached', async () => {
    const { cookie } = await signIn();
    expect((await getMe(cookie)).statusCode).toBe(200);

    ctx.clock.advance(15 * minute - 1);
    expect((await getMe(cookie)).statusCode).toBe(200);

    ctx.clock.advance(15 * minute);
    const expired = await getMe(cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json<Problem>().code).toBe('auth.session_expired');
    // The browser is told to forget the dead cookie.
    expect(expired.cookies.find((c) => c.name === 'meridian_session')?.value).toBe('');
  });

  it('extends the idle time with each request, and writes last_seen_at only now and then', async () => {
    const { cookie } = await signIn();
    const id = sha256Hex(tokenOf(cookie));
    const lastSeen = async () =>
      (
        await ctx.platform.database.pool.query<{ last_seen_at: Date }>(
          'select last_seen_at from user_session where id = $1',
          [id],
        )
      ).rows[0]?.last_seen_at.getTime();
    const signedInAt = ctx.clock.now().getTime();

    ctx.clock.advance(10 * 1000);
    expect((await getMe(cookie)).statusCode).toBe(200);
    expect(await lastSeen()).toBe(signedInAt);

    ctx.clock.advance(10 * minute);
    const me = (await getMe(cookie)).json<Me>();
    expect(await lastSeen()).toBe(ctx.clock.now().getTime());
    expect(Date.parse(me.session.idleExpiresAt)).toBe(ctx.clock.now().getTime() + 15 * minute);

    ctx.clock.advance(10 * minute);
    expect((await getMe(cookie)).statusCode).toBe(200);
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    const { cookie } = await signIn();
    const signedInAt = ctx.clock.now().getTime();
    for (let elapsed = 10; elapsed < 12 * 60; elapsed += 10) {
      ctx.clock.advance(10 * minute);
      expect((await getMe(cookie)).statusCode).toBe(200);
    }
    // Ten minutes before the end the idle deadline is capped by the absolute one.
    const last = (await getMe(cookie)).json<Me>();
    expect(Date.parse(last.session.idleExpiresAt)).toBe(signedInAt + 12 * 60 * minute);
    expect(Date.parse(last.session.absoluteExpiresAt)).toBe(signedInAt + 12 * 60 * minute);

    ctx.clock.set(new Date(signedInAt + 12 * 60 * minute));
    const res = await getMe(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json<Problem>().code).toBe('auth.session_expired');
  });
});

describe('cookies that are not sessions', () => {
  it.each([
    ['no cookie', undefined],
    ['an empty cookie', 'meridian_session='],
    ['garbage', 'meridian_session=%00%01garbage<script>'],
    ['a well-formed token nobody was given', `meridian_session=${'A'.repeat(43)}`],
    ['a 10 KB token', `meridian_session=${'x'.repeat(10_000)}`],
  ])('answers %s with 401 auth.unauthenticated', async (_label, cookie) => {
    const res = await getMe(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json<Problem>().code).toBe('auth.unauthenticated');
  });

  it('does not accept the stored session id in place of the token', async () => {
    const { cookie } = await signIn();
    const res = await getMe(`meridian_session=${sha256Hex(tokenOf(cookie))}`);
    expect(res.statusCode).toBe(401);
  });
});

describe('signing out', () => {
  it('ends the session at once, clears the cookie and is audited', async () => {
    const { user, cookie } = await signIn();
    expect((await getMe(cookie)).statusCode).toBe(200); // now cached
    const seq = await lastAuditSeq(ctx.platform);

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'meridian_session');
    expect(cleared?.value).toBe('');
    expect(cleared).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    const after = await getMe(cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json<Problem>().code).toBe('auth.unauthenticated');
    const audit = await auditRows(ctx.platform, ['auth.logout'], seq);
    expect(audit).toEqual([
      expect.objectContaining({
        actor_user_id: user.id,
        entity_type: 'user_session',
        entity_id: sha256Hex(tokenOf(cookie)),
      }),
    ]);
  });

  it('works for a session still waiting for its second factor', async () => {
    const admin = await signIn({ roles: ['admin'] });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(204);
    expect((await getMe(admin.cookie)).statusCode).toBe(401);
  });
});

describe('switching facility', () => {
  it('moves the session to one of the user’s facilities and audits it', async () => {
    const a = await createFacility(ctx.platform, { name: 'Alpha ward block' });
    const b = await createFacility(ctx.platform, { name: 'Beta clinic' });
    const { user, cookie } = await signIn({ facilityIds: [a.id, b.id] });
    const seq = await lastAuditSeq(ctx.platform);

    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/session/facility',
      headers: { cookie },
      payload: { facilityId: b.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Me>().currentFacilityId).toBe(b.id);
    expect((await getMe(cookie)).json<Me>().currentFacilityId).toBe(b.id);
    const audit = await auditRows(ctx.platform, ['auth.facility_switched'], seq);
    expect(audit).toEqual([
      expect.objectContaining({
        actor_user_id: user.id,
        facility_id: b.id,
        details: { fromFacilityId: null, toFacilityId: b.id },
      }),
    ]);
  });

  it('refuses a facility that is not the user’s, or is closed', async () => {
    const mine = await createFacility(ctx.platform);
    const other = await createFacility(ctx.platform);
    const closed = await createFacility(ctx.platform, { isActive: false });
    const { cookie } = await signIn({ facilityIds: [mine.id, closed.id] });
    const seq = await lastAuditSeq(ctx.platform);

    for (const facilityId of [other.id, closed.id]) {
      const res = await ctx.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/session/facility',
        headers: { cookie },
        payload: { facilityId },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json<Problem>().code).toBe('access.forbidden');
    }
    expect((await getMe(cookie)).json<Me>().currentFacilityId).toBe(mine.id);
    const audit = await auditRows(ctx.platform, ['auth.facility_switch_denied'], seq);
    expect(audit.map((a) => a.outcome)).toEqual(['denied', 'denied']);
  });

  it('offers an admin with no assigned facility every active one', async () => {
    const open = await createFacility(ctx.platform);
    const closed = await createFacility(ctx.platform, { isActive: false });
    const admin = await createStaff(ctx.platform, { roles: ['admin'] });
    const cookie = await sessionCookieFor(ctx.platform, admin.id);
    const ids = (await getMe(cookie)).json<Me>().facilities.map((f) => f.id);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(closed.id);

    const nurse = await createStaff(ctx.platform, { roles: ['nurse'] });
    const nurseCookie = await sessionCookieFor(ctx.platform, nurse.id);
    expect((await getMe(nurseCookie)).json<Me>().facilities).toEqual([]);
  });
});

describe('the in-process session cache', () => {
  // A second and third "instance" over the same database, with a cache long enough that
  // only invalidation (never expiry of the entry) can explain a refusal.
  let a: SessionService;
  let b: SessionService;
  const listeners: ChangeListener[] = [];
  beforeAll(async () => {
    a = createSessionService(ctx.platform.database.pool, ctx.clock, { cacheTtlMs: 60_000 });
    b = createSessionService(ctx.platform.database.pool, ctx.clock, { cacheTtlMs: 60_000 });
    listeners.push(await a.startListening(), await b.startListening());
  });
  afterAll(async () => {
    for (const l of listeners) await l.close();
  });

  async function newSession(svc: SessionService) {
    const user = await createStaff(ctx.platform);
    const { token, sessionId } = await svc.create(ctx.platform.db, {
      userId: user.id,
      state: 'active',
    });
    return { user, token, sessionId };
  }

  async function eventually(check: () => Promise<boolean>) {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  it('serves a resolved session from memory (a change behind its back goes unseen)', async () => {
    const { token, sessionId } = await newSession(a);
    expect((await a.resolve(token)).ok).toBe(true);
    await ctx.platform.database.pool.query(
      'update user_session set revoked_at = now() where id = $1',
      [sessionId],
    );
    // Nothing announced the change, so the cached entry still answers...
    expect((await a.resolve(token)).ok).toBe(true);
    // ...while a cold instance reads the truth.
    expect((await b.resolve(token)).ok).toBe(false);
  });

  it('refuses a revoked session at once on the instance that revoked it', async () => {
    const { token, sessionId } = await newSession(a);
    expect((await a.resolve(token)).ok).toBe(true);
    await a.revoke(ctx.platform.db, sessionId, 'test');
    expect(await a.resolve(token)).toEqual({ ok: false, code: 'auth.unauthenticated' });
  });

  it('refuses it on other instances once the revoking transaction commits', async () => {
    const { token, sessionId } = await newSession(a);
    expect((await b.resolve(token)).ok).toBe(true);
    await ctx.platform.db.transaction(async (tx) => {
      await a.revoke(tx, sessionId, 'test');
      // Not yet committed: the other instance rightly still sees a live session.
      expect((await b.resolve(token)).ok).toBe(true);
    });
    expect(await eventually(async () => !(await b.resolve(token)).ok)).toBe(true);
  });

  it('forgets every session of a user when the user changes', async () => {
    const { user, token } = await newSession(a);
    const second = await b.create(ctx.platform.db, { userId: user.id, state: 'active' });
    expect((await b.resolve(token)).ok).toBe(true);
    expect((await b.resolve(second.token)).ok).toBe(true);

    await ctx.platform.db.transaction(async (tx) => {
      // What user administration does when it disables an account.
      await tx.execute(sql`update user_account set status = 'disabled' where id = ${user.id}`);
      await a.invalidateUser(tx, user.id);
    });
    expect(await a.resolve(token)).toEqual({ ok: false, code: 'auth.unauthenticated' });
    expect(await eventually(async () => !(await b.resolve(token)).ok)).toBe(true);
    expect((await b.resolve(second.token)).ok).toBe(false);
  });

  it('sees role changes on the next request after invalidation', async () => {
    const { user, token } = await newSession(a);
    const before = await a.resolve(token);
    expect(before.ok && before.principal.roles).toEqual(['front_desk']);
    await ctx.platform.db.transaction(async (tx) => {
      await tx.execute(sql`insert into user_role (user_id, role) values (${user.id}, 'billing')`);
      await a.invalidateUser(tx, user.id);
    });
    const after = await a.resolve(token);
    expect(after.ok && after.principal.roles).toEqual(['billing', 'front_desk']);
    expect(after.ok && after.principal.permissions.has('claim.submit')).toBe(true);
  });

  it('reconnects its listener when the connection is killed, and caches again after', async () => {
    const [, listenerB] = listeners;
    await ctx.platform.database.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and application_name = 'meridian-session-listener'`,
    );
    expect(await eventually(() => Promise.resolve(listenerB?.isListening === false))).toBe(true);
    expect(await eventually(() => Promise.resolve(listenerB?.isListening === true))).toBe(true);

    // Caching is back on (a change behind its back goes unseen)...
    const { token, sessionId } = await newSession(a);
    expect((await b.resolve(token)).ok).toBe(true);
    await ctx.platform.database.pool.query('update user_session set state = $2 where id = $1', [
      sessionId,
      'mfa_pending',
    ]);
    const cached = await b.resolve(token);
    expect(cached.ok && cached.principal.sessionState).toBe('active');
    // ...and so is hearing announced changes.
    await a.revoke(ctx.platform.db, sessionId, 'test');
    expect(await eventually(async () => !(await b.resolve(token)).ok)).toBe(true);
  });

  it('caches nothing while it cannot hear changes', async () => {
    const c = createSessionService(ctx.platform.database.pool, ctx.clock, { cacheTtlMs: 60_000 });
    const { token, sessionId } = await newSession(c);
    expect((await c.resolve(token)).ok).toBe(true);
    await ctx.platform.database.pool.query(
      'update user_session set revoked_at = now() where id = $1',
      [sessionId],
    );
    expect((await c.resolve(token)).ok).toBe(false);
  });

  it('keeps idle expiry exact for a cached entry', async () => {
    const { token } = await newSession(a);
    expect((await a.resolve(token)).ok).toBe(true);
    ctx.clock.advance(15 * minute);
    expect(await a.resolve(token)).toEqual({ ok: false, code: 'auth.session_expired' });
  });

  it('asks the database before calling a cached session expired: another instance may have seen it', async () => {
    const { token } = await newSession(a);
    expect((await a.resolve(token)).ok).toBe(true);
    ctx.clock.advance(10 * minute);
    // The user's requests went to the other instance, which moved last_seen_at on.
    expect((await b.resolve(token)).ok).toBe(true);
    ctx.clock.advance(10 * minute);
    expect((await a.resolve(token)).ok).toBe(true);
  });
});
