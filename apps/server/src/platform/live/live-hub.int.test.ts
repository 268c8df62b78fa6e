import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createLiveHub, type LiveHub } from './live-hub.js';

let ctx: TestContext;
const hubs: LiveHub[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  for (const h of hubs) await h.close();
  await ctx.close();
});

function withPort(port: number): string {
  const url = new URL(ctx.platform.config.DATABASE_URL ?? '');
  url.port = String(port);
  return url.toString();
}

function hub(appName: string, o: { port?: number } = {}): LiveHub {
  const h = createLiveHub({
    clientConfig: {
      ...ctx.platform.database.pool.options,
      ...(o.port ? { connectionString: withPort(o.port) } : {}),
      application_name: appName,
    },
    retryMs: 50,
  });
  hubs.push(h);
  return h;
}

function recorder() {
  const got: string[] = [];
  let resyncs = 0;
  return {
    got,
    get resyncs() {
      return resyncs;
    },
    subscriber: { onNotify: (p: string) => got.push(p), onResync: () => (resyncs += 1) },
  };
}

const notify = (channel: string, payload: string) =>
  ctx.platform.database.pool.query('select pg_notify($1, $2)', [channel, payload]);

async function until(check: () => boolean | Promise<boolean>, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function connections(appName: string): Promise<number> {
  const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = $1`,
    [appName],
  );
  return rows[0]?.n ?? 0;
}

describe('the live hub', () => {
  it('fans each channel out to its own subscribers over one connection', async () => {
    const h = hub('hub-fanout');
    const [a, b, c] = [recorder(), recorder(), recorder()];
    const offA = await h.subscribe('chan_one', a.subscriber);
    await h.subscribe('chan_one', b.subscriber);
    await h.subscribe('chan_two', c.subscriber);
    expect(h.isListening).toBe(true);
    expect(await connections('hub-fanout')).toBe(1);
    await notify('chan_one', 'x1');
    await notify('chan_two', 'y1');
    await until(() => a.got.length === 1 && b.got.length === 1 && c.got.length === 1);
    expect([a.got, b.got, c.got]).toEqual([['x1'], ['x1'], ['y1']]);
    offA();
    await notify('chan_one', 'x2');
    await until(() => b.got.length === 2);
    expect(a.got).toEqual(['x1']);
  });

  it('closes its connection when the last subscriber leaves, and opens one again', async () => {
    const h = hub('hub-lifecycle');
    expect(await connections('hub-lifecycle')).toBe(0);
    const off = await h.subscribe('chan_life', recorder().subscriber);
    expect(await connections('hub-lifecycle')).toBe(1);
    off();
    await until(async () => (await connections('hub-lifecycle')) === 0);
    expect(h.isListening).toBe(false);
    const r = recorder();
    await h.subscribe('chan_life', r.subscriber);
    await notify('chan_life', 'back');
    await until(() => r.got.length === 1);
  });

  it('reconnects after the connection is killed and tells subscribers to resync', async () => {
    const h = hub('hub-reconnect');
    const r = recorder();
    await h.subscribe('chan_re', r.subscriber);
    await ctx.platform.database.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and application_name = 'hub-reconnect'`,
    );
    await until(() => r.resyncs === 1);
    expect(h.isListening).toBe(true);
    await notify('chan_re', 'after');
    await until(() => r.got.includes('after'));
  });

  it('does not fail a subscriber while the database is unreachable', async () => {
    const h = hub('hub-down', { port: 1 });
    const r = recorder();
    await h.subscribe('chan_down', r.subscriber);
    expect(h.isListening).toBe(false);
    expect(r.resyncs).toBe(0);
    await h.close();
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(
      hub('hub-bad').subscribe('x; drop table bed', recorder().subscriber),
    ).rejects.toThrow('not a channel name');
  });
});
