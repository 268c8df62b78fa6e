import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { verifyAuditChain } from './audit/audit-verify.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

describe('platform plumbing', () => {
  it('answers /healthz and /readyz without a session', async () => {
    const health = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'up', migrations: 'applied' });
  });

  it('answers an unknown API route with problem+json and a request id', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here?q=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ code: string; requestId: string; detail: string }>();
    expect(body.code).toBe('request.route_not_found');
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(body.detail).not.toContain('secret');
  });

  it('keeps a sane incoming request id and replaces a hostile one', async () => {
    const kept = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-12345678' },
    });
    expect(kept.headers['x-request-id']).toBe('abc-12345678');
    const replaced = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': `${'x'.repeat(80)}<script>` },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a strict Content-Security-Policy', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('declares access on every route', () => {
    const undeclared = ctx.app.routeAccessTable().filter((r) => r.access === null);
    expect(undeclared).toEqual([]);
  });

  it('lists every route with the access it declares, for review', async () => {
    // A changed permission shows up as a diff of routes.snapshot.txt in review; update it
    // deliberately with `npx vitest run --project integration -u`.
    const lines = ctx.app
      .routeAccessTable()
      .map((r) => `${r.method.padEnd(7)}${r.url.padEnd(56)}${r.access ?? 'UNDECLARED'}`)
      .sort();
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./routes.snapshot.txt');
  });
});

describe('audit trail storage', () => {
  it('chains events and refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { db, audit, database } = ctx.platform;
    await audit.record(db, { action: 'test.one', actorUserId: null });
    await audit.record(db, { action: 'test.two', actorUserId: null, details: { n: 2 } });
    expect((await verifyAuditChain(database.pool)).status).toBe('intact');

    await expect(database.pool.query("update audit_event set action = 'x'")).rejects.toThrow(
      /append-only/,
    );
    await expect(database.pool.query('delete from audit_event')).rejects.toThrow(/append-only/);
    await expect(database.pool.query('truncate audit_event')).rejects.toThrow(/append-only/);
  });

  it("seals a transaction's rows as it commits, in the order they were written", async () => {
    const { database } = ctx.platform;
    const writer = await database.pool.connect();
    const other = await database.pool.connect();
    try {
      await writer.query('begin');
      const insert = (action: string) =>
        writer.query(
          `insert into audit_event (id, seq, occurred_at, action, outcome, prev_hash, hash)
           values (gen_random_uuid(), 0, now(), $1, 'success', '', '')`,
          [action],
        );
      await insert('test.seal.first');
      await insert('test.seal.second');
      const inside = await writer.query<{ seq: number | null; hash: string | null }>(
        "select seq, hash from audit_event where action like 'test.seal.%'",
      );
      expect(inside.rows).toEqual([
        { seq: null, hash: null },
        { seq: null, hash: null },
      ]);
      // Its own unsealed row cannot be rewritten, not even dressed up as a seal.
      await writer.query('savepoint rewrite');
      await expect(
        writer.query(
          `update audit_event set action = 'test.seal.forged', seq = 999999,
                  prev_hash = repeat('0', 64), hash = 'x'
            where action = 'test.seal.first'`,
        ),
      ).rejects.toThrow(/append-only/);
      await writer.query('rollback to savepoint rewrite');

      // An open writer holds no chain lock: another transaction appends and commits meanwhile.
      await other.query("set statement_timeout = '5s'");
      await other.query('begin');
      await other.query(
        `insert into audit_event (id, seq, occurred_at, action, outcome, prev_hash, hash)
         values (gen_random_uuid(), 0, now(), 'test.seal.meanwhile', 'success', '', '')`,
      );
      await other.query('commit');

      await writer.query('commit');
      const { rows } = await database.pool.query<{ action: string; seq: string }>(
        "select action, seq from audit_event where action like 'test.seal.%' order by seq",
      );
      expect(rows.map((r) => r.action)).toEqual([
        'test.seal.meanwhile',
        'test.seal.first',
        'test.seal.second',
      ]);
      const seqs = rows.map((r) => Number(r.seq));
      expect(seqs).toEqual([seqs[0], (seqs[0] ?? 0) + 1, (seqs[0] ?? 0) + 2]);
      expect((await verifyAuditChain(database.pool)).status).toBe('intact');
    } finally {
      await writer.query('rollback').catch(() => undefined);
      writer.release();
      other.release();
    }
  });

  it('reports the first altered event when a row is changed behind the triggers', async () => {
    const { audit, db, database } = ctx.platform;
    await audit.record(db, { action: 'test.three', actorUserId: null });
    const client = await database.pool.connect();
    try {
      // What an attacker with table-owner rights could do: bypass the triggers.
      await client.query('alter table audit_event disable trigger audit_event_no_update');
      const { rows } = await client.query<{ seq: number }>(
        "update audit_event set details = '{\"n\":3}' where action = 'test.two' returning seq",
      );
      await client.query('alter table audit_event enable trigger audit_event_no_update');
      const report = await verifyAuditChain(database.pool);
      expect(report.status).toBe('broken');
      expect(report.firstBrokenSeq).toBe(rows[0]?.seq);
      expect(report.reason).toMatch(/altered/);
    } finally {
      client.release();
    }
  });
});
