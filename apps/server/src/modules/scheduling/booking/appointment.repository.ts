import { and, asc, eq, gt, gte, inArray, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { activeAppointmentStatuses, type AppointmentStatus } from '@meridian/contracts';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../platform/db.js';
import { runNamed } from '../../../platform/named-statement.js';
import { patientFactsJsonSql, patientFactsOf, type PatientFacts } from '../../patients/index.js';
import { periodLiteral, type Period } from '../period-column.js';
import {
  appointment,
  appointmentEvent,
  appointmentResource,
  appointmentSeries,
  appointmentType,
  appointmentTypePractitioner,
  practitioner,
  scheduleResource,
  waitlistEntry,
  type AppointmentRow,
  type NewAppointmentRow,
} from '../scheduling.tables.js';

/** Statuses the patient constraint counts (a held slot has no patient). */
export const patientBusyStatuses: AppointmentStatus[] = [
  'booked',
  'confirmed',
  'arrived',
  'in_room',
  'completed',
];

export async function findPractitioner(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(practitioner).where(eq(practitioner.id, id));
  return row ?? null;
}

export async function findAppointmentType(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(appointmentType).where(eq(appointmentType.id, id));
  return row ?? null;
}

/** The practitioners a type is limited to; empty = any. */
export async function allowedPractitionerIds(tx: DbOrTx, typeId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: appointmentTypePractitioner.practitionerId })
    .from(appointmentTypePractitioner)
    .where(eq(appointmentTypePractitioner.appointmentTypeId, typeId));
  return rows.map((r) => r.id);
}

export async function findResources(tx: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(scheduleResource)
    .where(inArray(scheduleResource.id, [...ids]));
}

/** The facility's IANA zone, or null when there is no such facility. */
export async function facilityTimeZone(tx: DbOrTx, id: string): Promise<string | null> {
  // The organization module keeps the facility table; we read one column by SQL.
  const { rows } = await tx.execute<{ time_zone: string }>(
    sql`select time_zone from facility where id = ${id}`,
  );
  return rows[0]?.time_zone ?? null;
}

export async function insertAppointment(tx: DbOrTx, row: NewAppointmentRow) {
  const [inserted] = await tx.insert(appointment).values(row).returning();
  if (!inserted) throw new Error('appointment insert returned nothing');
  return inserted;
}

export async function insertSeries(tx: DbOrTx, row: typeof appointmentSeries.$inferInsert) {
  await tx.insert(appointmentSeries).values(row);
}

/** Reserves the resources for the visit; re-activates a resource the appointment had before. */
export async function reserveResources(
  tx: DbOrTx,
  appointmentId: string,
  resourceIds: readonly string[],
  period: Period,
): Promise<void> {
  if (resourceIds.length === 0) return;
  await tx
    .insert(appointmentResource)
    .values(
      resourceIds.map((resourceId) => ({ appointmentId, resourceId, period, isActive: true })),
    )
    .onConflictDoUpdate({
      target: [appointmentResource.appointmentId, appointmentResource.resourceId],
      set: { period: sql`excluded.period`, isActive: true },
    });
}

/** Frees the appointment's resources, except those in `keep`. */
export async function releaseResources(
  tx: DbOrTx,
  appointmentId: string,
  keep: readonly string[] = [],
): Promise<void> {
  await tx
    .update(appointmentResource)
    .set({ isActive: false })
    .where(
      and(
        eq(appointmentResource.appointmentId, appointmentId),
        eq(appointmentResource.isActive, true),
        ...(keep.length ? [notInArray(appointmentResource.resourceId, [...keep])] : []),
      ),
    );
}

export async function activeResourceIds(tx: DbOrTx, appointmentId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: appointmentResource.resourceId })
    .from(appointmentResource)
    .where(
      and(
        eq(appointmentResource.appointmentId, appointmentId),
        eq(appointmentResource.isActive, true),
      ),
    );
  return rows.map((r) => r.id);
}

export async function insertEvent(tx: DbOrTx, row: typeof appointmentEvent.$inferInsert) {
  await tx.insert(appointmentEvent).values(row);
}

export async function findAppointment(tx: DbOrTx, id: string, opts: { lock?: boolean } = {}) {
  const q = tx.select().from(appointment).where(eq(appointment.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function updateAppointment(
  tx: DbOrTx,
  id: string,
  values: Partial<NewAppointmentRow>,
): Promise<AppointmentRow> {
  const [row] = await tx
    .update(appointment)
    .set({ ...values, version: sql`${appointment.version} + 1` })
    .where(eq(appointment.id, id))
    .returning();
  if (!row) throw new Error(`appointment ${id} vanished while locked`);
  return row;
}

// ---- What stands in the way (after a constraint refused) ----

const overlaps = (column: SQL | AnyPgColumn, p: Period) =>
  sql`${column} && ${periodLiteral(p)}::tstzrange`;

/** The practitioner's active, not overbooked appointment overlapping the blocked period. */
export async function findPractitionerConflict(
  tx: DbOrTx,
  practitionerId: string,
  blocked: Period,
  excludeId?: string,
): Promise<string | null> {
  const [row] = await tx
    .select({ id: appointment.id })
    .from(appointment)
    .where(
      and(
        eq(appointment.practitionerId, practitionerId),
        inArray(appointment.status, [...activeAppointmentStatuses]),
        eq(appointment.isOverbooked, false),
        overlaps(appointment.blockedPeriod, blocked),
        ...(excludeId ? [ne(appointment.id, excludeId)] : []),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

/** The patient's active appointment overlapping the visit. */
export async function findPatientConflict(
  tx: DbOrTx,
  patientId: string,
  visit: Period,
  excludeId?: string,
): Promise<string | null> {
  const [row] = await tx
    .select({ id: appointment.id })
    .from(appointment)
    .where(
      and(
        eq(appointment.patientId, patientId),
        inArray(appointment.status, patientBusyStatuses),
        overlaps(sql`tstzrange(${appointment.startsAt}, ${appointment.endsAt})`, visit),
        ...(excludeId ? [ne(appointment.id, excludeId)] : []),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

/** An appointment holding one of the resources over the period. */
export async function findResourceConflict(
  tx: DbOrTx,
  resourceIds: readonly string[],
  period: Period,
  excludeId?: string,
): Promise<string | null> {
  if (resourceIds.length === 0) return null;
  const [row] = await tx
    .select({ id: appointmentResource.appointmentId })
    .from(appointmentResource)
    .where(
      and(
        inArray(appointmentResource.resourceId, [...resourceIds]),
        eq(appointmentResource.isActive, true),
        overlaps(appointmentResource.period, period),
        ...(excludeId ? [ne(appointmentResource.appointmentId, excludeId)] : []),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

// ---- Lists ----

export interface AppointmentFilter {
  practitionerIds?: string[];
  departmentId?: string;
  facilityId?: string;
  patientId?: string;
  from: Date;
  to: Date;
  statuses?: AppointmentStatus[];
  after?: { startsAt: Date; id: string };
  limit: number;
}

/** Appointments starting in [from, to), by (starts_at, id), after the cursor. */
export async function listAppointments(tx: DbOrTx, f: AppointmentFilter) {
  const where: SQL[] = [gte(appointment.startsAt, f.from), lt(appointment.startsAt, f.to)];
  if (f.practitionerIds) where.push(inArray(appointment.practitionerId, f.practitionerIds));
  if (f.departmentId) where.push(eq(appointment.departmentId, f.departmentId));
  if (f.facilityId) where.push(eq(appointment.facilityId, f.facilityId));
  if (f.patientId) where.push(eq(appointment.patientId, f.patientId));
  if (f.statuses?.length) where.push(inArray(appointment.status, f.statuses));
  if (f.after) {
    const keyset = or(
      gt(appointment.startsAt, f.after.startsAt),
      and(eq(appointment.startsAt, f.after.startsAt), gt(appointment.id, f.after.id)),
    );
    if (keyset) where.push(keyset);
  }
  return tx
    .select()
    .from(appointment)
    .where(and(...where))
    .orderBy(asc(appointment.startsAt), asc(appointment.id))
    .limit(f.limit);
}

// ---- The view's batched lookups ----

export interface AppointmentLabels {
  /** Practitioner id → display name. */
  names: Map<string, string>;
  /** Appointment type id → name and colour. */
  types: Map<string, { name: string; color: string }>;
  /** Appointment id → its active resources, in resource id order. */
  resources: Map<string, string[]>;
  /** Patient id → the patient as the patients module reads it beside our rows. */
  patients: Map<string, PatientFacts>;
}

const labelsSql = `
select
  (select json_object_agg(p.id, u.display_name)
     from practitioner p join user_account u on u.id = p.user_id
    where p.id = any($1::uuid[])) as names,
  (select json_object_agg(t.id, json_build_array(t.name, t.color))
     from appointment_type t where t.id = any($2::uuid[])) as types,
  (select json_agg(json_build_array(r.appointment_id, r.resource_id) order by r.resource_id)
     from appointment_resource r
    where r.appointment_id = any($3::uuid[]) and r.is_active) as resources,
  (select json_agg(${patientFactsJsonSql('pt')})
     from patient pt where pt.id = any($4::uuid[])) as patients`;

/**
 * What an appointment's view adds to its row, for many rows in one round trip (a named
 * statement): the day view pays per statement, not per row.
 */
export async function appointmentLabels(
  tx: DbOrTx,
  o: {
    practitionerIds: string[];
    typeIds: string[];
    appointmentIds: string[];
    patientIds: string[];
  },
): Promise<AppointmentLabels> {
  const [row] = await runNamed<{
    names: Record<string, string> | null;
    types: Record<string, [string, string]> | null;
    resources: [string, string][] | null;
    patients: unknown[] | null;
  }>(tx, 'scheduling_appointment_labels', labelsSql, [
    o.practitionerIds,
    o.typeIds,
    o.appointmentIds,
    o.patientIds,
  ]);
  const resources = new Map<string, string[]>();
  for (const [appointmentId, resourceId] of row?.resources ?? []) {
    resources.set(appointmentId, [...(resources.get(appointmentId) ?? []), resourceId]);
  }
  const patients = (row?.patients ?? []).map(patientFactsOf);
  return {
    names: new Map(Object.entries(row?.names ?? {})),
    types: new Map(
      Object.entries(row?.types ?? {}).map(([id, [name, color]]) => [id, { name, color }]),
    ),
    resources,
    patients: new Map(patients.map((p) => [p.standing.id, p])),
  };
}

// ---- Patient merge ----

/** A patient's appointments, locked; active ones carry their visit period. */
export async function lockAppointmentsOfPatient(tx: DbOrTx, patientId: string) {
  return tx
    .select({
      id: appointment.id,
      status: appointment.status,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
    })
    .from(appointment)
    .where(eq(appointment.patientId, patientId))
    .orderBy(asc(appointment.startsAt))
    .for('update');
}

export async function lockWaitlistOfPatient(tx: DbOrTx, patientId: string) {
  return tx
    .select({ id: waitlistEntry.id })
    .from(waitlistEntry)
    .where(eq(waitlistEntry.patientId, patientId))
    .for('update');
}

/** Moves every appointment, series and waitlist entry of one patient to another. */
export async function movePatientBookings(
  tx: DbOrTx,
  fromPatientId: string,
  toPatientId: string,
  now: Date,
): Promise<number> {
  const moved = await tx
    .update(appointment)
    .set({ patientId: toPatientId, version: sql`${appointment.version} + 1`, updatedAt: now })
    .where(eq(appointment.patientId, fromPatientId))
    .returning({ id: appointment.id });
  await tx
    .update(appointmentSeries)
    .set({ patientId: toPatientId })
    .where(eq(appointmentSeries.patientId, fromPatientId));
  const waiting = await tx
    .update(waitlistEntry)
    .set({ patientId: toPatientId, version: sql`${waitlistEntry.version} + 1`, updatedAt: now })
    .where(eq(waitlistEntry.patientId, fromPatientId))
    .returning({ id: waitlistEntry.id });
  return moved.length + waiting.length;
}
