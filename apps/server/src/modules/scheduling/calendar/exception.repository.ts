import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import { periodLiteral, type Period } from '../period-column.js';
import { scheduleException, type ScheduleExceptionRow } from '../scheduling.tables.js';

/** Whose exceptions: one practitioner, one resource, or everything at one facility. */
export type ExceptionSubject =
  { practitionerId: string } | { resourceId: string } | { facilityId: string };

/**
 * The active exceptions over `period` that take the subject's time: its own, and the
 * holidays of the facilities it works at (a practitioner's home and template locations, a
 * resource's facility). For a facility: its holidays and the exceptions of its
 * practitioners and resources.
 */
export async function listActive(
  db: DbOrTx,
  subject: ExceptionSubject,
  period: Period,
): Promise<ScheduleExceptionRow[]> {
  let who: SQL;
  if ('practitionerId' in subject) {
    const id = subject.practitionerId;
    who = sql`(${scheduleException.practitionerId} = ${id} or ${scheduleException.facilityId} in (
      select facility_id from practitioner where id = ${id}
      union select facility_id from schedule_template where practitioner_id = ${id}))`;
  } else if ('resourceId' in subject) {
    const id = subject.resourceId;
    who = sql`(${scheduleException.resourceId} = ${id} or ${scheduleException.facilityId} in (
      select facility_id from schedule_resource where id = ${id}))`;
  } else {
    const id = subject.facilityId;
    who = sql`(${scheduleException.facilityId} = ${id}
      or ${scheduleException.practitionerId} in (select id from practitioner where facility_id = ${id})
      or ${scheduleException.resourceId} in (select id from schedule_resource where facility_id = ${id}))`;
  }
  return db
    .select()
    .from(scheduleException)
    .where(
      and(
        eq(scheduleException.isCancelled, false),
        who,
        sql`${scheduleException.period} && ${periodLiteral(period)}::tstzrange`,
      ),
    )
    .orderBy(asc(sql`lower(${scheduleException.period})`), asc(scheduleException.id));
}

export async function findById(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ScheduleExceptionRow | null> {
  const query = db.select().from(scheduleException).where(eq(scheduleException.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function insert(db: DbOrTx, row: ScheduleExceptionRow): Promise<void> {
  await db.insert(scheduleException).values(row);
}

export async function markCancelled(
  db: DbOrTx,
  id: string,
  by: string | null,
  at: Date,
): Promise<ScheduleExceptionRow> {
  const [row] = await db
    .update(scheduleException)
    .set({ isCancelled: true, cancelledBy: by, cancelledAt: at })
    .where(eq(scheduleException.id, id))
    .returning();
  if (!row) throw new Error(`exception ${id} vanished during its cancellation`);
  return row;
}

/** The facility a practitioner or resource belongs to (home facility), or null. */
export async function subjectFacility(
  db: DbOrTx,
  subject: { practitionerId: string } | { resourceId: string },
): Promise<string | null> {
  const { rows } = await db.execute<{ facility_id: string }>(
    'practitionerId' in subject
      ? sql`select facility_id from practitioner where id = ${subject.practitionerId}`
      : sql`select facility_id from schedule_resource where id = ${subject.resourceId}`,
  );
  return rows[0]?.facility_id ?? null;
}

/** Appointments still to happen or under way whose visit falls (partly) inside `period`. */
export async function activeAppointmentsWithin(
  db: DbOrTx,
  subject: ExceptionSubject,
  period: Period,
): Promise<string[]> {
  const range = sql`${periodLiteral(period)}::tstzrange`;
  const who =
    'practitionerId' in subject
      ? sql`a.practitioner_id = ${subject.practitionerId}`
      : 'resourceId' in subject
        ? sql`exists (select 1 from appointment_resource r where r.appointment_id = a.id
                and r.resource_id = ${subject.resourceId} and r.is_active)`
        : sql`a.facility_id = ${subject.facilityId}`;
  const { rows } = await db.execute<{ id: string }>(sql`
    select a.id from appointment a
     where ${who}
       and a.status in ('held', 'booked', 'confirmed', 'arrived', 'in_room')
       and tstzrange(a.starts_at, a.ends_at) && ${range}
     order by a.starts_at, a.id
     limit 1000`);
  return rows.map((r) => r.id);
}
