import { eq } from 'drizzle-orm';
import type { OutboxMessage, OutboxMessageDetail, OutboxMessagePage } from '@meridian/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { signedInStaff } from '../../../test/factories.js';
import { fakeTransports } from '../../../test/fake-transports.js';
import { auditEvent } from '../../platform/audit/audit.tables.js';
import { DeliveryError } from '../../platform/outbox/delivery-error.js';
import { deliverDueMessages } from '../../platform/outbox/outbox-delivery.js';
import type { OutgoingMessage } from '../../platform/outbox/outbox.js';
import { outboxMessage } from '../../platform/outbox/outbox.tables.js';

let ctx: TestContext;
let admin: { id: string; cookie: string };
let frontDesk: { cookie: string };
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.platform.db.delete(outboxMessage);
});

async function enqueue(m: Partial<OutgoingMessage> = {}): Promise<string> {
  return ctx.platform.db.transaction((tx) =>
    ctx.platform.outbox.enqueue(tx, {
      channel: 'email',
      recipient: 'pat@example.org',
      subject: 'Reminder',
      body: 'Your appointment is on Tuesday.',
      html: '<p>Your appointment is on Tuesday.</p>',
      ...m,
    }),
  );
}

/** One message in each state, made the way production makes them: by delivery rounds. */
async function messagesInEveryState() {
  const sent = await enqueue({ recipient: 'sent@example.org' });
  await deliverDueMessages(ctx.platform, fakeTransports());
  ctx.clock.advance(1_000);
  const dead = await enqueue({ recipient: 'Dead@Example.org' });
  await deliverDueMessages(
    ctx.platform,
    fakeTransports({ alwaysFail: true, error: () => new DeliveryError('550 user unknown', true) }),
  );
  ctx.clock.advance(1_000);
  const failed = await enqueue({ channel: 'sms', recipient: '+15550101', subject: null });
  await deliverDueMessages(ctx.platform, fakeTransports({}, { alwaysFail: true }));
  ctx.clock.advance(1_000);
  const pending = await enqueue({ recipient: 'pending@example.org' });
  return { sent, dead, failed, pending };
}

function get(url: string, cookie = admin.cookie) {
  return ctx.app.inject({ method: 'GET', url, headers: { cookie } });
}

function retry(id: string, cookie = admin.cookie) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/messages/${id}/retry`,
    headers: { cookie },
  });
}

async function auditRows(action: string) {
  return ctx.platform.db.select().from(auditEvent).where(eq(auditEvent.action, action));
}

describe('GET /api/v1/messages', () => {
  it('lists every message newest first with its delivery state', async () => {
    const ids = await messagesInEveryState();

    const res = await get('/api/v1/messages');

    expect(res.statusCode).toBe(200);
    const page = res.json<OutboxMessagePage>();
    expect(page.items.map((m) => m.id)).toEqual([ids.pending, ids.failed, ids.dead, ids.sent]);
    expect(page.nextCursor).toBeNull();
    const byId = new Map(page.items.map((m) => [m.id, m]));
    expect(byId.get(ids.sent)).toMatchObject({
      status: 'sent',
      transport: 'fake-email',
      nextAttemptAt: null,
    });
    expect(byId.get(ids.dead)).toMatchObject({
      status: 'dead',
      lastError: '550 user unknown',
      nextAttemptAt: null,
    });
    expect(byId.get(ids.failed)).toMatchObject({
      channel: 'sms',
      status: 'failed',
      attempts: 1,
      maxAttempts: 5,
    });
    expect(byId.get(ids.failed)?.nextAttemptAt).not.toBeNull();
    expect(byId.get(ids.pending)).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastAttemptAt: null,
    });
    // The list carries no message text.
    expect(page.items[0]).not.toHaveProperty('body');
    expect(page.items[0]).not.toHaveProperty('html');
  });

  it.each([
    ['channel=sms', ['failed']],
    ['status=dead', ['dead']],
    ['channel=email&status=pending', ['pending']],
    ['recipient=dead%40example.ORG', ['dead']],
    ['channel=sms&status=sent', []],
  ] as const)('filters by %s', async (query, expected) => {
    const ids = await messagesInEveryState();

    const res = await get(`/api/v1/messages?${query}`);

    expect(res.statusCode).toBe(200);
    expect(res.json<OutboxMessagePage>().items.map((m) => m.id)).toEqual(
      expected.map((k) => ids[k]),
    );
  });

  it('pages through messages created in the same instant without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push(await enqueue({ subject: `m${i}` }));
    ctx.clock.advance(1_000);
    const newest = await enqueue({ subject: 'newest' });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: OutboxMessagePage = (await get(url)).json();
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    expect(pages).toBe(3);
    // UUIDv7 ids sort by creation, so newest first within the same instant is id descending.
    expect(seen).toEqual([newest, ...[...ids].reverse()]);
  });

  it.each([
    ['an unknown status', 'status=lost', 'query.status'],
    ['an unknown channel', 'channel=fax', 'query.channel'],
    ['a limit over 200', 'limit=500', 'query.limit'],
    ['an unknown parameter', 'sort=asc', 'query.sort'],
    ['a cursor it did not issue', 'cursor=abc', 'query.cursor'],
  ])('answers 400 naming the field for %s', async (_what, query, path) => {
    const res = await get(`/api/v1/messages?${query}`);

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ code: string; errors: { path: string }[] }>();
    expect(body.code).toBe('validation.failed');
    expect(body.errors.map((e) => e.path)).toContain(path);
  });

  it('records the listing in the audit trail, without the filter values', async () => {
    await messagesInEveryState();
    const before = (await auditRows('message.listed')).length;

    await get('/api/v1/messages?recipient=sent%40example.org');

    const rows = await auditRows('message.listed');
    expect(rows).toHaveLength(before + 1);
    const row = rows[rows.length - 1];
    expect(row).toMatchObject({ actorUserId: admin.id, outcome: 'success' });
    expect(row?.details).toEqual({ filters: ['recipient'], isNextPage: false, resultCount: 1 });
    expect(JSON.stringify(row)).not.toContain('sent@example.org');
  });
});

describe('GET /api/v1/messages/:id', () => {
  it('shows the text and HTML and records who viewed which message', async () => {
    const id = await enqueue();

    const res = await get(`/api/v1/messages/${id}`);

    expect(res.statusCode).toBe(200);
    expect(res.json<OutboxMessageDetail>()).toMatchObject({
      id,
      recipient: 'pat@example.org',
      subject: 'Reminder',
      body: 'Your appointment is on Tuesday.',
      html: '<p>Your appointment is on Tuesday.</p>',
    });
    const views = (await auditRows('message.viewed')).filter((r) => r.entityId === id);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ actorUserId: admin.id, entityType: 'outbox_message' });
  });

  it('answers 404 for a message that does not exist, and 400 for an id that is not a uuid', async () => {
    const missing = await get('/api/v1/messages/01950000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ code: string }>().code).toBe('resource.not_found');

    const bad = await get('/api/v1/messages/42');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('params.id');
  });
});

describe('POST /api/v1/messages/:id/retry', () => {
  it('puts a dead message back in the queue with fresh attempts, audited, and it is then sent', async () => {
    const { dead } = await messagesInEveryState();

    const res = await retry(dead);

    expect(res.statusCode).toBe(200);
    const body = res.json<OutboxMessage>();
    expect(body).toMatchObject({ id: dead, status: 'pending', attempts: 0 });
    expect(body.nextAttemptAt).toBe(ctx.clock.now().toISOString());
    const audits = (await auditRows('message.retried')).filter((r) => r.entityId === dead);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: admin.id,
      details: { previousStatus: 'dead', previousAttempts: 1 },
    });

    const transports = fakeTransports();
    await deliverDueMessages(ctx.platform, transports);
    expect(transports.email.accepted.map((m) => m.to).sort()).toEqual([
      'Dead@Example.org',
      'pending@example.org',
    ]);
    const after = await get(`/api/v1/messages/${dead}`);
    expect(after.json<OutboxMessageDetail>()).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('brings a failed message forward without waiting for its backoff', async () => {
    const { failed } = await messagesInEveryState();

    expect((await retry(failed)).statusCode).toBe(200);

    const transports = fakeTransports();
    await deliverDueMessages(ctx.platform, transports);
    expect(transports.sms.accepted.map((m) => m.to)).toEqual(['+15550101']);
  });

  it.each([
    ['already sent', 'sent', /already sent/],
    ['already queued', 'pending', /already queued/],
  ] as const)('answers 409 for a message %s', async (_what, state, detail) => {
    const ids = await messagesInEveryState();

    const res = await retry(ids[state]);

    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string; detail: string }>()).toMatchObject({
      code: 'resource.conflict',
    });
    expect(res.json<{ detail: string }>().detail).toMatch(detail);
  });

  it('answers 409 while a worker is sending the message', async () => {
    const id = await enqueue({ maxAttempts: 2 });
    await deliverDueMessages(ctx.platform, fakeTransports({ alwaysFail: true }));
    ctx.clock.advance(60_000);
    const stalled = fakeTransports({ hang: true });
    const round = deliverDueMessages(ctx.platform, stalled);
    await stalled.email.waitFor((p) => p.calls.length === 1);

    const res = await retry(id);

    expect(res.statusCode).toBe(409);
    expect(res.json<{ detail: string }>().detail).toMatch(/being sent/);
    stalled.email.release();
    await round;
  });

  it('accepts an empty JSON object as the body and refuses any field in it', async () => {
    const { dead } = await messagesInEveryState();
    const send = (payload: object) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/messages/${dead}/retry`,
        headers: { cookie: admin.cookie },
        payload,
      });

    const refused = await send({ force: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ errors: { path: string; rule: string }[] }>().errors).toEqual([
      expect.objectContaining({ path: 'force', rule: 'unrecognized_keys' }),
    ]);
    expect((await send({})).statusCode).toBe(200);
  });

  it('answers 404 for a message that does not exist', async () => {
    const res = await retry('01950000-0000-7000-8000-000000000000');
    expect(res.statusCode).toBe(404);
  });
});

describe('access', () => {
  it('refuses front-desk staff (403) and anonymous callers (401)', async () => {
    const id = await enqueue();
    for (const res of [
      await get('/api/v1/messages', frontDesk.cookie),
      await get(`/api/v1/messages/${id}`, frontDesk.cookie),
      await retry(id, frontDesk.cookie),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json<{ code: string }>().code).toBe('access.forbidden');
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/messages' })).statusCode).toBe(401);
    // A refused detail view is not recorded as a view.
    expect((await auditRows('message.viewed')).filter((r) => r.entityId === id)).toEqual([]);
  });

  it('declares message.read for reading and message.manage for retrying', () => {
    const routes = ctx.app
      .routeAccessTable()
      .filter((r) => r.url.startsWith('/api/v1/messages'))
      .map((r) => `${r.method} ${r.url} ${String(r.access)}`)
      .sort();
    expect(routes).toEqual([
      'GET /api/v1/messages message.read',
      'GET /api/v1/messages/:id message.read',
      'POST /api/v1/messages/:id/retry message.manage',
    ]);
  });
});
