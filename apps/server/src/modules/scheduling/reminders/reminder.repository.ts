import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import {
  appointment,
  appointmentEvent,
  appointmentReminder,
  appointmentType,
  practitioner,
  reminderRule,
  type AppointmentRow,
  type Channel,
} from '../scheduling.tables.js';

export type ReminderRuleRow = typeof reminderRule.$inferSelect;
export type NewReminderRuleRow = typeof reminderRule.$inferInsert;
export type NewAppointmentReminderRow = typeof appointmentReminder.$inferInsert;

// ---- Rules ----

export function listRules(db: DbOrTx): Promise<ReminderRuleRow[]> {
  return db
    .select()
    .from(reminderRule)
    .orderBy(
      sql`${reminderRule.appointmentTypeId} nulls first`,
      asc(reminderRule.appointmentTypeId),
      asc(reminderRule.hoursBefore),
    );
}

export async function findRuleById(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ReminderRuleRow | null> {
  const q = db.select().from(reminderRule).where(eq(reminderRule.id, id));
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/** The rule with this type (null = the default rules) and lead time, if any. */
export async function findRuleByKey(
  db: DbOrTx,
  appointmentTypeId: string | null,
  hoursBefore: number,
): Promise<ReminderRuleRow | null> {
  const rows = await db
    .select()
    .from(reminderRule)
    .where(
      and(
        appointmentTypeId === null
          ? isNull(reminderRule.appointmentTypeId)
          : eq(reminderRule.appointmentTypeId, appointmentTypeId),
        eq(reminderRule.hoursBefore, hoursBefore),
      ),
    );
  return rows[0] ?? null;
}

export async function appointmentTypeExists(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: appointmentType.id })
    .from(appointmentType)
    .where(eq(appointmentType.id, id));
  return rows.length > 0;
}

export async function insertRule(db: DbOrTx, row: NewReminderRuleRow): Promise<ReminderRuleRow> {
  const [inserted] = await db.insert(reminderRule).values(row).returning();
  if (!inserted) throw new Error('reminder rule insert returned nothing');
  return inserted;
}

export async function updateRule(
  db: DbOrTx,
  id: string,
  fields: Pick<ReminderRuleRow, 'appointmentTypeId' | 'hoursBefore' | 'isActive' | 'updatedAt'>,
): Promise<ReminderRuleRow> {
  const [updated] = await db
    .update(reminderRule)
    .set({ ...fields, version: sql`${reminderRule.version} + 1` })
    .where(eq(reminderRule.id, id))
    .returning();
  if (!updated) throw new Error(`reminder rule ${id} vanished during update`);
  return updated;
}

// ---- Due reminders ----

/**
 * The rules that apply to an appointment of the type in `typeColumn`: the type's own rules,
 * or the default (null-type) rules when the type has none. A type's inactive rule still
 * counts as a rule of its own, so a manager can switch reminders off for one type.
 */
const appliesTo = (typeColumn: typeof appointment.appointmentTypeId) => sql`(
  ${reminderRule.appointmentTypeId} = ${typeColumn}
  or (${reminderRule.appointmentTypeId} is null and not exists (
    select 1 from reminder_rule own where own.appointment_type_id = ${typeColumn}
  ))
)`;

/** Not recorded for the appointment's current start (a reschedule is reminded of anew). */
const notYetRecorded = sql`not exists (
  select 1 from appointment_reminder ar
  where ar.appointment_id = ${appointment.id} and ar.rule_id = ${reminderRule.id}
    and ar.starts_at = ${appointment.startsAt}
)`;

const dueBy = (now: Date) =>
  sql`${appointment.startsAt} <= ${now.toISOString()}::timestamptz + ${reminderRule.hoursBefore} * interval '1 hour'`;

const remindable: AppointmentRow['status'][] = ['booked', 'confirmed'];

/**
 * Appointments with at least one applicable active rule whose send time has come, not yet
 * recorded, and which have not started: soonest first. Bounded by the longest rule so the
 * starts_at index (appointment_no_show_due, partial on booked/confirmed) does the work.
 */
export async function findAppointmentsWithDueReminders(
  db: DbOrTx,
  now: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: appointment.id, startsAt: appointment.startsAt })
    .from(appointment)
    .innerJoin(
      reminderRule,
      and(eq(reminderRule.isActive, true), appliesTo(appointment.appointmentTypeId)),
    )
    .where(
      and(
        inArray(appointment.status, remindable),
        sql`${appointment.patientId} is not null`,
        gt(appointment.startsAt, now),
        sql`${appointment.startsAt} <= ${now.toISOString()}::timestamptz + (
          select coalesce(max(hours_before), 0) from reminder_rule where is_active
        ) * interval '1 hour'`,
        dueBy(now),
        notYetRecorded,
      ),
    )
    .orderBy(asc(appointment.startsAt), asc(appointment.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Locks a remindable appointment for this worker; null when it no longer qualifies or
 * another worker holds it (SKIP LOCKED: that worker is sending its reminders right now).
 */
export async function lockRemindableAppointment(
  tx: DbOrTx,
  id: string,
  now: Date,
): Promise<AppointmentRow | null> {
  const rows = await tx
    .select()
    .from(appointment)
    .where(
      and(
        eq(appointment.id, id),
        inArray(appointment.status, remindable),
        gt(appointment.startsAt, now),
      ),
    )
    .for('update', { skipLocked: true });
  return rows[0] ?? null;
}

/** The applicable active rules due for the appointment and not yet recorded for it. */
export function findDueRules(
  tx: DbOrTx,
  appointmentId: string,
  now: Date,
): Promise<ReminderRuleRow[]> {
  return tx
    .select({
      id: reminderRule.id,
      appointmentTypeId: reminderRule.appointmentTypeId,
      hoursBefore: reminderRule.hoursBefore,
      isActive: reminderRule.isActive,
      version: reminderRule.version,
      createdAt: reminderRule.createdAt,
      updatedAt: reminderRule.updatedAt,
    })
    .from(appointment)
    .innerJoin(
      reminderRule,
      and(eq(reminderRule.isActive, true), appliesTo(appointment.appointmentTypeId)),
    )
    .where(and(eq(appointment.id, appointmentId), dueBy(now), notYetRecorded));
}

/**
 * Records a reminder; false when (appointment, rule, start) was recorded already (the unique
 * constraint appointment_reminder_once_per_start makes a reminder once-only per start,
 * whatever the workers).
 */
export async function insertReminder(tx: DbOrTx, row: NewAppointmentReminderRow): Promise<boolean> {
  const inserted = await tx
    .insert(appointmentReminder)
    .values(row)
    .onConflictDoNothing({
      target: [
        appointmentReminder.appointmentId,
        appointmentReminder.ruleId,
        appointmentReminder.startsAt,
      ],
    })
    .returning({ id: appointmentReminder.id });
  return inserted.length > 0;
}

export async function setReminderOutboxMessage(
  tx: DbOrTx,
  reminderId: string,
  outboxMessageId: string,
): Promise<void> {
  await tx
    .update(appointmentReminder)
    .set({ outboxMessageId })
    .where(eq(appointmentReminder.id, reminderId));
}

export async function insertAppointmentEvent(
  tx: DbOrTx,
  row: {
    id: string;
    appointmentId: string;
    kind: 'reminder';
    channel: Channel;
    note: string;
    occurredAt: Date;
  },
): Promise<void> {
  await tx.insert(appointmentEvent).values({ ...row, actorUserId: null });
}

// ---- What a reminder and a link show ----

export interface AppointmentSetting {
  appointment: AppointmentRow;
  practitionerName: string;
  appointmentTypeName: string;
  facilityName: string;
  timeZone: string;
}

/** The appointment with the names a patient reads: practitioner, type, facility and zone. */
export async function findAppointmentSetting(
  db: DbOrTx,
  appointmentId: string,
  opts: { lock?: boolean } = {},
): Promise<AppointmentSetting | null> {
  const q = db
    .select({
      appointment,
      practitionerName: userAccount.displayName,
      appointmentTypeName: appointmentType.name,
      // The organization module exports no tables: its facility row is read by name here.
      facilityName: sql<string>`(select f.name from facility f where f.id = ${appointment.facilityId})`,
      timeZone: sql<string>`(select f.time_zone from facility f where f.id = ${appointment.facilityId})`,
    })
    .from(appointment)
    .innerJoin(practitioner, eq(practitioner.id, appointment.practitionerId))
    .innerJoin(userAccount, eq(userAccount.id, practitioner.userId))
    .innerJoin(appointmentType, eq(appointmentType.id, appointment.appointmentTypeId))
    .where(eq(appointment.id, appointmentId));
  const rows = opts.lock ? await q.for('update', { of: appointment }) : await q;
  return rows[0] ?? null;
}
