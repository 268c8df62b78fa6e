import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type pg from 'pg';

/**
 * Forward-only SQL migrations from apps/server/migrations (NNNN_name.sql), each applied in
 * its own transaction and recorded in schema_migration. An advisory lock makes concurrent
 * starts of several instances safe: one migrates, the others wait and then see it done.
 *
 * Why not drizzle's migrate(): its journal file is a merge point that parallel branches
 * edit, and it takes no lock for concurrent starts. Migrations here stay plain, reviewed SQL.
 */
export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

const lockKey = 7_245_001; // arbitrary, constant: "meridian migrations"

export interface Migration {
  name: string;
  sql: string;
}

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => ({ name: f, sql: await readFile(path.join(dir, f), 'utf8') })),
  );
}

export async function pendingMigrations(pool: pg.Pool, dir = migrationsDir): Promise<string[]> {
  const all = await loadMigrations(dir);
  const exists = await pool.query<{ ok: boolean }>(
    "select to_regclass('public.schema_migration') is not null as ok",
  );
  if (!exists.rows[0]?.ok) return all.map((m) => m.name);
  const done = await pool.query<{ name: string }>('select name from schema_migration');
  const applied = new Set(done.rows.map((r) => r.name));
  return all.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(pool: pg.Pool, dir = migrationsDir): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [lockKey]);
    await client.query(`create table if not exists schema_migration (
      name text primary key,
      applied_at timestamptz not null default now()
    )`);
    const done = await client.query<{ name: string }>('select name from schema_migration');
    const doneNames = new Set(done.rows.map((r) => r.name));
    for (const m of migrations) {
      if (doneNames.has(m.name)) continue;
      try {
        await client.query('begin');
        await client.query(m.sql);
        await client.query('insert into schema_migration (name) values ($1)', [m.name]);
        await client.query('commit');
        applied.push(m.name);
      } catch (err) {
        await client.query('rollback');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    client.release();
  }
  return applied;
}
