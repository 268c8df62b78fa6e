import type { ScheduleExceptionKind } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { patientFactsJsonSql, patientFactsOf, type PatientFacts } from '../../patients/index.js';
import type { WorkingBlock } from '../availability/availability.js';
import { periodLiteral, type Period } from '../period-column.js';
import type { AppointmentTypeRow, PractitionerRow } from '../scheduling.tables.js';
import { runNamed } from '../../../platform/named-statement.js';

/*
 * Booking's reads and writes as single named statements: a booking is CPU bound on both
 * sides (node and PostgreSQL share the cores), and its cost was mostly per statement
 * (building, sending, parsing and planning ~20 of them), not per row.
 */

export type PractitionerFacts = Pick<
  PractitionerRow,
  'id' | 'isActive' | 'facilityId' | 'departmentId' | 'maxAppointmentsPerDay'
> & { name: string };

export type TypeFacts = Pick<
  AppointmentTypeRow,
  | 'id'
  | 'isActive'
  | 'name'
  | 'color'
  | 'modality'
  | 'durationMinutes'
  | 'bufferBeforeMinutes'
  | 'bufferAfterMinutes'
>;

/** An exception in force over the visit's blocked period (a holiday of any facility). */
export interface ExceptionFact {
  id: string;
  kind: ScheduleExceptionKind;
  practitionerId: string | null;
  facilityId: string | null;
}

/** What a booking's checks need, read in one round trip. */
export interface BookingFacts {
  /** Share-locked, so a merge cannot retire the record before we commit. */
  patient: PatientFacts | null;
  practitioner: PractitionerFacts | null;
  type: TypeFacts | null;
  /** The practitioners the type is limited to; empty = any. */
  allowedPractitionerIds: string[];
  /** The practitioner's template blocks around the blocked period (a day either side). */
  blocks: WorkingBlock[];
  exceptions: ExceptionFact[];
  /** Whether the facility the client named exists; null when none was named. */
  facilityKnown: boolean | null;
}

const factsSql = `
with ty as (
  select id, is_active as "isActive", name, color, modality,
         duration_minutes as "durationMinutes",
         buffer_before_minutes as "bufferBeforeMinutes",
         buffer_after_minutes as "bufferAfterMinutes"
    from appointment_type where id = $3
), win as (
  select tstzrange(lo, greatest(lo, hi)) as blocked
    from (select $4::timestamptz - make_interval(mins => ty."bufferBeforeMinutes") as lo,
                 coalesce($5::timestamptz,
                          $4::timestamptz + make_interval(mins => ty."durationMinutes"))
                   + make_interval(mins => ty."bufferAfterMinutes") as hi
            from ty) x
)
select
  (select ${patientFactsJsonSql('p')} from patient p where p.id = $1 for share) as patient,
  (select json_build_object('id', p.id, 'isActive', p.is_active, 'facilityId', p.facility_id,
            'departmentId', p.department_id,
            'maxAppointmentsPerDay', p.max_appointments_per_day, 'name', u.display_name)
     from practitioner p join user_account u on u.id = p.user_id
    where p.id = $2) as practitioner,
  (select row_to_json(ty) from ty) as type,
  (select coalesce(json_agg(x.practitioner_id), '[]')
     from appointment_type_practitioner x where x.appointment_type_id = $3) as allowed,
  (select coalesce(json_agg(json_build_array(t.facility_id, f.time_zone, b.weekday,
            b.start_minute, b.end_minute, lower(b.effective)::text,
            (upper(b.effective) - 1)::text)), '[]')
     from win, schedule_template_block b
     join schedule_template t on t.id = b.template_id
     join facility f on f.id = t.facility_id
    where b.practitioner_id = $2
      and b.effective && daterange((lower(win.blocked) at time zone 'UTC')::date - 1,
                                   (upper(win.blocked) at time zone 'UTC')::date + 1, '[]'))
    as blocks,
  (select coalesce(json_agg(json_build_array(s.id, s.kind, s.practitioner_id, s.facility_id)),
                   '[]')
     from win, schedule_exception s
    where not s.is_cancelled and s.period && win.blocked
      and (s.practitioner_id = $2 or s.facility_id is not null)) as exceptions,
  (select exists (select 1 from facility where id = $6::uuid) where $6::uuid is not null)
    as facility_known`;

type BlockTuple = [string, string, number, number, number, string, string | null];
type ExceptionTuple = [string, ScheduleExceptionKind, string | null, string | null];

/**
 * Everything the checks of one booking read: the patient, the practitioner, the type and
 * who may offer it, the practitioner's blocks and the exceptions over the visit and its
 * buffers (endsAt null = the type's duration), and whether the named facility exists.
 */
export async function loadBookingFacts(
  tx: DbOrTx,
  o: {
    patientId: string;
    practitionerId: string;
    appointmentTypeId: string;
    startsAt: Date;
    endsAt: Date | null;
    facilityId: string | null;
  },
): Promise<BookingFacts> {
  const [row] = await runNamed<{
    patient: unknown;
    practitioner: PractitionerFacts | null;
    type: TypeFacts | null;
    allowed: string[];
    blocks: BlockTuple[];
    exceptions: ExceptionTuple[];
    facility_known: boolean | null;
  }>(tx, 'scheduling_booking_facts', factsSql, [
    o.patientId,
    o.practitionerId,
    o.appointmentTypeId,
    o.startsAt,
    o.endsAt,
    o.facilityId,
  ]);
  if (!row) throw new Error('the booking facts query returned no row');
  return {
    patient: row.patient ? patientFactsOf(row.patient) : null,
    practitioner: row.practitioner,
    type: row.type,
    allowedPractitionerIds: row.allowed,
    blocks: row.blocks.map(
      ([facilityId, timeZone, weekday, startMinute, endMinute, from, until]) => ({
        facilityId,
        timeZone,
        weekday,
        startMinute,
        endMinute,
        effectiveFrom: from,
        effectiveUntil: until,
      }),
    ),
    exceptions: row.exceptions.map(([id, kind, practitionerId, facilityId]) => ({
      id,
      kind,
      practitionerId,
      facilityId,
    })),
    facilityKnown: row.facility_known,
  };
}

const insertSql = `
with a as (
  insert into appointment (id, patient_id, practitioner_id, facility_id, department_id,
    appointment_type_id, series_id, starts_at, ends_at, blocked_period, status, modality, reason,
    note, is_overbooked, overbook_reason, booked_by, booked_at, version, created_at, updated_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::tstzrange, 'booked', $11, $12, $13, $14, $15,
          $16, $17, 1, $17, $17)
)
insert into appointment_event (id, appointment_id, kind, to_status, to_starts_at, channel,
                               actor_user_id, note, occurred_at)
values ($18, $1, 'booked', 'booked', $8, 'staff', $16, $19, $17)`;

/** A booked appointment and its `booked` event, in one statement (resources apart). */
export async function insertBookedAppointment(
  tx: DbOrTx,
  a: {
    id: string;
    patientId: string;
    practitionerId: string;
    facilityId: string;
    departmentId: string | null;
    appointmentTypeId: string;
    seriesId: string | null;
    startsAt: Date;
    endsAt: Date;
    blockedPeriod: Period;
    modality: string;
    reason: string | null;
    note: string | null;
    isOverbooked: boolean;
    overbookReason: string | null;
    bookedBy: string | null;
    bookedAt: Date;
    eventId: string;
    eventNote: string | null;
  },
): Promise<void> {
  await runNamed(tx, 'scheduling_insert_booked', insertSql, [
    a.id,
    a.patientId,
    a.practitionerId,
    a.facilityId,
    a.departmentId,
    a.appointmentTypeId,
    a.seriesId,
    a.startsAt,
    a.endsAt,
    periodLiteral(a.blockedPeriod),
    a.modality,
    a.reason,
    a.note,
    a.isOverbooked,
    a.overbookReason,
    a.bookedBy,
    a.bookedAt,
    a.eventId,
    a.eventNote,
  ]);
}
