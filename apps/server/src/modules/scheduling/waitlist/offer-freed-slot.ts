import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow } from '../scheduling.tables.js';

/**
 * Called in the transaction that freed a slot (a cancellation, or a reschedule away from
 * it) with the appointment as it was: offers the slot to matching waitlist entries.
 * Runs inside the caller's transaction; must not throw for "nobody is waiting".
 */
export async function offerFreedSlot(
  _tx: DbOrTx,
  _platform: Platform,
  _freed: AppointmentRow,
): Promise<void> {
  // Placeholder until waitlist/ lands.
  await Promise.resolve();
}
