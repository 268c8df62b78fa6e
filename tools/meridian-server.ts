// Starts and stops the real Meridian server (`node apps/server/dist/cli.js start`) as a
// child process for the benchmarks (bench/) and the browser journeys (e2e/).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { DEMO_PASSWORD, DEMO_USERS } from '../apps/server/src/demo/seed-demo.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverCli = path.join(repoRoot, 'apps/server/dist/cli.js');

/**
 * The demo accounts the first embedded start seeds. A type-only import checks these against
 * the seed at compile time without loading server code into the bench or the test workers.
 */
export const demoPassword: typeof DEMO_PASSWORD = 'meridian-demo-2026';
export const demoUsers = {
  admin: 'admin@meridian.example',
  physician: 'physician@meridian.example',
  frontDesk: 'frontdesk@meridian.example',
} as const satisfies Record<string, (typeof DEMO_USERS)[number]['email']>;

/** Environment variables passed through from the parent; everything else is set explicitly. */
const inheritedEnv = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ'] as const;
const outputTailBytes = 256 * 1024;

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
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

/** A fresh, empty data directory under the system temp directory. */
export function makeDataDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

export interface StartOptions {
  dataDir: string;
  /** Extra environment (DEMO, LOG_LEVEL, AUTH_RATE_LIMIT_PER_MINUTE, ...). */
  env?: Record<string, string>;
  port?: number;
  /** How long to wait for the first 200 from /readyz. */
  readyTimeoutMs?: number;
  /** How often /readyz is polled; small values make start-up timings precise. */
  pollIntervalMs?: number;
  /** Also append everything the server prints to this file. */
  logFile?: string;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StopResult extends ExitStatus {
  /** Exited with code 0 after printing "[meridian] stopped cleanly". */
  clean: boolean;
  durationMs: number;
  /** Had to be killed with SIGKILL (it did not exit in time). */
  killed: boolean;
}

export interface MeridianServer {
  readonly baseUrl: string;
  readonly port: number;
  readonly pid: number;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readonly readyMs: number;
  /** The last 256 KB the server printed (stdout and stderr interleaved). */
  output(): string;
  /** SIGTERM, then waits for the exit; SIGKILLs the process group after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<StopResult>;
  /** SIGKILL to the whole process group (server and its PostgreSQL); for error paths. */
  kill(): void;
}

/** Every server started by this process, so an interrupted run can still stop them. */
const running = new Set<MeridianServer>();

/** Kills every server this process started and has not stopped (error and signal paths). */
export function killAllServers(): void {
  for (const server of running) server.kill();
  running.clear();
}

class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly file: WriteStream | null) {}
  push(chunk: Buffer): void {
    this.file?.write(chunk);
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > outputTailBytes && this.chunks.length > 1) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  close(): void {
    this.file?.end();
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function childEnv(opts: StartOptions, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of inheritedEnv) if (process.env[key] !== undefined) env[key] = process.env[key];
  return {
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: opts.dataDir,
    ...opts.env,
  };
}

/**
 * Spawns the server in its own process group (so its embedded PostgreSQL can be cleaned
 * up with it) and resolves once /readyz answers 200. Fails with the server's output when it
 * exits or does not become ready in time.
 */
export async function startServer(opts: StartOptions): Promise<MeridianServer> {
  if (!existsSync(serverCli)) {
    throw new Error(`${serverCli} is missing: build first (node tools/build.mjs)`);
  }
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const tail = new OutputTail(
    opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : null,
  );
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [serverCli, 'start'], {
    cwd: repoRoot,
    env: childEnv(opts, port),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => tail.push(c));
  child.stderr?.on('data', (c: Buffer) => tail.push(c));
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      tail.push(Buffer.from(`spawn failed: ${err.message}\n`));
      resolve({ code: null, signal: null });
    });
  });
  let exitStatus: ExitStatus | null = null;
  void exited.then((s) => {
    exitStatus = s;
    tail.close();
  });
  const pid = child.pid ?? -1;

  const kill = () => {
    if (pid > 0) signalGroup(pid, 'SIGKILL');
  };

  const stop = async (timeoutMs = 30_000): Promise<StopResult> => {
    const started = performance.now();
    let killed = false;
    if (exitStatus === null) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([
        exited.then(() => false),
        sleep(timeoutMs, true, { ref: false }),
      ]);
      if (timedOut) {
        killed = true;
        kill();
      }
    }
    const status = await exited;
    // Anything left in the group (an orphaned PostgreSQL) goes too.
    if (pid > 0 && groupAlive(pid)) {
      signalGroup(pid, 'SIGTERM');
      await sleep(2_000);
      if (groupAlive(pid)) kill();
    }
    running.delete(server);
    const clean = status.code === 0 && tail.text().includes('[meridian] stopped cleanly');
    return { ...status, clean, killed, durationMs: performance.now() - started };
  };

  const server: { -readonly [K in keyof MeridianServer]: MeridianServer[K] } = {
    baseUrl,
    port,
    pid,
    readyMs: 0,
    output: () => tail.text(),
    stop,
    kill,
  };
  running.add(server);

  try {
    server.readyMs = await waitReady(baseUrl, spawnedAt, exited, opts);
    return server;
  } catch (err) {
    kill();
    running.delete(server);
    await Promise.race([exited, sleep(5_000, null, { ref: false })]);
    const message = err instanceof Error ? err.message : 'the server did not start';
    throw new Error(`${message}\n--- server output ---\n${tail.text()}--- end of output ---`, {
      cause: err,
    });
  }
}

async function waitReady(
  baseUrl: string,
  spawnedAt: number,
  exited: Promise<ExitStatus>,
  opts: StartOptions,
): Promise<number> {
  const timeoutMs = opts.readyTimeoutMs ?? 90_000;
  const pollMs = opts.pollIntervalMs ?? 100;
  const seen: { exit: ExitStatus | null } = { exit: null };
  void exited.then((s) => (seen.exit = s));
  while (performance.now() - spawnedAt < timeoutMs) {
    if (seen.exit !== null) {
      const { code, signal } = seen.exit;
      throw new Error(`the server exited before it was ready (code ${code}, signal ${signal})`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - spawnedAt;
    } catch {
      // Not listening yet.
    }
    await sleep(pollMs);
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms (GET ${baseUrl}/readyz)`);
}

export interface ApiSignIn {
  status: number;
  /** `meridian_session=...`, ready for a Cookie header; null when none was set. */
  cookie: string | null;
  body: unknown;
}

/** POST /api/v1/auth/login; returns the session cookie and the parsed body. */
export async function signInViaApi(
  baseUrl: string,
  email: string,
  password: string,
): Promise<ApiSignIn> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: keep the text for the error message.
  }
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('meridian_session='));
  return { status: res.status, cookie: session ?? null, body };
}

/** The `session.state` of a `me` body, or null when the body has none. */
export function sessionState(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('session' in body)) return null;
  const session = body.session;
  if (typeof session !== 'object' || session === null || !('state' in session)) return null;
  return typeof session.state === 'string' ? session.state : null;
}
