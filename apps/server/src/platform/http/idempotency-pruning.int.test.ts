import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { newId } from '../ids.js';
import { jobRegistry } from '../jobs.js';
import type { Platform } from '../platform.js';
import { requestHash, startIdempotent } from './idempotency.js';
import { pruneIdempotencyKeys } from './idempotency-pruning.js';

let ctx: TestContext;
let userId: string;
const hour = 3_600_000;

beforeAll(async () => {
  ctx = await createTestContext();
  userId = (await createStaff(ctx.platform)).id;
});
afterAll(() => ctx.close());

/** A completed idempotent create made at `at`; returns its key. */
async function keyMadeAt(at: Date): Promise<string> {
  ctx.clock.set(at);
  const key = newId();
  await ctx.platform.db.transaction(async (tx) => {
    const started = await startIdempotent(tx, ctx.platform.clock, {
      userId,
      scope: 'POST /api/v1/things',
      key,
      requestHash: requestHash({ key }),
    });
    if (started.replay) throw new Error('fresh key replayed');
    await started.complete(201, { id: newId() });
  });
  return key;
}

async function storedKeys(keys: readonly string[]): Promise<string[]> {
  const { rows } = await ctx.platform.database.pool.query<{ key: string }>(
    'select key from idempotency_key where key = any($1) order by created_at',
    [keys],
  );
  return rows.map((r) => r.key);
}

async function clearKeys(): Promise<void> {
  await ctx.platform.database.pool.query('delete from idempotency_key');
}

describe('pruning idempotency keys', () => {
  it('deletes keys older than 24 h in batches and keeps the younger ones', async () => {
    await clearKeys();
    const now = new Date('2026-02-10T12:00:00Z');
    const old = [];
    for (let i = 0; i < 5; i++)
      old.push(await keyMadeAt(new Date(now.getTime() - (30 + i) * hour)));
    const edge = await keyMadeAt(new Date(now.getTime() - 24 * hour));
    const young = await keyMadeAt(new Date(now.getTime() - 23 * hour));

    const result = await pruneIdempotencyKeys(ctx.platform, { now, batchSize: 2 });
    expect(result).toEqual({ deleted: 5, batches: 3 });
    expect(await storedKeys([...old, edge, young])).toEqual([edge, young]);

    expect(await pruneIdempotencyKeys(ctx.platform, { now, batchSize: 2 })).toEqual({
      deleted: 0,
      batches: 1,
    });
  });

  it('follows IDEMPOTENCY_KEY_RETENTION_HOURS', async () => {
    await clearKeys();
    const now = new Date('2026-02-10T12:00:00Z');
    const dayAndHalf = await keyMadeAt(new Date(now.getTime() - 36 * hour));
    const threeDays = await keyMadeAt(new Date(now.getTime() - 72 * hour - 1));
    const platform: Platform = {
      ...ctx.platform,
      config: { ...ctx.platform.config, IDEMPOTENCY_KEY_RETENTION_HOURS: 72 },
    };
    expect((await pruneIdempotencyKeys(platform, { now })).deleted).toBe(1);
    expect(await storedKeys([dayAndHalf, threeDays])).toEqual([dayAndHalf]);
  });

  it('skips a key another transaction holds, without waiting for it', async () => {
    await clearKeys();
    const now = new Date('2026-02-10T12:00:00Z');
    const held = await keyMadeAt(new Date(now.getTime() - 48 * hour));
    const free = await keyMadeAt(new Date(now.getTime() - 47 * hour));
    const client = await ctx.platform.database.pool.connect();
    try {
      await client.query('begin');
      await client.query('select 1 from idempotency_key where key = $1 for update', [held]);
      const result = await pruneIdempotencyKeys(ctx.platform, { now });
      expect(result.deleted).toBe(1);
      expect(await storedKeys([held, free])).toEqual([held]);
    } finally {
      await client.query('rollback');
      client.release();
    }
    expect((await pruneIdempotencyKeys(ctx.platform, { now })).deleted).toBe(1);
    expect(await storedKeys([held])).toEqual([]);
  });

  it('lets a retry after the retention run as a new create', async () => {
    await clearKeys();
    const key = await keyMadeAt(new Date('2026-02-08T12:00:00Z'));
    await pruneIdempotencyKeys(ctx.platform, { now: new Date('2026-02-10T12:00:00Z') });
    const replay = await ctx.platform.db.transaction(async (tx) => {
      const started = await startIdempotent(tx, ctx.platform.clock, {
        userId,
        scope: 'POST /api/v1/things',
        key,
        requestHash: requestHash({ key }),
      });
      return started.replay;
    });
    expect(replay).toBeNull();
  });

  it('is the platform.prune-idempotency-keys job, run hourly, which prunes', async () => {
    await clearKeys();
    const job = jobRegistry.list().find((j) => j.name === 'platform.prune-idempotency-keys');
    expect(job?.schedule).toEqual({ cron: '17 * * * *', timeZone: 'UTC', data: {} });
    const old = await keyMadeAt(new Date('2026-02-08T12:00:00Z'));
    ctx.clock.set('2026-02-10T12:00:00Z');
    await job?.run(
      {},
      { platform: ctx.platform, jobId: newId(), logger: pino({ level: 'silent' }) },
    );
    expect(await storedKeys([old])).toEqual([]);
  });
});
