import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** `url` with its database name replaced by `name`. */
export function databaseUrlFor(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` with a connected client, always closing it. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `fn`, prints how long it took and returns the seconds (one decimal). */
export async function timedStep(label: string, fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  console.log(`[bench] ${label}: ${seconds} s`);
  return seconds;
}
