import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  killAllServers,
  makeDataDir,
  removeDataDir,
  startServer,
  type MeridianServer,
} from '../../tools/meridian-server.js';
import { runCli } from './cli.js';
import { signIn, type Instance } from './instances.js';
import { databaseUrlFor, timedStep, withClient } from './pg.js';

export interface TwoInstanceBench {
  /** Names the database and the data directory, e.g. `sched`. */
  name: string;
  /** The server the bench database is created on (its own database is dropped at the end). */
  databaseUrl: string;
  /** Generated patients added after the demo seed (`meridian seed patients`). */
  patients: number;
  /** The demo user both instances are signed in as. */
  signInAs: string;
  /** The bench's own data, loaded after the patients and before the second instance. */
  load: (c: pg.Client, patientSeconds: number) => Promise<void>;
  /** The measurements, with both instances up and a client on the bench database. */
  measure: (c: pg.Client, instances: Instance[]) => Promise<void>;
}

const dataDirs = new Set<string>();

/**
 * The frame of the benches that need scale and two servers on one database: a fresh
 * database, the first start (migrations and the demo seed), N patients, the bench's data,
 * a second instance, both signed in; at the end the servers stop and the database goes.
 */
export async function onTwoInstances(bench: TwoInstanceBench): Promise<void> {
  const dbName = `meridian_bench_${bench.name}_${process.pid}`;
  await withClient(bench.databaseUrl, (c) => c.query(`create database ${dbName}`));
  const url = databaseUrlFor(bench.databaseUrl, dbName);
  const env = {
    DATABASE_URL: url,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    WORKERS: 'false',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const servers: MeridianServer[] = [];
  try {
    const dataDir = makeDataDir(`meridian-bench-${bench.name}-`);
    dataDirs.add(dataDir);
    console.log('[bench] first start: migrations and the demo seed ...');
    servers.push(
      await startServer({ dataDir, env: { ...env, DEMO: 'true' }, readyTimeoutMs: 300_000 }),
    );
    const patientSeconds = await timedStep(`seed ${bench.patients} patients`, () =>
      runCli(['seed', 'patients', '--count', String(bench.patients), '--seed', '2026'], {
        DATABASE_URL: url,
        ENCRYPTION_KEY: env.ENCRYPTION_KEY,
      }),
    );
    await withClient(url, (c) => bench.load(c, patientSeconds));
    servers.push(await startServer({ dataDir, env, readyTimeoutMs: 120_000 }));
    const instances = await Promise.all(servers.map((s) => signIn(s, bench.signInAs)));
    await withClient(url, (c) => bench.measure(c, instances));
  } finally {
    for (const s of servers) await s.stop(10_000).catch(() => s.kill());
    await withClient(bench.databaseUrl, (c) =>
      c.query(`drop database if exists ${dbName} with (force)`),
    );
  }
}

/** Stops every server a bench started and removes the data directories (also on Ctrl-C). */
export function cleanUpTwoInstances(): void {
  killAllServers();
  for (const dir of dataDirs) removeDataDir(dir);
}
