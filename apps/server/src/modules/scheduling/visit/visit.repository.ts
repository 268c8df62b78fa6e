import { and, asc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { AppointmentStatus } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import {
  appointment,
  appointmentEvent,
  appointmentResource,
  practitioner,
  type AppointmentRow,
  type Channel,
} from '../scheduling.tables.js';

/** The appointment, row-locked until the transaction ends. */
export async function findAppointmentForUpdate(
  tx: DbOrTx,
  id: string,
): Promise<AppointmentRow | undefined> {
  const rows = await tx.select().from(appointment).where(eq(appointment.id, id)).for('update');
  return rows[0];
}

/** The IANA zone of a facility, whose local day a visit belongs to. */
export async function findFacilityTimeZone(tx: DbOrTx, facilityId: string): Promise<string> {
  // The organization module exports no tables: its facility row is read by name here.
  const { rows } = await tx.execute<{ time_zone: string }>(
    sql`select time_zone from facility where id = ${facilityId}`,
  );
  if (!rows[0]) throw new Error(`facility ${facilityId} of an appointment is missing`);
  return rows[0].time_zone;
}

export type StatusPatch = Partial<
  Pick<
    AppointmentRow,
    | 'confirmedAt'
    | 'confirmedVia'
    | 'arrivedAt'
    | 'inRoomAt'
    | 'completedAt'
    | 'noShowAt'
    | 'noShowVia'
  >
> & { status: AppointmentStatus; updatedAt: Date };

/** Sets the status and its stamps, one version on. */
export async function updateStatus(
  tx: DbOrTx,
  id: string,
  patch: StatusPatch,
): Promise<AppointmentRow> {
  const [row] = await tx
    .update(appointment)
    .set({ ...patch, version: sql`${appointment.version} + 1` })
    .where(eq(appointment.id, id))
    .returning();
  if (!row) throw new Error(`appointment ${id} vanished while locked`);
  return row;
}

/** Frees (no-show) or takes again (late arrival) the rooms and equipment reserved. */
export async function setResourcesActive(
  tx: DbOrTx,
  appointmentIds: readonly string[],
  isActive: boolean,
): Promise<void> {
  if (appointmentIds.length === 0) return;
  await tx
    .update(appointmentResource)
    .set({ isActive })
    .where(inArray(appointmentResource.appointmentId, [...appointmentIds]));
}

export interface StatusEvent {
  appointmentId: string;
  fromStatus: AppointmentStatus;
  toStatus: AppointmentStatus;
  channel: Channel;
  actorUserId: string | null;
  note: string | null;
  occurredAt: Date;
}

export async function insertStatusEvents(
  tx: DbOrTx,
  events: readonly StatusEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insert(appointmentEvent)
    .values(events.map((e) => ({ id: newId(), kind: 'status' as const, ...e })));
}

/**
 * A facility's appointments starting in [from, to), held slots left out, by start. The
 * department is the appointment's own, else its practitioner's.
 */
export async function findDayAppointments(
  tx: DbOrTx,
  o: { facilityId: string; from: Date; to: Date; departmentId?: string; practitionerId?: string },
): Promise<AppointmentRow[]> {
  const rows = await tx
    .select({ a: appointment })
    .from(appointment)
    .innerJoin(practitioner, eq(practitioner.id, appointment.practitionerId))
    .where(
      and(
        eq(appointment.facilityId, o.facilityId),
        gte(appointment.startsAt, o.from),
        lt(appointment.startsAt, o.to),
        ne(appointment.status, 'held'),
        o.practitionerId ? eq(appointment.practitionerId, o.practitionerId) : undefined,
        o.departmentId
          ? sql`coalesce(${appointment.departmentId}, ${practitioner.departmentId}) = ${o.departmentId}`
          : undefined,
      ),
    )
    .orderBy(asc(appointment.startsAt), asc(appointment.id));
  return rows.map((r) => r.a);
}

const practitionerBusy: AppointmentStatus[] = [
  'held',
  'booked',
  'confirmed',
  'arrived',
  'in_room',
  'completed',
];
const patientBusy: AppointmentStatus[] = ['booked', 'confirmed', 'arrived', 'in_room', 'completed'];

export interface SlotConflicts {
  practitioner: string | null;
  patient: string | null;
  resource: string | null;
}

/**
 * Active appointments in the way of `row` becoming active again (the same overlaps the
 * exclusion constraints refuse), one id per kind or null.
 */
export async function findSlotConflicts(tx: DbOrTx, row: AppointmentRow): Promise<SlotConflicts> {
  const others = and(ne(appointment.id, row.id), inArray(appointment.status, practitionerBusy));
  const [practitioner] = row.isOverbooked
    ? []
    : await tx
        .select({ id: appointment.id })
        .from(appointment)
        .where(
          and(
            others,
            eq(appointment.practitionerId, row.practitionerId),
            eq(appointment.isOverbooked, false),
            sql`${appointment.blockedPeriod} && ${sql.param(row.blockedPeriod, appointment.blockedPeriod)}`,
          ),
        )
        .limit(1);
  const [patient] = row.patientId
    ? await tx
        .select({ id: appointment.id })
        .from(appointment)
        .where(
          and(
            ne(appointment.id, row.id),
            inArray(appointment.status, patientBusy),
            eq(appointment.patientId, row.patientId),
            sql`tstzrange(${appointment.startsAt}, ${appointment.endsAt}) && tstzrange(${row.startsAt}::timestamptz, ${row.endsAt}::timestamptz)`,
          ),
        )
        .limit(1)
    : [];
  const resource = await tx.execute<{ appointment_id: string }>(sql`
    select other.appointment_id
      from appointment_resource mine
      join appointment_resource other
        on other.resource_id = mine.resource_id
       and other.appointment_id <> mine.appointment_id
       and other.is_active
       and other.period && mine.period
     where mine.appointment_id = ${row.id}
     limit 1`);
  return {
    practitioner: practitioner?.id ?? null,
    patient: patient?.id ?? null,
    resource: resource.rows[0]?.appointment_id ?? null,
  };
}

export interface DueNoShow {
  id: string;
  patientId: string | null;
  facilityId: string;
  status: AppointmentStatus;
}

/**
 * Marks up to `limit` booked or confirmed appointments that started before `startedBefore`
 * as no-shows, skipping rows another worker has locked; returns what it marked.
 */
export async function markDueNoShows(
  tx: DbOrTx,
  o: { startedBefore: Date; now: Date; limit: number },
): Promise<DueNoShow[]> {
  const { rows } = await tx.execute<{
    id: string;
    patient_id: string | null;
    facility_id: string;
    from_status: AppointmentStatus;
  }>(sql`
    with due as (
      select id, status
        from appointment
       where status in ('booked', 'confirmed') and starts_at <= ${o.startedBefore}::timestamptz
       order by starts_at, id
       limit ${o.limit}
         for update skip locked
    )
    update appointment a
       set status = 'no_show', no_show_at = ${o.now}::timestamptz, no_show_via = 'system',
           version = a.version + 1, updated_at = ${o.now}::timestamptz
      from due
     where a.id = due.id
    returning a.id, a.patient_id, a.facility_id, due.status as from_status`);
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    facilityId: r.facility_id,
    status: r.from_status,
  }));
}
