import { and, count, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { activeAppointmentStatuses, type ScheduleExceptionKind } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { Period } from '../period-column.js';
import {
  appointment,
  appointmentResource,
  appointmentType,
  appointmentTypePractitioner,
  practitioner,
  scheduleException,
  scheduleResource,
  scheduleTemplate,
  scheduleTemplateBlock,
} from '../scheduling.tables.js';

/*
 * What availability reads, for many practitioners at once: one query per kind of data,
 * with predicates the indexes of 0200 serve (lower(specialty), the block overlap gist, the
 * exceptions' partial gists, appointment (practitioner_id, starts_at), the resource gist).
 */

export interface PractitionerFilter {
  appointmentTypeId: string;
  practitionerId?: string | undefined;
  specialty?: string | undefined;
  /** Blocks of templates at this facility only (a search "at a location"). */
  facilityId?: string | undefined;
  departmentId?: string | undefined;
}

export interface BlockRow {
  practitionerId: string;
  maxAppointmentsPerDay: number | null;
  facilityId: string;
  timeZone: string;
  weekday: number;
  startMinute: number;
  endMinute: number;
  effective: { from: string; until: string | null };
}

export function findAppointmentType(db: DbOrTx, id: string) {
  return db
    .select()
    .from(appointmentType)
    .where(eq(appointmentType.id, id))
    .then((rows) => rows[0]);
}

export function findResource(db: DbOrTx, id: string) {
  return db
    .select()
    .from(scheduleResource)
    .where(eq(scheduleResource.id, id))
    .then((rows) => rows[0]);
}

const blockColumns = {
  practitionerId: scheduleTemplateBlock.practitionerId,
  maxAppointmentsPerDay: practitioner.maxAppointmentsPerDay,
  facilityId: scheduleTemplate.facilityId,
  // The zone of the template's location, read beside it (one round trip, no N+1).
  timeZone: sql<string>`(select f.time_zone from facility f where f.id = ${scheduleTemplate.facilityId})`,
  weekday: scheduleTemplateBlock.weekday,
  startMinute: scheduleTemplateBlock.startMinute,
  endMinute: scheduleTemplateBlock.endMinute,
  effective: scheduleTemplateBlock.effective,
};

/** Blocks effective on some date in [fromDate, toDate] (inclusive local dates). */
function effectiveWithin(fromDate: string, toDate: string): SQL {
  return sql`${scheduleTemplateBlock.effective} && daterange(${fromDate}::date, ${toDate}::date, '[]')`;
}

/** A practitioner may be booked for the type: none listed for it, or this one listed. */
function allowedForType(appointmentTypeId: string): SQL {
  return sql`(not exists (select 1 from ${appointmentTypePractitioner} x where x.appointment_type_id = ${appointmentTypeId})
    or exists (select 1 from ${appointmentTypePractitioner} x where x.appointment_type_id = ${appointmentTypeId} and x.practitioner_id = ${practitioner.id}))`;
}

/** Template blocks with their template's facility and zone and the practitioner's cap. */
function selectBlocks(db: DbOrTx, where: SQL | undefined): Promise<BlockRow[]> {
  return db
    .select(blockColumns)
    .from(scheduleTemplateBlock)
    .innerJoin(scheduleTemplate, eq(scheduleTemplate.id, scheduleTemplateBlock.templateId))
    .innerJoin(practitioner, eq(practitioner.id, scheduleTemplateBlock.practitionerId))
    .where(where);
}

/**
 * The template blocks of the active practitioners matching the filter and allowed for the
 * appointment type, effective in the date range; practitioners without blocks have no slots.
 */
export function findWorkingBlocks(
  db: DbOrTx,
  f: PractitionerFilter,
  fromDate: string,
  toDate: string,
): Promise<BlockRow[]> {
  return selectBlocks(
    db,
    and(
      eq(practitioner.isActive, true),
      effectiveWithin(fromDate, toDate),
      allowedForType(f.appointmentTypeId),
      f.practitionerId ? eq(practitioner.id, f.practitionerId) : undefined,
      f.specialty ? sql`lower(${practitioner.specialty}) = lower(${f.specialty})` : undefined,
      f.departmentId ? eq(practitioner.departmentId, f.departmentId) : undefined,
      f.facilityId ? eq(scheduleTemplate.facilityId, f.facilityId) : undefined,
    ),
  );
}

/** One practitioner's blocks effective in the date range, whatever the profile's state. */
export function findBlocksOfPractitioner(
  db: DbOrTx,
  practitionerId: string,
  fromDate: string,
  toDate: string,
): Promise<BlockRow[]> {
  return selectBlocks(
    db,
    and(
      eq(scheduleTemplateBlock.practitionerId, practitionerId),
      effectiveWithin(fromDate, toDate),
    ),
  );
}

export interface ExceptionRow {
  id: string;
  kind: ScheduleExceptionKind;
  practitionerId: string | null;
  resourceId: string | null;
  facilityId: string | null;
  period: Period;
}

/**
 * Exceptions in force over [from, to): of these practitioners, holidays of these facilities
 * and, when named, the resource's downtime.
 */
export function findExceptions(
  db: DbOrTx,
  subjects: {
    practitionerIds: readonly string[];
    facilityIds: readonly string[];
    resourceId?: string;
  },
  from: Date,
  to: Date,
): Promise<ExceptionRow[]> {
  const { practitionerIds, facilityIds, resourceId } = subjects;
  const whose = or(
    practitionerIds.length
      ? inArray(scheduleException.practitionerId, [...practitionerIds])
      : undefined,
    facilityIds.length ? inArray(scheduleException.facilityId, [...facilityIds]) : undefined,
    resourceId ? eq(scheduleException.resourceId, resourceId) : undefined,
  );
  if (!whose) return Promise.resolve([]);
  return db
    .select({
      id: scheduleException.id,
      kind: scheduleException.kind,
      practitionerId: scheduleException.practitionerId,
      resourceId: scheduleException.resourceId,
      facilityId: scheduleException.facilityId,
      period: scheduleException.period,
    })
    .from(scheduleException)
    .where(
      and(
        eq(scheduleException.isCancelled, false),
        sql`${scheduleException.period} && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`,
        whose,
      ),
    );
}

export interface BusyRow {
  id: string;
  practitionerId: string;
  startsAt: Date;
  blockedPeriod: Period;
}

/**
 * Active appointments of these practitioners starting in [from, to), overbooked ones
 * included (they take the practitioner's time and count towards the day's maximum).
 */
export function findActiveAppointments(
  db: DbOrTx,
  practitionerIds: readonly string[],
  from: Date,
  to: Date,
): Promise<BusyRow[]> {
  if (!practitionerIds.length) return Promise.resolve([]);
  return db
    .select({
      id: appointment.id,
      practitionerId: appointment.practitionerId,
      startsAt: appointment.startsAt,
      blockedPeriod: appointment.blockedPeriod,
    })
    .from(appointment)
    .where(
      and(
        inArray(appointment.practitionerId, [...practitionerIds]),
        gte(appointment.startsAt, from),
        lt(appointment.startsAt, to),
        inArray(appointment.status, [...activeAppointmentStatuses]),
      ),
    );
}

/** The periods the resource is reserved for by active appointments, overlapping [from, to). */
export function findResourceBookings(
  db: DbOrTx,
  resourceId: string,
  from: Date,
  to: Date,
): Promise<Period[]> {
  return db
    .select({ period: appointmentResource.period })
    .from(appointmentResource)
    .where(
      and(
        eq(appointmentResource.resourceId, resourceId),
        eq(appointmentResource.isActive, true),
        sql`${appointmentResource.period} && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`,
      ),
    )
    .then((rows) => rows.map((r) => r.period));
}

/**
 * The practitioner's per-day maximum. With `lock`, the profile row is locked until commit
 * (FOR NO KEY UPDATE: appointment inserts' foreign-key checks still pass), so two bookings
 * counting the same day take turns and cannot both slip under the cap.
 */
export function findDailyMaximum(
  db: DbOrTx,
  practitionerId: string,
  o: { lock: boolean },
): Promise<{ maxAppointmentsPerDay: number | null } | undefined> {
  const q = db
    .select({ maxAppointmentsPerDay: practitioner.maxAppointmentsPerDay })
    .from(practitioner)
    .where(eq(practitioner.id, practitionerId));
  return (o.lock ? q.for('no key update') : q).then((rows) => rows[0]);
}

/** Active appointments of the practitioner starting in [from, to), but the one excluded. */
export function countActiveAppointments(
  db: DbOrTx,
  practitionerId: string,
  from: Date,
  to: Date,
  excludeAppointmentId?: string,
): Promise<number> {
  return db
    .select({ n: count() })
    .from(appointment)
    .where(
      and(
        eq(appointment.practitionerId, practitionerId),
        gte(appointment.startsAt, from),
        lt(appointment.startsAt, to),
        inArray(appointment.status, [...activeAppointmentStatuses]),
        excludeAppointmentId ? ne(appointment.id, excludeAppointmentId) : undefined,
      ),
    )
    .then((rows) => rows[0]?.n ?? 0);
}
