import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { JobDefinition } from '../jobs.js';
import type { Platform } from '../platform.js';

export interface PruneIdempotencyKeysResult {
  deleted: number;
  batches: number;
}

/**
 * Deletes the idempotency keys older than the retention (IDEMPOTENCY_KEY_RETENTION_HOURS),
 * a batch per statement, so no statement holds locks on many rows for long. Rows that a
 * create's transaction has locked are skipped (SKIP LOCKED) and go on a later run.
 */
export async function pruneIdempotencyKeys(
  platform: Platform,
  opts: { now?: Date; batchSize?: number; maxBatches?: number } = {},
): Promise<PruneIdempotencyKeysResult> {
  const now = opts.now ?? platform.clock.now();
  const batchSize = opts.batchSize ?? 1_000;
  const maxBatches = opts.maxBatches ?? 1_000;
  const cutoff = new Date(
    now.getTime() - platform.config.IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000,
  );
  const result: PruneIdempotencyKeysResult = { deleted: 0, batches: 0 };
  while (result.batches < maxBatches) {
    // Oldest first through idempotency_key_created; each statement commits on its own.
    const { rowCount } = await platform.db.execute(sql`
      delete from idempotency_key k
       using (
         select user_id, scope, key from idempotency_key
          where created_at < ${cutoff.toISOString()}::timestamptz
          order by created_at
          limit ${batchSize}
          for update skip locked
       ) old
       where k.user_id = old.user_id and k.scope = old.scope and k.key = old.key`);
    result.batches += 1;
    result.deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) break;
  }
  return result;
}

/**
 * Hourly: forgets the idempotency keys past their retention. Registered by jobs.ts itself
 * (platform code, no module owns it); a failed run is simply retried.
 */
const noData = z.object({});

export const pruneIdempotencyKeysJob: JobDefinition<z.infer<typeof noData>> = {
  name: 'platform.prune-idempotency-keys',
  data: noData,
  schedule: '17 * * * *',
  retryLimit: 2,
  expireInSeconds: 10 * 60,
  async handler(_data, { platform, logger }) {
    const result = await pruneIdempotencyKeys(platform);
    if (result.deleted > 0) logger.info(result, 'idempotency keys pruned');
  },
};
