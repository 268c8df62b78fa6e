import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../src/platform/config.js';
import { createDatabase } from '../src/platform/db.js';
import { ManualClock } from '../src/platform/clock.js';
import { createPlatform, type Platform } from '../src/platform/platform.js';
import { buildApp, type App } from '../src/app.js';

export interface TestContext {
  platform: Platform;
  app: App;
  clock: ManualClock;
  /** Closes the app and the pool and drops this file's database. */
  close(): Promise<void>;
}

export const testEncryptionKey = Buffer.alloc(32, 7);

/**
 * A fresh database copied from the migrated template, a platform on a manual clock, and the
 * app built on it. One per test file (in beforeAll); tests inside a file share it.
 */
export async function createTestContext(
  opts: { env?: Record<string, string>; clock?: ManualClock } = {},
): Promise<TestContext> {
  const baseUrl = inject('testDatabaseUrl');
  const template = inject('templateDatabase');
  const name = `meridian_t${process.pid}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database "${name}" template "${template}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;

  const config = loadConfig({
    DATABASE_URL: url.toString(),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    WORKERS: 'false',
    ...opts.env,
  });
  const database = createDatabase(url.toString(), { max: 5 });
  const clock = opts.clock ?? new ManualClock();
  const platform = createPlatform({ config, database, clock, encryptionKey: testEncryptionKey });
  const app = await buildApp(platform, { logger: false, serveWeb: false });
  return {
    platform,
    app,
    clock,
    async close() {
      await app.close();
      await database.close();
      const drop = new pg.Client({ connectionString: baseUrl });
      await drop.connect();
      await drop.query(`drop database if exists "${name}" with (force)`);
      await drop.end();
    },
  };
}
