-- Scheduling loose ends (issue 4).

-- A reminder is sent once per appointment, rule and start time: a rescheduled appointment
-- gets the reminders of its new time, while a start that was reminded of is never reminded
-- of again (also when the appointment is moved back to it). Rows recorded before this
-- migration are taken to be for the appointment's current start, so nothing is sent twice.
alter table appointment_reminder add column starts_at timestamptz;
update appointment_reminder ar
   set starts_at = a.starts_at
  from appointment a
 where a.id = ar.appointment_id;
alter table appointment_reminder alter column starts_at set not null;
alter table appointment_reminder drop constraint appointment_reminder_once;
alter table appointment_reminder
  add constraint appointment_reminder_once_per_start unique (appointment_id, rule_id, starts_at);

-- The waitlist pages by (created_at, id) for any status, not only the open entries.
create index waitlist_entry_facility_created on waitlist_entry (facility_id, created_at, id);
