import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../../tools/meridian-server.js';

export interface BareServer {
  url: string;
  fastifyVersion: string;
  stop(): Promise<void>;
  kill(): void;
}

/** The Fastify version the baseline loads (the one hoisted to the root node_modules). */
export function bareFastifyVersion(): string {
  const require = createRequire(path.join(repoRoot, 'bench', 'bare-fastify-server.ts'));
  return (require('fastify/package.json') as { version: string }).version;
}

/** The Fastify version the real server loads (resolved from apps/server). */
export function serverFastifyVersion(): string {
  const require = createRequire(path.join(repoRoot, 'apps', 'server', 'package.json'));
  return (require('fastify/package.json') as { version: string }).version;
}

/** Starts bench/bare-fastify-server.ts in its own process (group) and waits for its port. */
export async function startBareFastify(timeoutMs = 30_000): Promise<BareServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-fastify-server.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? -1;
  const kill = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the bare Fastify server did not start')),
      timeoutMs,
    );
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the bare Fastify server exited:\n${output}`));
    });
  }).catch((err: unknown) => {
    kill();
    throw err;
  });
  return {
    url: `http://127.0.0.1:${port}/hello`,
    fastifyVersion: bareFastifyVersion(),
    kill,
    async stop() {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([
        exited.then(() => false),
        sleep(5_000, true, { ref: false }),
      ]);
      if (timedOut) kill();
    },
  };
}
