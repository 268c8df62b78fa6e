import type { Config } from './platform/config.js';
import { createDatabase, type Database } from './platform/db.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './platform/embedded-postgres.js';
import { migrate } from './platform/migrate.js';
import { resolveEncryptionKey } from './platform/crypto.js';
import { createPlatform, type Platform } from './platform/platform.js';
import { systemClock } from './platform/clock.js';
import { ensureClinicalReferenceData } from './modules/clinical/index.js';

export interface Runtime {
  platform: Platform;
  embedded: EmbeddedDatabase | null;
  /** Closes the pool, then stops the embedded PostgreSQL if we started it. */
  close(): Promise<void>;
}

/** Connects to (or starts) PostgreSQL, applies migrations and builds the platform. */
export async function bootstrap(
  config: Config,
  log: (msg: string) => void,
  opts: { migrate?: boolean } = {},
): Promise<Runtime> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.DATA_DIR);
    url = embedded.url;
    log(`embedded PostgreSQL started from ${config.DATA_DIR}/pg`);
  }
  let database: Database | null = null;
  try {
    database = createDatabase(url);
    if (opts.migrate !== false) {
      const applied = await migrate(database.pool);
      if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
      // Reference data the migrations' tables expect (code sets, the drug catalogue).
      await ensureClinicalReferenceData(database, systemClock, log);
    }
    const platform = createPlatform({
      config,
      database,
      clock: systemClock,
      encryptionKey: resolveEncryptionKey(config),
    });
    const db = database;
    return {
      platform,
      embedded,
      async close() {
        await db.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await database?.close();
    await embedded?.stop();
    throw err;
  }
}
