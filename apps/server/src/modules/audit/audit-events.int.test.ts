import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventPage, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, signedInStaff } from '../../../test/factories.js';
import type { AuditEntry } from '../../platform/audit/audit.service.js';
import { auditEvent } from '../../platform/audit/audit.tables.js';
import { newId } from '../../platform/ids.js';

let ctx: TestContext;
let admin: { id: string; cookie: string };
let actorA: { id: string; email: string };
let actorB: { id: string; email: string };
const patientX = newId();
const patientY = newId();
const base = '2026-01-15T09:00:00.000Z';

/** Appends an event as if it happened at `at`, then puts the clock back. */
async function seed(at: string, entry: AuditEntry): Promise<void> {
  ctx.clock.set(at);
  try {
    await ctx.platform.audit.record(ctx.platform.db, entry);
  } finally {
    ctx.clock.set(base);
  }
}

async function search(query: Record<string, string | number>, cookie = admin.cookie) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return ctx.app.inject({
    method: 'GET',
    url: `/api/v1/audit-events?${qs}`,
    headers: { cookie },
  });
}

async function actionsFor(query: Record<string, string | number>): Promise<string[]> {
  const res = await search({ limit: 500, ...query });
  expect(res.statusCode).toBe(200);
  return res.json<AuditEventPage>().items.map((e) => e.action);
}

beforeAll(async () => {
  ctx = await createTestContext();
  actorA = await createStaff(ctx.platform, { roles: ['nurse'] });
  actorB = await createStaff(ctx.platform, { roles: ['physician'] });
  // A day's edges, and actions whose names differ only where LIKE would see a wildcard.
  const rows: [string, AuditEntry][] = [
    ['2026-01-14T23:59:59.999Z', { action: 'zz_test.before', actorUserId: actorA.id }],
    [
      '2026-01-15T00:00:00.000Z',
      { action: 'zz_test.read', actorUserId: actorA.id, patientId: patientX },
    ],
    [
      '2026-01-15T12:00:00.000Z',
      { action: 'zz_test.write', actorUserId: actorB.id, patientId: patientX },
    ],
    [
      '2026-01-15T23:59:59.999Z',
      { action: 'zz_test.read', actorUserId: actorB.id, patientId: patientY, outcome: 'denied' },
    ],
    ['2026-01-16T00:00:00.000Z', { action: 'zz_test.after', actorUserId: actorA.id }],
    ['2026-01-15T13:00:00.000Z', { action: 'zzxtest.decoy', actorUserId: actorA.id }],
    ['2026-01-15T13:00:00.000Z', { action: 'zz_test_more.decoy', actorUserId: actorA.id }],
  ];
  for (const [at, entry] of rows) await seed(at, entry);
  admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/audit-events filters', () => {
  it('filters by actor alone and joins the actor e-mail', async () => {
    const res = await search({ actorUserId: actorB.id });
    const items = res.json<AuditEventPage>().items;
    expect(items.map((e) => e.action)).toEqual(['zz_test.read', 'zz_test.write']);
    expect(items.every((e) => e.actorEmail === actorB.email)).toBe(true);
  });

  it('filters by patient alone', async () => {
    expect(await actionsFor({ patientId: patientX })).toEqual(['zz_test.write', 'zz_test.read']);
  });

  it('filters by an exact action alone', async () => {
    expect(await actionsFor({ action: 'zz_test.write' })).toEqual(['zz_test.write']);
  });

  it('filters by an action prefix, taking underscores literally', async () => {
    expect(await actionsFor({ action: 'zz_test.' })).toEqual([
      'zz_test.after',
      'zz_test.read',
      'zz_test.write',
      'zz_test.read',
      'zz_test.before',
    ]);
  });

  it('filters by outcome alone', async () => {
    const res = await search({ outcome: 'denied', action: 'zz_test.' });
    expect(res.json<AuditEventPage>().items.map((e) => e.patientId)).toEqual([patientY]);
    const denied = await actionsFor({ outcome: 'denied' });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((a) => a === 'zz_test.read' || a === 'access.denied')).toBe(true);
  });

  it('reads date-only bounds as whole UTC days', async () => {
    expect(await actionsFor({ action: 'zz_test.', from: '2026-01-15', to: '2026-01-15' })).toEqual([
      'zz_test.read',
      'zz_test.write',
      'zz_test.read',
    ]);
    expect(await actionsFor({ action: 'zz_test.', to: '2026-01-14' })).toEqual(['zz_test.before']);
    expect(await actionsFor({ action: 'zz_test.', from: '2026-01-16' })).toEqual(['zz_test.after']);
  });

  it('reads instant bounds as exact and inclusive', async () => {
    expect(
      await actionsFor({
        action: 'zz_test.',
        from: '2026-01-15T00:00:00.000Z',
        to: '2026-01-15T12:00:00Z',
      }),
    ).toEqual(['zz_test.write', 'zz_test.read']);
    expect(
      await actionsFor({ action: 'zz_test.', from: '2026-01-15T00:00:00.001Z', to: '2026-01-15' }),
    ).toEqual(['zz_test.read', 'zz_test.write']);
    // An offset is honoured: 01:00+01:00 is midnight UTC.
    expect(await actionsFor({ action: 'zz_test.', to: '2026-01-15T01:00:00+01:00' })).toEqual([
      'zz_test.read',
      'zz_test.before',
    ]);
  });

  it('combines filters', async () => {
    const items = (
      await search({
        actorUserId: actorB.id,
        patientId: patientY,
        action: 'zz_test.',
        outcome: 'denied',
        from: '2026-01-15',
        to: '2026-01-15T23:59:59.999Z',
      })
    ).json<AuditEventPage>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actorUserId: actorB.id,
      patientId: patientY,
      outcome: 'denied',
      occurredAt: '2026-01-15T23:59:59.999Z',
    });
    expect(
      await actionsFor({ actorUserId: actorA.id, patientId: patientY, action: 'zz_test.' }),
    ).toEqual([]);
  });
});

describe('GET /api/v1/audit-events paging', () => {
  it('walks more than one page newest-first without duplicates or gaps', async () => {
    const pageActor = await createStaff(ctx.platform, { roles: ['billing'] });
    for (let i = 1; i <= 7; i += 1) {
      await ctx.platform.audit.record(ctx.platform.db, {
        action: 'zz_page.step',
        actorUserId: pageActor.id,
        details: { step: i },
      });
    }
    const seen: AuditEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { actorUserId: pageActor.id, limit: 3 };
      if (cursor) query['cursor'] = cursor;
      const res = await search(query);
      expect(res.statusCode).toBe(200);
      const page = res.json<AuditEventPage>();
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
      // A newer event landing mid-walk must not shift later pages.
      if (pages === 1) {
        await ctx.platform.audit.record(ctx.platform.db, {
          action: 'zz_page.late',
          actorUserId: pageActor.id,
        });
      }
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((e) => e.details['step'])).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const seqs = seen.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(7);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it('gives no next cursor when the last page is exactly full', async () => {
    const res = await search({ patientId: patientX, action: 'zz_test.', limit: 2 });
    expect(res.json<AuditEventPage>().items).toHaveLength(2);
    expect(res.json<AuditEventPage>().nextCursor).toBeNull();
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['a forged seq', Buffer.from('seq:1 or 1=1').toString('base64url')],
  ])('answers 400 naming query.cursor for %s', async (_label, cursor) => {
    const res = await search({ cursor });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().errors?.[0]).toMatchObject({
      path: 'query.cursor',
      rule: 'invalid_cursor',
    });
  });

  it('answers 400 for unknown fields, bad values and a range that ends before it starts', async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ colour: 'red' }, 'query.colour'],
      [{ actorUserId: 'bob' }, 'query.actorUserId'],
      [{ outcome: 'maybe' }, 'query.outcome'],
      [{ action: 'Auth.Login' }, 'query.action'],
      [{ from: '15/01/2026' }, 'query.from'],
      [{ limit: 501 }, 'query.limit'],
      [{ from: '2026-01-15', to: '2026-01-14' }, 'query.to'],
    ];
    for (const [query, path] of cases) {
      const res = await search(query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json<Problem>().errors?.map((e) => e.path)).toContain(path);
    }
  });
});

describe('GET /api/v1/audit-events is itself audited and guarded', () => {
  it('records audit.searched with the filter names, not their values', async () => {
    const res = await search({ action: 'zz_test.', patientId: patientX, from: '2026-01-15' });
    expect(res.statusCode).toBe(200);
    const [row] = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'audit.searched'), eq(auditEvent.actorUserId, admin.id)))
      .orderBy(desc(auditEvent.seq))
      .limit(1);
    expect(row?.patientId).toBe(patientX);
    expect(row?.details).toEqual({
      filters: ['patientId', 'action', 'from'],
      isNextPage: false,
      resultCount: 2,
    });
    expect(JSON.stringify(row?.details)).not.toContain('zz_test');
  });

  it('refuses a nurse with 403 and audits the denial', async () => {
    const nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    const res = await search({}, nurse.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json<Problem>().code).toBe('access.forbidden');
    const rows = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'access.denied'), eq(auditEvent.actorUserId, nurse.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).toMatchObject({ permission: 'audit.read' });
  });

  it('answers 401 without a session', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit-events' });
    expect(res.statusCode).toBe(401);
  });
});
