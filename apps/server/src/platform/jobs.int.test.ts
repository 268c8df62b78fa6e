import { pino } from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { fakeTransports } from '../../test/fake-transports.js';
import { JobRegistry, startWorkers, type WorkerOptions } from './jobs.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const silent = pino({ level: 'silent' });

function options(registry: JobRegistry, extra: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    registry,
    logger: silent,
    transports: fakeTransports(),
    jobPollingIntervalSeconds: 0.5,
    outbox: { pollIntervalMs: 60 * 60_000 },
    stopTimeoutMs: 5_000,
    ...extra,
  };
}

async function schedules(): Promise<{ name: string; cron: string; timezone: string }[]> {
  const { rows } = await ctx.platform.database.pool.query<{
    name: string;
    cron: string;
    timezone: string;
  }>('select name, cron, timezone from pgboss.schedule order by name');
  return rows;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('background jobs on pg-boss', () => {
  it('runs a registered job with its checked data, records schedules, and stops cleanly', async () => {
    const registry = new JobRegistry();
    const seen: { n: number; jobId: string }[] = [];
    const ran = deferred();
    registry.define({
      name: 'test.echo',
      data: z.object({ n: z.number().int() }),
      handler: async ({ n }, { jobId }) => {
        seen.push({ n, jobId });
        ran.resolve();
        await Promise.resolve();
      },
    });
    registry.define({
      name: 'test.nightly',
      data: z.object({}),
      schedule: '0 3 * * *',
      scheduleTimeZone: 'America/New_York',
      handler: () => Promise.resolve(),
    });

    const workers = await startWorkers(ctx.platform, options(registry));
    try {
      const jobId = await workers.send('test.echo', { n: 7 });
      await ran.promise;
      expect(seen).toEqual([{ n: 7, jobId }]);
      expect(await schedules()).toEqual([
        { name: 'test.nightly', cron: '0 3 * * *', timezone: 'America/New_York' },
      ]);
    } finally {
      await workers.stop();
    }
  });

  it('fails a job whose data does not match its schema without calling the handler', async () => {
    const registry = new JobRegistry();
    let calls = 0;
    registry.define({
      name: 'test.strict',
      data: z.object({ n: z.number().int() }),
      retryLimit: 0,
      handler: () => {
        calls += 1;
        return Promise.resolve();
      },
    });
    const workers = await startWorkers(ctx.platform, options(registry));
    try {
      const id = await workers.send('test.strict', { n: 'seven' });
      const deadline = Date.now() + 5_000;
      let state = '';
      while (state !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        const { rows } = await ctx.platform.database.pool.query<{ state: string }>(
          'select state from pgboss.job where id = $1',
          [id],
        );
        state = rows[0]?.state ?? '';
      }
      expect(state).toBe('failed');
      expect(calls).toBe(0);
    } finally {
      await workers.stop();
    }
  });

  it('drops the schedule of a job no longer in the code on the next start', async () => {
    const job = { data: z.object({}), handler: () => Promise.resolve() };
    const before = new JobRegistry();
    before.define({ name: 'test.weekly', schedule: '0 4 * * 1', ...job });
    await (await startWorkers(ctx.platform, options(before))).stop();
    expect((await schedules()).map((s) => s.name)).toContain('test.weekly');

    const after = new JobRegistry();
    after.define({ name: 'test.other', ...job });
    await (await startWorkers(ctx.platform, options(after))).stop();

    expect(await schedules()).toEqual([]);
  });

  it('waits for a running job to finish before stop() resolves', async () => {
    const registry = new JobRegistry();
    const started = deferred();
    let finished = false;
    registry.define({
      name: 'test.slow',
      data: z.object({}),
      handler: async () => {
        started.resolve();
        await new Promise((r) => setTimeout(r, 700));
        finished = true;
      },
    });
    const workers = await startWorkers(ctx.platform, options(registry));
    await workers.send('test.slow', {});
    await started.promise;

    await workers.stop();

    expect(finished).toBe(true);
    const { rows } = await ctx.platform.database.pool.query<{ state: string }>(
      "select state from pgboss.job where name = 'test.slow'",
    );
    expect(rows).toEqual([{ state: 'completed' }]);
  });

  it('delivers outbox messages while running', async () => {
    const transports = fakeTransports();
    const workers = await startWorkers(ctx.platform, options(new JobRegistry(), { transports }));
    try {
      await ctx.platform.db.transaction((tx) =>
        ctx.platform.outbox.enqueue(tx, { channel: 'sms', recipient: '+15550100', body: 'hi' }),
      );
      await transports.sms.waitFor((p) => p.accepted.length === 1);
    } finally {
      await workers.stop();
    }
  });
});

describe('job registry', () => {
  it('refuses a job name that does not say its module, and a name defined twice', () => {
    const registry = new JobRegistry();
    const job = { data: z.object({}), handler: () => Promise.resolve() };
    expect(() => registry.define({ name: 'nomodule', ...job })).toThrow(/module\.job-name/);
    registry.define({ name: 'billing.close-day', ...job });
    expect(() => registry.define({ name: 'billing.close-day', ...job })).toThrow(/twice/);
  });
});
