import type { DbOrTx } from '../../../platform/db.js';
import type { Period } from '../period-column.js';

/** A visit to be placed on a practitioner's calendar (its buffers in blockedPeriod). */
export interface BookingWindow {
  practitionerId: string;
  facilityId: string;
  startsAt: Date;
  endsAt: Date;
  blockedPeriod: Period;
  /** The appointment being moved, when rescheduling (its own place does not count). */
  excludeAppointmentId?: string;
}

/**
 * Checks the calendar rules for a booking that is not an overbooking: within the working
 * hours of a template at that facility, not in an exception (leave, holiday, blocked time),
 * and under the practitioner's per-day maximum (local day in the facility's zone).
 * Throws scheduling.outside_working_hours, scheduling.practitioner_unavailable or
 * scheduling.daily_limit_reached. Overlaps with other appointments are not checked here:
 * the exclusion constraints decide those.
 */
export async function assertBookable(_tx: DbOrTx, _w: BookingWindow): Promise<void> {
  // Placeholder until availability/ lands: every window is bookable.
  await Promise.resolve();
}

/**
 * The facility whose template has the practitioner working over [startsAt, endsAt), or
 * null when none does (then the booking needs a facility of its own or an overbook).
 */
export async function workingFacilityAt(
  _tx: DbOrTx,
  _practitionerId: string,
  _startsAt: Date,
  _endsAt: Date,
): Promise<string | null> {
  // Placeholder until availability/ lands.
  return Promise.resolve(null);
}
