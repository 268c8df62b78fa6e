import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import type { Period } from '../period-column.js';
import {
  addDays,
  isWithinWorkingTime,
  localDateOf,
  startOfLocalDay,
  workingFacilityOf,
  type WorkingBlock,
} from './availability.js';
import * as repo from './calendar-data.repository.js';
import { toWorkingBlock } from './slot-search.js';

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

const utcDate = (d: Date) => d.toISOString().slice(0, 10);
const span = (p: Period) => `[${p.from.toISOString()}, ${p.to.toISOString()})`;

function refused(
  code:
    | 'scheduling.outside_working_hours'
    | 'scheduling.practitioner_unavailable'
    | 'scheduling.daily_limit_reached',
  rule: string,
  message: string,
): AppError {
  return new AppError(code, message, { errors: [{ path: 'startsAt', rule, message }] });
}

/** The practitioner's blocks that may apply to local dates around the period (any zone). */
async function blocksAround(
  tx: DbOrTx,
  practitionerId: string,
  p: Period,
): Promise<WorkingBlock[]> {
  const rows = await repo.findBlocksOfPractitioner(
    tx,
    practitionerId,
    addDays(utcDate(p.from), -1),
    addDays(utcDate(p.to), 1),
  );
  return rows.map(toWorkingBlock);
}

/** What the calendar rules read: the blocks around the period and the exceptions over it. */
export interface CalendarFacts {
  blocks: readonly WorkingBlock[];
  /** In force over the blocked period; those of other practitioners and facilities are ignored. */
  exceptions: readonly Pick<repo.ExceptionRow, 'id' | 'kind' | 'practitionerId' | 'facilityId'>[];
  /** The practitioner's per-day maximum when already read (unlocked); undefined = not read. */
  maxAppointmentsPerDay?: number | null;
}

/**
 * Checks the calendar rules for a booking that is not an overbooking: within the working
 * hours of a template at that facility, not in an exception (leave, holiday, blocked time),
 * and under the practitioner's per-day maximum (local day in the facility's zone).
 * Throws scheduling.outside_working_hours, scheduling.practitioner_unavailable or
 * scheduling.daily_limit_reached. Overlaps with other appointments are not checked here:
 * the exclusion constraints decide those.
 */
export async function assertBookable(tx: DbOrTx, w: BookingWindow): Promise<void> {
  const blocks = await blocksAround(tx, w.practitionerId, w.blockedPeriod);
  const exceptions = await repo.findExceptions(
    tx,
    { practitionerIds: [w.practitionerId], facilityIds: [w.facilityId] },
    w.blockedPeriod.from,
    w.blockedPeriod.to,
  );
  await assertBookableWith(tx, w, { blocks, exceptions });
}

/** assertBookable on facts the caller read already (booking reads them in one query). */
export async function assertBookableWith(
  tx: DbOrTx,
  w: BookingWindow,
  facts: CalendarFacts,
): Promise<void> {
  if (!isWithinWorkingTime(facts.blocks, w.facilityId, w.blockedPeriod)) {
    throw refused(
      'scheduling.outside_working_hours',
      'outside_working_hours',
      `practitioner ${w.practitionerId} has no working hours at facility ${w.facilityId} covering ${span(w.blockedPeriod)}: the visit and its buffers must lie inside one template block`,
    );
  }
  const exception = facts.exceptions.find(
    (e) => e.practitionerId === w.practitionerId || e.facilityId === w.facilityId,
  );
  if (exception) {
    const whose = exception.practitionerId ? 'the practitioner' : `facility ${w.facilityId}`;
    throw refused(
      'scheduling.practitioner_unavailable',
      'exception',
      `practitioner ${w.practitionerId} is unavailable over ${span(w.blockedPeriod)}: exception ${exception.id} (${exception.kind} of ${whose})`,
    );
  }
  await assertUnderDailyMaximum(tx, w, facts);
}

async function assertUnderDailyMaximum(
  tx: DbOrTx,
  w: BookingWindow,
  facts: CalendarFacts,
): Promise<void> {
  const unlocked =
    facts.maxAppointmentsPerDay !== undefined
      ? facts.maxAppointmentsPerDay
      : ((await repo.findDailyMaximum(tx, w.practitionerId, { lock: false }))
          ?.maxAppointmentsPerDay ?? null);
  if (unlocked == null) return;
  // Capped: lock the profile so concurrent bookings of this practitioner count in turn.
  const locked = await repo.findDailyMaximum(tx, w.practitionerId, { lock: true });
  const max = locked?.maxAppointmentsPerDay;
  const zone = facts.blocks.find((b) => b.facilityId === w.facilityId)?.timeZone;
  if (max == null || !zone) return;
  const day = localDateOf(w.startsAt, zone);
  const booked = await repo.countActiveAppointments(
    tx,
    w.practitionerId,
    new Date(startOfLocalDay(day, zone)),
    new Date(startOfLocalDay(addDays(day, 1), zone)),
    w.excludeAppointmentId,
  );
  if (booked >= max) {
    throw refused(
      'scheduling.daily_limit_reached',
      'daily_limit',
      `practitioner ${w.practitionerId} already has ${booked} active appointments on ${day} (${zone}); the maximum is ${max} per day`,
    );
  }
}

/**
 * The facility whose template has the practitioner working over [startsAt, endsAt), or
 * null when none does (then the booking needs a facility of its own or an overbook).
 */
export async function workingFacilityAt(
  tx: DbOrTx,
  practitionerId: string,
  startsAt: Date,
  endsAt: Date,
): Promise<string | null> {
  const period = { from: startsAt, to: endsAt };
  return workingFacilityOf(await blocksAround(tx, practitionerId, period), period);
}
