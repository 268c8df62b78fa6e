import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/embedded-postgres.js';
import { migrate } from '../src/platform/migrate.js';
import { ensureClinicalReferenceData } from '../src/modules/clinical/index.js';
import { systemClock } from '../src/platform/clock.js';
import { createDatabase } from '../src/platform/db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL whose database path is replaced per test file. */
    testDatabaseUrl: string;
    /** The migrated template every test file copies. */
    templateDatabase: string;
  }
}

/**
 * Starts a throw-away embedded PostgreSQL (or uses TEST_DATABASE_URL), migrates a template
 * database once, and tells test files where it is; each file copies it (see harness.ts).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | null = null;
  let dataDir: string | null = null;
  let baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    dataDir = mkdtempSync(path.join(tmpdir(), 'meridian-test-pg-'));
    embedded = await startEmbeddedPostgres(dataDir, { database: 'postgres' });
    baseUrl = embedded.url;
  }
  const template = `meridian_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${template}`;
  const database = createDatabase(url.toString(), { max: 2 });
  try {
    await migrate(database.pool);
    // As `meridian start` does: every copy carries the code sets and the drug catalogue.
    await ensureClinicalReferenceData(database, systemClock);
  } finally {
    await database.close();
  }
  project.provide('testDatabaseUrl', baseUrl);
  project.provide('templateDatabase', template);

  return async () => {
    // Drop what this run made (test files drop their own copies; this catches the rest).
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'meridian_t%' and datname like $1",
      [`%${process.pid}%`],
    );
    for (const r of rows) await admin.query(`drop database if exists "${r.datname}" with (force)`);
    await admin.end();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
