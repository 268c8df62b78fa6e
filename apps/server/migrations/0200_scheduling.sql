-- Scheduling: practitioner calendars (profiles, resources, appointment types, weekly
-- templates, exceptions), appointments whose overlaps PostgreSQL refuses, the waitlist,
-- reminders, and idempotent creates.

-- btree_gist lets an exclusion constraint compare uuids with = beside ranges with &&.
create extension if not exists btree_gist;

-- ---- Calendars ----

create table practitioner (
  id uuid primary key,
  user_id uuid not null references user_account (id),
  facility_id uuid not null references facility (id),
  department_id uuid references department (id),
  specialty text not null check (length(specialty) between 1 and 100),
  max_appointments_per_day integer check (max_appointments_per_day between 1 and 200),
  is_active boolean not null,
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint practitioner_user_unique unique (user_id)
);
create index practitioner_specialty on practitioner (lower(specialty)) where is_active;
create index practitioner_department on practitioner (department_id) where is_active;
create index practitioner_facility on practitioner (facility_id) where is_active;

create table schedule_resource (
  id uuid primary key,
  facility_id uuid not null references facility (id),
  kind text not null check (kind in ('room', 'equipment')),
  code text not null,
  name text not null,
  is_active boolean not null,
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint schedule_resource_code_unique unique (facility_id, code)
);

create table appointment_type (
  id uuid primary key,
  code text not null,
  name text not null,
  duration_minutes integer not null check (duration_minutes between 5 and 720),
  buffer_before_minutes integer not null check (buffer_before_minutes between 0 and 240),
  buffer_after_minutes integer not null check (buffer_after_minutes between 0 and 240),
  visit_kind text not null check (visit_kind in ('new', 'follow_up')),
  modality text not null check (modality in ('in_person', 'video')),
  color text not null,
  is_active boolean not null,
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint appointment_type_code_unique unique (code)
);

-- Practitioners allowed to be booked for a type; none listed = any practitioner.
create table appointment_type_practitioner (
  appointment_type_id uuid not null references appointment_type (id),
  practitioner_id uuid not null references practitioner (id),
  primary key (appointment_type_id, practitioner_id)
);

-- A weekly pattern of working hours at one location for a period of dates.
create table schedule_template (
  id uuid primary key,
  practitioner_id uuid not null references practitioner (id),
  facility_id uuid not null references facility (id),
  name text not null,
  effective_from date not null,
  effective_until date,
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint schedule_template_dates check (effective_until is null or effective_until >= effective_from)
);
create index schedule_template_practitioner on schedule_template (practitioner_id);

-- The template's blocks, with the practitioner and the effective dates copied from the
-- template (the service writes both in one transaction) so that PostgreSQL can refuse two
-- blocks of one practitioner that overlap on the same weekday in overlapping periods, even
-- across templates of different locations.
create table schedule_template_block (
  id uuid primary key,
  template_id uuid not null references schedule_template (id) on delete cascade,
  practitioner_id uuid not null references practitioner (id),
  weekday smallint not null check (weekday between 1 and 7), -- ISO 8601: 1 = Monday
  start_minute smallint not null check (start_minute between 0 and 1439),
  end_minute smallint not null check (end_minute > start_minute and end_minute <= 1440),
  effective daterange not null,
  constraint schedule_block_no_overlap exclude using gist (
    practitioner_id with =,
    weekday with =,
    effective with &&,
    int4range(start_minute, end_minute) with &&
  )
);
create index schedule_template_block_template on schedule_template_block (template_id);

-- Time off: a practitioner's leave or blocked time, a resource's downtime, or a holiday of
-- a whole facility (neither practitioner nor resource).
create table schedule_exception (
  id uuid primary key,
  kind text not null check (kind in ('leave', 'holiday', 'blocked')),
  practitioner_id uuid references practitioner (id),
  resource_id uuid references schedule_resource (id),
  facility_id uuid references facility (id),
  period tstzrange not null check (not isempty(period) and lower_inc(period) and not upper_inc(period)),
  reason text not null check (length(reason) between 1 and 500),
  is_cancelled boolean not null,
  created_by uuid references user_account (id),
  created_at timestamptz not null,
  cancelled_by uuid references user_account (id),
  cancelled_at timestamptz,
  constraint schedule_exception_one_subject check (
    num_nonnulls(practitioner_id, resource_id, facility_id) = 1
  )
);
create index schedule_exception_practitioner on schedule_exception using gist (practitioner_id, period)
  where not is_cancelled and practitioner_id is not null;
create index schedule_exception_resource on schedule_exception using gist (resource_id, period)
  where not is_cancelled and resource_id is not null;
create index schedule_exception_facility on schedule_exception using gist (facility_id, period)
  where not is_cancelled and facility_id is not null;

-- ---- Appointments ----

create table appointment_series (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  practitioner_id uuid not null references practitioner (id),
  appointment_type_id uuid not null references appointment_type (id),
  every_weeks integer not null check (every_weeks between 1 and 12),
  occurrences integer not null check (occurrences between 2 and 52),
  created_by uuid references user_account (id),
  created_at timestamptz not null
);

create table appointment (
  id uuid primary key,
  -- Null only for a slot held for a waitlist offer, which has no patient until accepted.
  patient_id uuid references patient (id),
  practitioner_id uuid not null references practitioner (id),
  facility_id uuid not null references facility (id),
  department_id uuid references department (id),
  appointment_type_id uuid not null references appointment_type (id),
  series_id uuid references appointment_series (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- The practitioner's time this takes: [starts_at - buffer before, ends_at + buffer after).
  -- Set by the service from the type; the check below keeps it around the visit itself.
  blocked_period tstzrange not null,
  status text not null check (
    status in ('held', 'booked', 'confirmed', 'arrived', 'in_room', 'completed', 'cancelled', 'no_show')
  ),
  modality text not null check (modality in ('in_person', 'video')),
  reason text,
  note text,
  is_overbooked boolean not null,
  overbook_reason text,
  hold_expires_at timestamptz,
  booked_by uuid references user_account (id),
  booked_at timestamptz not null,
  confirmed_at timestamptz,
  confirmed_via text check (confirmed_via in ('staff', 'patient_link', 'system')),
  arrived_at timestamptz,
  in_room_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid references user_account (id),
  cancelled_via text check (cancelled_via in ('staff', 'patient_link', 'system')),
  cancel_reason text,
  no_show_at timestamptz,
  no_show_via text check (no_show_via in ('staff', 'system')),
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint appointment_ends_after_start check (ends_at > starts_at),
  constraint appointment_blocked_covers_visit check (blocked_period @> tstzrange(starts_at, ends_at)),
  constraint appointment_patient_unless_held check (patient_id is not null or hold_expires_at is not null),
  constraint appointment_overbook_has_reason check (not is_overbooked or overbook_reason is not null),
  constraint appointment_cancel_has_reason check (status <> 'cancelled' or cancel_reason is not null),
  -- The guarantee behind "no double booking", whatever the number of clerks or servers.
  constraint appointment_practitioner_no_overlap exclude using gist (
    practitioner_id with =,
    blocked_period with &&
  ) where (
    status in ('held', 'booked', 'confirmed', 'arrived', 'in_room', 'completed') and not is_overbooked
  ),
  constraint appointment_patient_no_overlap exclude using gist (
    patient_id with =,
    tstzrange(starts_at, ends_at) with &&
  ) where (status in ('booked', 'confirmed', 'arrived', 'in_room', 'completed'))
);
create index appointment_practitioner_starts on appointment (practitioner_id, starts_at);
create index appointment_patient_starts on appointment (patient_id, starts_at);
create index appointment_facility_starts on appointment (facility_id, starts_at);
create index appointment_series_id on appointment (series_id) where series_id is not null;
create index appointment_no_show_due on appointment (starts_at) where status in ('booked', 'confirmed');
create index appointment_hold_expiry on appointment (hold_expires_at) where status = 'held';

-- Rooms and equipment an appointment also reserves; is_active follows the appointment's
-- status (the service clears it on cancel and no-show) so the constraint frees the resource.
create table appointment_resource (
  appointment_id uuid not null references appointment (id),
  resource_id uuid not null references schedule_resource (id),
  period tstzrange not null,
  is_active boolean not null,
  primary key (appointment_id, resource_id),
  constraint appointment_resource_no_overlap exclude using gist (
    resource_id with =,
    period with &&
  ) where (is_active)
);

-- Every change of an appointment, append-only: booked, rescheduled (old and new times),
-- each status transition, overbooking.
create table appointment_event (
  id uuid primary key,
  appointment_id uuid not null references appointment (id),
  kind text not null check (kind in ('booked', 'rescheduled', 'status', 'reminder', 'note')),
  from_status text,
  to_status text,
  from_starts_at timestamptz,
  to_starts_at timestamptz,
  channel text not null check (channel in ('staff', 'patient_link', 'system')),
  actor_user_id uuid references user_account (id),
  note text,
  occurred_at timestamptz not null
);
create index appointment_event_appointment on appointment_event (appointment_id, occurred_at);

create function appointment_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'appointment_event is append-only';
end $$;
create trigger appointment_event_no_change before update or delete on appointment_event
  for each row execute function appointment_event_append_only();

-- ---- Waitlist ----

create table waitlist_entry (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  facility_id uuid not null references facility (id),
  appointment_type_id uuid not null references appointment_type (id),
  practitioner_id uuid references practitioner (id),
  specialty text,
  earliest_date date not null,
  latest_date date not null,
  current_appointment_id uuid references appointment (id),
  status text not null check (status in ('waiting', 'offered', 'booked', 'cancelled', 'expired')),
  note text,
  booked_appointment_id uuid references appointment (id),
  created_by uuid references user_account (id),
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint waitlist_entry_target check (practitioner_id is not null or specialty is not null),
  constraint waitlist_entry_dates check (latest_date >= earliest_date)
);
create index waitlist_entry_open on waitlist_entry (facility_id, created_at)
  where status in ('waiting', 'offered');
create index waitlist_entry_patient on waitlist_entry (patient_id);

-- A freed slot offered to waitlisted patients: the slot is held as an appointment in status
-- `held`; the first accepted offer takes it, the others become `taken`.
create table waitlist_offer (
  id uuid primary key,
  entry_id uuid not null references waitlist_entry (id),
  held_appointment_id uuid not null references appointment (id),
  status text not null check (status in ('open', 'accepted', 'declined', 'expired', 'taken')),
  expires_at timestamptz not null,
  outbox_message_id uuid,
  created_at timestamptz not null,
  answered_at timestamptz,
  constraint waitlist_offer_once unique (entry_id, held_appointment_id)
);
create index waitlist_offer_held on waitlist_offer (held_appointment_id);
create index waitlist_offer_open on waitlist_offer (expires_at) where status = 'open';

-- ---- Reminders ----

create table reminder_rule (
  id uuid primary key,
  -- Null: appointment types without rules of their own.
  appointment_type_id uuid references appointment_type (id),
  hours_before integer not null check (hours_before between 1 and 720),
  is_active boolean not null,
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint reminder_rule_unique unique nulls not distinct (appointment_type_id, hours_before)
);

-- One row per appointment and rule: sent (with the outbox message) or skipped and why.
create table appointment_reminder (
  id uuid primary key,
  appointment_id uuid not null references appointment (id),
  rule_id uuid not null references reminder_rule (id),
  channel text check (channel in ('email', 'sms')),
  outcome text not null check (outcome in ('sent', 'skipped')),
  skip_reason text,
  outbox_message_id uuid,
  created_at timestamptz not null,
  constraint appointment_reminder_once unique (appointment_id, rule_id)
);

-- ---- Idempotent creates ----

-- A create retried with the same Idempotency-Key by the same user answers what the first
-- one answered; the key row is written in the create's own transaction, so a concurrent
-- retry waits on the primary key and then replays.
create table idempotency_key (
  user_id uuid not null references user_account (id),
  scope text not null,
  key text not null check (length(key) between 1 and 255),
  request_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null,
  primary key (user_id, scope, key)
);
create index idempotency_key_created on idempotency_key (created_at);
