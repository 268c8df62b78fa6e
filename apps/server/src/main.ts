import { loadConfig } from './platform/config.js';
import { startServer } from './server.js';

// `node dist/main.js`: the same as `meridian start`.
await startServer(loadConfig()).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
