// Starts the real server from the built dist (`npm test` and `npm run e2e` build first) on a
// free port with a fresh data directory and the demo seed, for every e2e test file; stops it
// with SIGTERM at the end and checks that it stopped cleanly.
import type { TestProject } from 'vitest/node';
import { makeDataDir, removeDataDir, startServer } from '../tools/meridian-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the e2e server listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
    e2eBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = makeDataDir('meridian-e2e-');
  const server = await startServer({
    dataDir,
    env: {
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      // The journeys sign in more often than a person would; throttling is not under test.
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
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
