import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { fakeTransports } from '../../../test/fake-transports.js';
import { outboxMessage } from './outbox.tables.js';
import { startOutboxWorker, type OutboxWorker } from './outbox-worker.js';

let ctx: TestContext;
let worker: OutboxWorker | null = null;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
  await ctx.platform.db.delete(outboxMessage);
});
afterAll(async () => {
  await ctx.close();
});

const silent = pino({ level: 'silent' });
// An hour: any delivery a test sees within seconds came from NOTIFY, not from the poll.
const noPolling = 60 * 60_000;

async function enqueueCommitted(recipient: string): Promise<string> {
  return ctx.platform.db.transaction((tx) =>
    ctx.platform.outbox.enqueue(tx, { channel: 'email', recipient, subject: 's', body: 'b' }),
  );
}

async function listenerPids(): Promise<number[]> {
  const { rows } = await ctx.platform.database.pool.query<{ pid: number }>(
    `select pid from pg_stat_activity
      where datname = current_database() and query = 'listen meridian_outbox' and pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('outbox worker', () => {
  it('delivers what was queued before it started', async () => {
    await enqueueCommitted('early@example.org');
    const transports = fakeTransports();
    worker = await startOutboxWorker(ctx.platform, transports, {
      logger: silent,
      pollIntervalMs: noPolling,
    });

    await transports.email.waitFor((p) => p.accepted.length === 1);
    expect(transports.email.accepted[0]?.to).toBe('early@example.org');
  });

  it('delivers right after the enqueueing transaction commits, woken by NOTIFY', async () => {
    const transports = fakeTransports();
    worker = await startOutboxWorker(ctx.platform, transports, {
      logger: silent,
      pollIntervalMs: noPolling,
    });
    await worker.idle();
    expect(transports.email.calls).toEqual([]);

    await enqueueCommitted('now@example.org');

    await transports.email.waitFor((p) => p.accepted.length === 1, 3_000);
    expect(transports.email.accepted[0]?.to).toBe('now@example.org');
  });

  it('listens again after its connection is killed and catches up on what it missed', async () => {
    const transports = fakeTransports();
    worker = await startOutboxWorker(ctx.platform, transports, {
      logger: silent,
      pollIntervalMs: noPolling,
      reconnectDelayMs: 1_000,
    });
    const [first] = await eventually(listenerPids, (pids) => pids.length === 1);

    await ctx.platform.database.pool.query('select pg_terminate_backend($1)', [first]);
    await eventually(listenerPids, (pids) => pids.length === 0);
    // Queued while nobody listens: its notification is lost; the reconnect must find it.
    await enqueueCommitted('missed@example.org');

    await transports.email.waitFor((p) => p.accepted.length === 1, 5_000);
    const [second] = await eventually(listenerPids, (pids) => pids.length === 1);
    expect(second).not.toBe(first);

    await enqueueCommitted('after@example.org');
    await transports.email.waitFor((p) => p.accepted.length === 2, 3_000);
    expect(transports.email.accepted.map((m) => m.to)).toEqual([
      'missed@example.org',
      'after@example.org',
    ]);
  });

  it('lets go of its connection and stops delivering when stopped', async () => {
    const transports = fakeTransports();
    const stopped = await startOutboxWorker(ctx.platform, transports, {
      logger: silent,
      pollIntervalMs: noPolling,
    });
    await eventually(listenerPids, (pids) => pids.length === 1);

    await stopped.stop();

    await eventually(listenerPids, (pids) => pids.length === 0);
    await enqueueCommitted('late@example.org');
    stopped.trigger();
    await stopped.idle();
    expect(transports.email.calls).toEqual([]);
  });
});
