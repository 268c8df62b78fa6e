import { z } from 'zod';
import { defineJob } from '../../../platform/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import { lockExpiredHolds } from './waitlist.repository.js';
import { holdExpiredReason, releaseHold } from './release-hold.js';

const batchSize = 50;

/**
 * Releases the waitlist holds whose time is up: each hold is cancelled by the system, its
 * open offers expire (their entries wait again) and the slot is offered to the next entries.
 * Holds are taken with SKIP LOCKED, in batches of their own transaction, so several workers
 * (or a patient accepting at that moment) never process one hold twice.
 */
export async function expireHolds(
  platform: Platform,
  opts: { now?: Date } = {},
): Promise<{ released: number }> {
  const now = opts.now ?? platform.clock.now();
  let released = 0;
  for (;;) {
    const count = await platform.db.transaction(async (tx) => {
      const holds = await lockExpiredHolds(tx, now, batchSize);
      for (const held of holds) {
        await releaseHold(tx, platform, held, holdExpiredReason);
      }
      return holds.length;
    });
    released += count;
    if (count < batchSize) return { released };
  }
}

defineJob({
  name: 'scheduling.expire-waitlist-holds',
  data: z.object({}),
  schedule: '* * * * *',
  async handler(_data, { platform, logger }) {
    const { released } = await expireHolds(platform);
    if (released > 0) logger.info({ released }, 'released expired waitlist holds');
  },
});
