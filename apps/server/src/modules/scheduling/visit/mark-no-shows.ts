import type { Platform } from '../../../platform/platform.js';
import * as repo from './visit.repository.js';

export interface MarkNoShowsOptions {
  /** Default: the platform clock's now. */
  now?: Date;
  /** Appointments per transaction; default 200. */
  limit?: number;
}

/**
 * Marks as no-shows the booked and confirmed appointments whose start plus the grace period
 * (SCHEDULING_NO_SHOW_GRACE_MINUTES) has passed: channel `system`, no actor, one event and
 * one audit row each, in batches of `limit` per transaction. Rows another worker holds are
 * skipped (FOR UPDATE SKIP LOCKED), so two workers may run it at once without marking
 * anything twice. Returns how many it marked.
 */
export async function markNoShows(
  platform: Platform,
  opts: MarkNoShowsOptions = {},
): Promise<number> {
  const now = opts.now ?? platform.clock.now();
  const limit = opts.limit ?? 200;
  const graceMs = platform.config.SCHEDULING_NO_SHOW_GRACE_MINUTES * 60_000;
  const startedBefore = new Date(now.getTime() - graceMs);
  let total = 0;
  for (;;) {
    const marked = await platform.db.transaction(async (tx) => {
      const rows = await repo.markDueNoShows(tx, { startedBefore, now, limit });
      const ids = rows.map((r) => r.id);
      await repo.setResourcesActive(tx, ids, false);
      await repo.insertStatusEvents(
        tx,
        rows.map((r) => ({
          appointmentId: r.id,
          fromStatus: r.status,
          toStatus: 'no_show' as const,
          channel: 'system' as const,
          actorUserId: null,
          note: null,
          occurredAt: now,
        })),
      );
      // Last: the audit chain's lock is held from the first of these until commit.
      for (const r of rows) {
        await platform.audit.record(tx, {
          action: 'appointment.status_changed',
          actorUserId: null,
          patientId: r.patientId,
          entityType: 'appointment',
          entityId: r.id,
          facilityId: r.facilityId,
          details: {
            action: 'no_show',
            fromStatus: r.status,
            toStatus: 'no_show',
            channel: 'system',
          },
        });
      }
      return rows.length;
    });
    total += marked;
    if (marked < limit) return total;
  }
}
