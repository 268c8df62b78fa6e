import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, fromDatabaseError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding, type PatientStanding } from '../../patients/index.js';
import { workingFacilityOf } from '../availability/availability.js';
import {
  assertBookable,
  assertBookableWith,
  workingFacilityAt,
  type CalendarFacts,
} from '../availability/bookable.js';
import type { Period } from '../period-column.js';
import type { AppointmentTypeRow, PractitionerRow } from '../scheduling.tables.js';
import * as repo from './appointment.repository.js';
import './booking.errors.js';

/**
 * How far in the past a visit may still be booked: a walk-in is booked into the slot that
 * started a few minutes ago (the clerk types while the patient stands at the desk).
 */
export const walkInGraceMinutes = 15;

const minute = 60_000;

/** Checks the patient can be booked: exists, reachable, not merged away, alive. */
export async function openPatientForBooking(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string,
): Promise<void> {
  // Share-locked so a merge cannot retire the record before we commit.
  const standing = await findPatientStanding(tx, patientId, { lock: true });
  await admitPatient(platform, tx, principal, patientId, standing);
}

/** openPatientForBooking's checks on a standing read already (share-locked). */
export async function admitPatient(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string,
  standing: Pick<PatientStanding, 'status' | 'mergedIntoId' | 'deceased'> | null,
): Promise<void> {
  if (!standing) throw notFound('patient', patientId);
  await platform.access.requireAccess(tx, principal, 'appointment.book', [patientId]);
  if (standing.status === 'merged') {
    throw new AppError(
      'patient.merged',
      `patient ${patientId} was merged into ${standing.mergedIntoId ?? 'another record'}`,
      { mergedIntoId: standing.mergedIntoId },
    );
  }
  if (standing.deceased) {
    throw new AppError('scheduling.patient_deceased', `patient ${patientId} is deceased`);
  }
}

/** Overbooking is its own permission (refusals audited by the access service). */
export async function requireOverbook(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string | null,
): Promise<void> {
  await platform.access.requireAccess(
    tx,
    principal,
    'appointment.overbook',
    patientId ? [patientId] : [],
  );
}

export interface BookingSubjects {
  practitioner: Pick<
    PractitionerRow,
    'id' | 'isActive' | 'facilityId' | 'departmentId' | 'maxAppointmentsPerDay'
  >;
  type: Pick<
    AppointmentTypeRow,
    | 'id'
    | 'isActive'
    | 'modality'
    | 'durationMinutes'
    | 'bufferBeforeMinutes'
    | 'bufferAfterMinutes'
  >;
}

/** The practitioner and the type, both active, and the type allowed for the practitioner. */
export async function openSubjects(
  tx: DbOrTx,
  practitionerId: string,
  typeId: string,
): Promise<BookingSubjects> {
  // The daily cap's lock is assertBookable's (availability/bookable.ts).
  const practitioner = await repo.findPractitioner(tx, practitionerId);
  const type = practitioner?.isActive ? await repo.findAppointmentType(tx, typeId) : null;
  const allowed = type?.isActive ? await repo.allowedPractitionerIds(tx, typeId) : [];
  return checkSubjects({ practitionerId, typeId }, { practitioner, type, allowed });
}

/** openSubjects' checks on rows read already; answers them typed as present. */
export function checkSubjects<
  P extends BookingSubjects['practitioner'],
  T extends BookingSubjects['type'],
>(
  ids: { practitionerId: string; typeId: string },
  found: { practitioner: P | null; type: T | null; allowed: readonly string[] },
): { practitioner: P; type: T } {
  const { practitionerId, typeId } = ids;
  const { practitioner, type } = found;
  if (!practitioner) throw notFound('practitioner', practitionerId);
  if (!practitioner.isActive) {
    throw new AppError('scheduling.inactive', `practitioner ${practitionerId} is inactive`);
  }
  if (!type) throw notFound('appointment type', typeId);
  if (!type.isActive) {
    throw new AppError('scheduling.inactive', `appointment type ${typeId} is inactive`);
  }
  if (found.allowed.length > 0 && !found.allowed.includes(practitionerId)) {
    throw new AppError(
      'scheduling.type_not_allowed',
      `practitioner ${practitionerId} does not offer appointment type ${typeId}`,
    );
  }
  return { practitioner, type };
}

export interface VisitRequest {
  startsAt: Date;
  endsAt: Date;
  /** Given by the client; else where the practitioner works then; else the fallback. */
  facilityId?: string;
  fallbackFacilityId: string;
  resourceIds: readonly string[];
  overbookReason: string | null;
  /** The appointment being moved (its own place does not count). */
  excludeAppointmentId?: string;
}

export interface Placement {
  startsAt: Date;
  endsAt: Date;
  visit: Period;
  blockedPeriod: Period;
  facilityId: string;
  departmentId: string | null;
  resourceIds: string[];
  isOverbooked: boolean;
  overbookReason: string | null;
}

/** The visit's end: the client's, or start + the type's duration. */
export function endOf(
  startsAt: Date,
  endsAt: Date | undefined,
  type: Pick<AppointmentTypeRow, 'durationMinutes'>,
): Date {
  return endsAt ?? new Date(startsAt.getTime() + type.durationMinutes * minute);
}

/** Calendar facts read with the booking's other facts (one query), and the named facility's. */
export type KnownCalendar = CalendarFacts & { facilityKnown: boolean | null };

/**
 * Where and when the visit goes: not in the past (beyond the walk-in grace), at a known
 * facility, with active resources of that facility, and within the calendar rules unless
 * overbooked. Overlaps are left to the exclusion constraints. With `known`, the calendar
 * is not read again.
 */
export async function placeVisit(
  platform: Platform,
  tx: DbOrTx,
  { practitioner, type }: BookingSubjects,
  req: VisitRequest,
  known?: KnownCalendar,
): Promise<Placement> {
  const { startsAt, endsAt } = req;
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw fieldError('endsAt', 'duration', 'must be after startsAt');
  }
  if (startsAt.getTime() < platform.clock.now().getTime() - walkInGraceMinutes * minute) {
    throw new AppError('scheduling.in_past', `${startsAt.toISOString()} is in the past`);
  }
  const facilityId =
    req.facilityId ??
    (known
      ? workingFacilityOf(known.blocks, { from: startsAt, to: endsAt })
      : await workingFacilityAt(tx, practitioner.id, startsAt, endsAt)) ??
    req.fallbackFacilityId;
  if (req.facilityId && !(known?.facilityKnown ?? (await facilityExists(tx, req.facilityId)))) {
    throw notFound('facility', req.facilityId);
  }
  const resourceIds = [...new Set(req.resourceIds)];
  await checkResources(tx, resourceIds, facilityId);
  const visit = { from: startsAt, to: endsAt };
  const blockedPeriod = {
    from: new Date(startsAt.getTime() - type.bufferBeforeMinutes * minute),
    to: new Date(endsAt.getTime() + type.bufferAfterMinutes * minute),
  };
  if (req.overbookReason === null) {
    const w = {
      practitionerId: practitioner.id,
      facilityId,
      startsAt,
      endsAt,
      blockedPeriod,
      ...(req.excludeAppointmentId ? { excludeAppointmentId: req.excludeAppointmentId } : {}),
    };
    await (known ? assertBookableWith(tx, w, known) : assertBookable(tx, w));
  }
  return {
    startsAt,
    endsAt,
    visit,
    blockedPeriod,
    facilityId,
    departmentId: practitioner.departmentId,
    resourceIds,
    isOverbooked: req.overbookReason !== null,
    overbookReason: req.overbookReason,
  };
}

async function facilityExists(tx: DbOrTx, id: string): Promise<boolean> {
  return (await repo.facilityTimeZone(tx, id)) !== null;
}

async function checkResources(
  tx: DbOrTx,
  ids: readonly string[],
  facilityId: string,
): Promise<void> {
  const found = new Map((await repo.findResources(tx, ids)).map((r) => [r.id, r]));
  for (const id of ids) {
    const resource = found.get(id);
    if (!resource) throw notFound('resource', id);
    if (!resource.isActive) throw new AppError('scheduling.inactive', `resource ${id} is inactive`);
    if (resource.facilityId !== facilityId) {
      throw fieldError(
        'resourceIds',
        'facility',
        `resource ${id} is not at facility ${facilityId}`,
      );
    }
  }
}

const conflictCodes = new Set([
  'scheduling.slot_taken',
  'scheduling.patient_busy',
  'scheduling.resource_taken',
]);

/**
 * A constraint refusal as the API answers it, naming the appointment in the way (found by
 * a fresh query: the one the constraint saw has committed by the time we are told).
 * Anything else comes back unchanged.
 */
export async function explainConflict(
  db: DbOrTx,
  thrown: unknown,
  what: {
    practitionerId: string;
    patientId: string | null;
    placement: Pick<Placement, 'visit' | 'blockedPeriod' | 'resourceIds'>;
    excludeAppointmentId?: string;
  },
): Promise<unknown> {
  const mapped = fromDatabaseError(thrown);
  if (!mapped || !conflictCodes.has(mapped.code)) return thrown;
  const { placement: p, excludeAppointmentId: not } = what;
  const conflictingAppointmentId =
    mapped.code === 'scheduling.slot_taken'
      ? await repo.findPractitionerConflict(db, what.practitionerId, p.blockedPeriod, not)
      : mapped.code === 'scheduling.patient_busy'
        ? what.patientId
          ? await repo.findPatientConflict(db, what.patientId, p.visit, not)
          : null
        : await repo.findResourceConflict(db, p.resourceIds, p.visit, not);
  const message = conflictingAppointmentId
    ? `${mapped.message}: appointment ${conflictingAppointmentId} is in the way`
    : mapped.message;
  return new AppError(mapped.code, message, {
    ...mapped.details,
    ...(conflictingAppointmentId ? { conflictingAppointmentId } : {}),
  });
}
