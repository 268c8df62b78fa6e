// Starts the real server from the built dist (`npm test` and `npm run e2e` build first) on a
// free port with a fresh data directory and the demo seed, for every e2e test file; stops it
// with SIGTERM at the end and checks that it stopped cleanly.
import { execFile } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import {
  makeDataDir,
  removeDataDir,
  repoRoot,
  serverCli,
  startServer,
} from '../tools/meridian-server.js';

export interface E2eAdmin {
  email: string;
  password: string;
  /** Base32 TOTP secret the CLI printed at creation. */
  totpSecret: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the e2e server listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
    e2eBaseUrl: string;
    /**
     * An administrator of the journeys' own, created with `meridian user create` before the
     * first start, so journeys that need admin pages (the message viewer) do not depend on
     * the demo admin's second factor, which the admin sign-in journey enrols.
     */
    e2eAdmin: E2eAdmin;
  }
}

const e2eAdminEmail = 'e2e-admin@meridian.example';
const e2eAdminPassword = 'journeys-keep-watch-2026';

/** The parent's PATH, HOME, user, locale and TZ (never a DATABASE_URL: the CLI must use DATA_DIR). */
function passedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

/** `meridian user create` for the journeys' administrator; returns its TOTP secret. */
function createAdmin(dataDir: string): Promise<E2eAdmin> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [
        serverCli,
        'user',
        'create',
        '--email',
        e2eAdminEmail,
        '--role',
        'admin',
        '--name',
        'E2E Admin',
        '--password-stdin',
      ],
      { cwd: repoRoot, env: { ...passedEnv(), DATA_DIR: dataDir, LOG_LEVEL: 'warn' } },
      (err, stdout, stderr) => {
        const secret = /secret: ([A-Z2-7]+)/.exec(stdout)?.[1];
        if (err || !secret)
          reject(
            new Error(`creating the e2e admin failed: ${err?.message ?? ''}\n${stdout}${stderr}`),
          );
        else resolve({ email: e2eAdminEmail, password: e2eAdminPassword, totpSecret: secret });
      },
    );
    child.stdin?.end(`${e2eAdminPassword}\n`);
  });
}

export default async function setup(project: TestProject) {
  const dataDir = makeDataDir('meridian-e2e-');
  const admin = await createAdmin(dataDir).catch((err: unknown) => {
    removeDataDir(dataDir);
    throw err;
  });
  project.provide('e2eAdmin', admin);
  const server = await startServer({
    dataDir,
    env: {
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      // The journeys sign in more often than a person would; throttling is not under test.
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      // The scheduling journey waits for the no-show job, which then marks at once.
      SCHEDULING_NO_SHOW_GRACE_MINUTES: '0',
    },
    readyTimeoutMs: 90_000,
  }).catch((err: unknown) => {
    removeDataDir(dataDir);
    throw err;
  });
  console.log(`[e2e] server ready in ${Math.round(server.readyMs)} ms at ${server.baseUrl}`);
  project.provide('e2eBaseUrl', server.baseUrl);

  return async () => {
    const stopped = await server.stop(30_000);
    removeDataDir(dataDir);
    if (!stopped.clean) {
      throw new Error(
        `the e2e server did not stop cleanly (code ${stopped.code}, signal ${stopped.signal}` +
          `${stopped.killed ? ', killed after 30 s' : ''}):\n${server.output()}`,
      );
    }
  };
}
