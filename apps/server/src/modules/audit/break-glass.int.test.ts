import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakGlassGrant, BreakGlassGrantPage, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { sessionCookieFor, signedInStaff, type TestUser } from '../../../test/factories.js';
import { createPatient } from '../../../test/patient-factories.js';
import { auditEvent, breakGlassGrant } from '../../platform/audit/audit.tables.js';
import { newId } from '../../platform/ids.js';

let ctx: TestContext;
let admin: TestUser & { cookie: string };
let nurse: TestUser & { cookie: string };
const reason = 'Patient arrived unconscious; treating physician unavailable';

function breakGlass(body: unknown, cookie = nurse.cookie) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/access/break-glass',
    headers: { cookie, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

function listGrants(query: string, cookie = admin.cookie) {
  return ctx.app.inject({
    method: 'GET',
    url: `/api/v1/access/break-glass${query}`,
    headers: { cookie },
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
  nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
});
afterAll(async () => {
  await ctx.close();
});

describe('POST /api/v1/access/break-glass', () => {
  it('grants 60 minutes, keeps the reason in the grant and audits the grant by id', async () => {
    const patientId = newId();
    const res = await breakGlass({ patientId, reason: `  ${reason}  ` });
    expect(res.statusCode).toBe(201);
    const grant = res.json<BreakGlassGrant>();
    expect(grant).toMatchObject({
      patientId,
      userId: nurse.id,
      userEmail: nurse.email,
      reason,
      grantedAt: '2026-01-15T09:00:00.000Z',
      expiresAt: '2026-01-15T10:00:00.000Z',
      isActive: true,
    });
    const [stored] = await ctx.platform.db
      .select()
      .from(breakGlassGrant)
      .where(eq(breakGlassGrant.id, grant.id));
    expect(stored?.reason).toBe(reason);
    const rows = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'access.break_glass'), eq(auditEvent.patientId, patientId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorUserId: nurse.id,
      entityType: 'break_glass_grant',
      entityId: grant.id,
      details: { durationMinutes: 60 },
    });
    expect(JSON.stringify(rows[0]?.details)).not.toContain('unconscious');
  });

  it('opens the restricted record through requireAccess for the grant holder', async () => {
    // A VIP record, restricted by the patients module's access policy (plugged in by the app).
    const patientId = (await createPatient(ctx.platform, { flags: { vip: true } })).id;
    const lookup = await ctx.platform.sessions.resolve(nurse.cookie.split('=')[1] ?? '');
    if (!lookup.ok) throw new Error('nurse session did not resolve');
    await expect(
      ctx.platform.access.requireAccess(ctx.platform.db, lookup.principal, 'patient.read', [
        patientId,
      ]),
    ).rejects.toMatchObject({ code: 'access.break_glass_required' });
    expect((await breakGlass({ patientId, reason })).statusCode).toBe(201);
    await ctx.platform.access.requireAccess(ctx.platform.db, lookup.principal, 'patient.read', [
      patientId,
    ]);
  });

  it.each([
    ['a reason under 10 characters', { reason: 'too short' }, 'reason', 'custom'],
    ['a reason padded to 10 with spaces', { reason: '   short   ' }, 'reason', 'custom'],
    ['a missing reason', { reason: undefined }, 'reason', 'invalid_type'],
    ['a multi-line reason', { reason: 'first line\nsecond line' }, 'reason', 'invalid_format'],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }, 'reason', 'too_big'],
    ['a patient id that is not a uuid', { patientId: '42' }, 'patientId', 'invalid_format'],
    ['an unknown field', { until: '2099-01-01' }, 'until', 'unrecognized_keys'],
  ])('refuses %s with 400 naming the field', async (_label, override, path, rule) => {
    const patientId = newId();
    const res = await breakGlass({ patientId, reason, ...override });
    expect(res.statusCode).toBe(400);
    const problem = res.json<Problem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors).toContainEqual(expect.objectContaining({ path, rule }));
    const stored = await ctx.platform.db
      .select()
      .from(breakGlassGrant)
      .where(eq(breakGlassGrant.patientId, patientId));
    expect(stored).toEqual([]);
  });

  it('refuses front-desk staff, who lack patient.break_glass, and audits it', async () => {
    const clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const res = await breakGlass({ patientId: newId(), reason }, clerk.cookie);
    expect(res.statusCode).toBe(403);
    const rows = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'access.denied'), eq(auditEvent.actorUserId, clerk.id)));
    expect(rows[0]?.details).toMatchObject({ permission: 'patient.break_glass' });
  });
});

describe('GET /api/v1/access/break-glass', () => {
  let reviewNurse: TestUser & { cookie: string };
  const grantIds: string[] = [];

  beforeAll(async () => {
    reviewNurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    // Five grants 20 minutes apart; the first two have expired by the time of review.
    const start = ctx.clock.now();
    for (let i = 0; i < 5; i += 1) {
      ctx.clock.set(new Date(start.getTime() - (90 - i * 20) * 60_000));
      const cookie = await sessionCookieFor(ctx.platform, reviewNurse.id);
      const res = await breakGlass({ patientId: newId(), reason: `${reason} #${i}` }, cookie);
      expect(res.statusCode).toBe(201);
      grantIds.push(res.json<BreakGlassGrant>().id);
    }
    ctx.clock.set(start);
  });

  function mine(page: BreakGlassGrantPage) {
    return page.items.filter((g) => g.userId === reviewNurse.id).map((g) => g.id);
  }

  it('lists grants newest first with who, patient, reason, when and expiry', async () => {
    const res = await listGrants(`?userId=${reviewNurse.id}`);
    expect(res.statusCode).toBe(200);
    const page = res.json<BreakGlassGrantPage>();
    expect(page.items.map((g) => g.id)).toEqual([...grantIds].reverse());
    expect(page.items[0]).toMatchObject({
      userEmail: reviewNurse.email,
      reason: `${reason} #4`,
      grantedAt: '2026-01-15T08:50:00.000Z',
      expiresAt: '2026-01-15T09:50:00.000Z',
      isActive: true,
    });
  });

  it('filters active and expired grants at the current time', async () => {
    const active = (
      await listGrants(`?active=true&userId=${reviewNurse.id}`)
    ).json<BreakGlassGrantPage>();
    expect(mine(active)).toEqual(grantIds.slice(2).reverse());
    expect(active.items.every((g) => g.isActive)).toBe(true);
    const expired = (
      await listGrants(`?active=false&userId=${reviewNurse.id}`)
    ).json<BreakGlassGrantPage>();
    expect(mine(expired)).toEqual(grantIds.slice(0, 2).reverse());
    expect(expired.items.every((g) => !g.isActive)).toBe(true);
  });

  it('pages through every grant without duplicates or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?userId=${reviewNurse.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: BreakGlassGrantPage = (await listGrants(query)).json<BreakGlassGrantPage>();
      seen.push(...page.items.map((g) => g.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...grantIds].reverse());
  });

  it('audits the review with filter names only', async () => {
    await listGrants(`?active=true&userId=${reviewNurse.id}`);
    const rows = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(
        and(
          eq(auditEvent.action, 'access.break_glass_reviewed'),
          eq(auditEvent.actorUserId, admin.id),
        ),
      );
    expect(rows.at(-1)?.details).toEqual({
      filters: ['active', 'userId'],
      isNextPage: false,
      resultCount: 3,
    });
  });

  it.each([
    ['?active=yes', 'query.active'],
    ['?cursor=bogus', 'query.cursor'],
    ['?sort=reason', 'query.sort'],
  ])('answers 400 for %s', async (query, path) => {
    const res = await listGrants(query);
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().errors?.map((e) => e.path)).toContain(path);
  });

  it('refuses a nurse: reviewing grants needs audit.read', async () => {
    const res = await listGrants('', nurse.cookie);
    expect(res.statusCode).toBe(403);
  });
});
