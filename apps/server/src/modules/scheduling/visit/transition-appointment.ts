import type { AppointmentTransition } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow, Channel } from '../scheduling.tables.js';

export interface TransitionCommand {
  appointmentId: string;
  action: AppointmentTransition;
  channel: Channel;
  /** Null for the patient (by link) and for jobs. */
  actorUserId: string | null;
  note?: string;
  /** If-Match from staff; links and jobs pass none. */
  expectedVersion?: number;
}

/**
 * Moves an appointment along the visit flow inside the caller's transaction (row locked):
 * refuses what visit-flow.ts forbids (scheduling.invalid_transition), stamps the
 * transition's time, records the event and the audit row.
 */
export async function transitionAppointmentInTx(
  _tx: DbOrTx,
  _platform: Platform,
  _cmd: TransitionCommand,
): Promise<AppointmentRow> {
  // Placeholder until visit/ lands.
  return Promise.reject(new Error('transitionAppointmentInTx is being built'));
}
