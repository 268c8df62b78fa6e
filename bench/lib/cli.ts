import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { repoRoot, serverCli } from '../../tools/meridian-server.js';

/** The parent's PATH, HOME, locale and TZ; everything else a child gets is set explicitly. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

/**
 * Runs `node apps/server/dist/cli.js <args>` in production mode with `env` (DATA_DIR or
 * DATABASE_URL...), echoing its output; rejects with the output when it exits non-zero.
 */
export function runCli(
  cliArgs: string[],
  env: Record<string, string>,
): Promise<{ output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverCli, ...cliArgs], {
      cwd: repoRoot,
      env: { ...inheritedEnv(), NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (c: Buffer) => {
      output += c.toString('utf8');
      process.stdout.write(c);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ output, seconds });
      else reject(new Error(`meridian ${cliArgs.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}
