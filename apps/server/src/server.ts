import type { Config } from './platform/config.js';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { seedDemo } from './demo/seed-demo.js';
import { startWorkers, type Workers } from './platform/jobs.js';

export type ServerRole = 'all' | 'api' | 'worker';

/**
 * `meridian start`: database, migrations, demo seed on the first embedded start, HTTP
 * server and workers; on SIGINT/SIGTERM everything stops in reverse order.
 */
export async function startServer(config: Config, role: ServerRole = 'all'): Promise<void> {
  const started = Date.now();
  const log = (msg: string) => console.log(`[meridian] ${msg}`);
  const runtime = await bootstrap(config, log);
  const { platform } = runtime;

  if (config.DEMO ?? config.embedded) {
    const demo = await seedDemo(platform);
    if (demo.seeded) {
      log('demo data seeded; sign in with any of these (password for all of them):');
      for (const u of demo.users) log(`  ${u.email.padEnd(32)} ${u.roles.join(', ')}`);
      log(`  password: ${demo.password}`);
    }
  }

  const app = role === 'worker' ? null : await buildApp(platform);
  let workers: Workers | null = null;
  if (role !== 'api' && config.WORKERS) workers = await startWorkers(platform);
  if (app) {
    await app.listen({ port: config.PORT, host: config.HOST });
    log(`ready in ${Date.now() - started} ms at http://localhost:${config.PORT}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    try {
      await app?.close();
      await workers?.stop();
      await runtime.close();
      log('stopped cleanly');
      process.exit(0);
    } catch (err) {
      console.error('[meridian] shutdown failed', err);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
