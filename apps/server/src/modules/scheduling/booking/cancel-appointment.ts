import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow, Channel } from '../scheduling.tables.js';

export interface CancelCommand {
  appointmentId: string;
  reason: string;
  channel: Channel;
  /** Null for the patient (by link) and for jobs. */
  actorUserId: string | null;
  /** If-Match from staff; links and jobs pass none. */
  expectedVersion?: number;
}

/**
 * Cancels inside the caller's transaction: refuses a status the visit flow cannot cancel
 * (scheduling.invalid_transition), frees the resources, records the event and the audit
 * row, and offers the freed slot to the waitlist (waitlist/offer-freed-slot.ts).
 */
export async function cancelAppointmentInTx(
  _tx: DbOrTx,
  _platform: Platform,
  _cmd: CancelCommand,
): Promise<AppointmentRow> {
  // Placeholder until booking/ lands.
  return Promise.reject(new Error('cancelAppointmentInTx is being built'));
}
