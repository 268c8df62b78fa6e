import type { Appointment, Permission } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow } from '../scheduling.tables.js';

/**
 * Appointments as the API shows them: with practitioner and type names, reserved resources
 * and the patient's summary (restricted records without a grant show id and MRN only, via
 * the patients module's patientSummaries). Does not audit: callers record one read event
 * listing the patient ids shown.
 */
export async function toAppointments(
  _platform: Platform,
  _tx: DbOrTx,
  _principal: Principal | null,
  _permission: Permission,
  _rows: readonly AppointmentRow[],
): Promise<Appointment[]> {
  // Placeholder until booking/ lands.
  return Promise.reject(new Error('toAppointments is being built'));
}
