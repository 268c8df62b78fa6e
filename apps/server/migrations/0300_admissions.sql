-- Admissions and beds (issue 5): wards, rooms and beds; inpatient stays with their movement
-- history; bed state changes (housekeeping turnaround); midnight census snapshots.
--
-- The invariants live here, not in application code:
--   - one open stay (pre-admitted, admitted or on leave) per patient: a partial unique index;
--   - one holder per bed: bed.stay_id is a single column, and a bed holds someone exactly
--     when it is reserved or occupied (check); one bed per stay (unique);
--   - over all time, no bed had two occupants and no stay was in two beds at once:
--     bed_occupancy's exclusion constraints (the movement history the census counts from);
--   - discharge never precedes admission (check).
-- Every change of a bed notifies channel `bed_board` (ids only) as its transaction commits,
-- so every server instance can push it to the open boards.

create table ward (
  id uuid primary key,
  facility_id uuid not null references facility (id),
  department_id uuid references department (id),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]*$' and length(code) <= 20),
  name text not null check (length(name) between 1 and 100),
  kind text not null check (kind in ('icu', 'step_down', 'medical_surgical', 'maternity',
                                     'paediatric', 'psychiatric', 'emergency')),
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ward_code_unique unique (facility_id, code),
  -- Targets of the composite keys below: a bed's ward and facility always agree.
  constraint ward_id_facility unique (id, facility_id)
);

create table ward_room (
  id uuid primary key,
  ward_id uuid not null references ward (id),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]*$' and length(code) <= 20),
  name text check (length(name) between 1 and 100),
  sex_restriction text check (sex_restriction in ('female', 'male')),
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ward_room_code_unique unique (ward_id, code),
  constraint ward_room_id_ward unique (id, ward_id)
);

create sequence inpatient_stay_number_seq;

create table inpatient_stay (
  id uuid primary key,
  -- The stay's account number (HL7 PV1-19), shown as IP-000123.
  stay_number bigint not null default nextval('inpatient_stay_number_seq')
    constraint inpatient_stay_number_unique unique,
  patient_id uuid not null references patient (id),
  facility_id uuid not null references facility (id),
  status text not null check (status in ('pre_admitted', 'admitted', 'on_leave', 'discharged',
                                         'cancelled')),
  source text not null check (source in ('emergency', 'elective', 'direct', 'transfer_in')),
  source_detail text check (length(source_detail) <= 200),
  admitting_practitioner_id uuid not null references practitioner (id),
  attending_practitioner_id uuid not null references practitioner (id),
  reason text not null check (length(reason) between 1 and 500),
  admitting_diagnosis text check (length(admitting_diagnosis) <= 500),
  level_of_care text not null check (level_of_care in ('icu', 'step_down', 'acute', 'observation')),
  expected_los_days integer check (expected_los_days between 1 and 365),
  isolation text[] not null default '{}'
    check (isolation <@ array['contact', 'droplet', 'airborne', 'protective']),
  expected_at timestamptz,
  admitted_at timestamptz,
  discharge_expected_at timestamptz,
  discharge_ordered_at timestamptz,
  discharge_ordered_by uuid references user_account (id),
  discharged_at timestamptz,
  discharged_by uuid references user_account (id),
  disposition text check (disposition in ('home', 'home_with_services', 'transferred',
                                          'left_against_medical_advice', 'deceased')),
  discharge_destination text check (length(discharge_destination) <= 200),
  discharge_summary text check (length(discharge_summary) <= 20000),
  leave_started_at timestamptz,
  leave_expected_return_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid references user_account (id),
  cancel_reason text check (length(cancel_reason) <= 500),
  created_by uuid references user_account (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint inpatient_stay_pre_admission_expected
    check (status <> 'pre_admitted' or (expected_at is not null and admitted_at is null)),
  constraint inpatient_stay_admitted_has_time
    check (status not in ('admitted', 'on_leave', 'discharged') or admitted_at is not null),
  constraint inpatient_stay_discharged_complete
    check (status <> 'discharged' or (discharged_at is not null and disposition is not null)),
  constraint inpatient_stay_discharge_after_admission
    check (discharged_at is null or (admitted_at is not null and discharged_at >= admitted_at)),
  constraint inpatient_stay_leave_has_start
    check (status <> 'on_leave' or leave_started_at is not null),
  constraint inpatient_stay_cancel_has_reason
    check (status <> 'cancelled' or (cancelled_at is not null and cancel_reason is not null))
);
create unique index inpatient_stay_one_open_per_patient on inpatient_stay (patient_id)
  where status in ('pre_admitted', 'admitted', 'on_leave');
create index inpatient_stay_patient on inpatient_stay (patient_id, created_at desc);
create index inpatient_stay_open on inpatient_stay (facility_id, status)
  where status in ('pre_admitted', 'admitted', 'on_leave');
create index inpatient_stay_admitted_at on inpatient_stay (facility_id, admitted_at);
create index inpatient_stay_discharged_at on inpatient_stay (facility_id, discharged_at)
  where discharged_at is not null;

create table bed (
  id uuid primary key,
  room_id uuid not null,
  ward_id uuid not null,
  facility_id uuid not null,
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]*$' and length(code) <= 20),
  isolation_capable boolean not null default false,
  telemetry boolean not null default false,
  bariatric boolean not null default false,
  is_active boolean not null default true,
  state text not null default 'available'
    check (state in ('available', 'reserved', 'occupied', 'dirty', 'cleaning', 'blocked')),
  state_since timestamptz not null default now(),
  -- The stay holding the bed: reserved for it (pre-admission) or occupied by it (also while
  -- the patient is on leave).
  stay_id uuid references inpatient_stay (id),
  blocked_reason text check (length(blocked_reason) <= 200),
  blocked_until timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint bed_room_in_ward foreign key (room_id, ward_id) references ward_room (id, ward_id),
  constraint bed_ward_in_facility foreign key (ward_id, facility_id) references ward (id, facility_id),
  constraint bed_code_unique unique (ward_id, code),
  constraint bed_holder_matches_state check ((state in ('reserved', 'occupied')) = (stay_id is not null)),
  constraint bed_blocked_has_reason check ((state = 'blocked') = (blocked_reason is not null)),
  constraint bed_blocked_until_only_when_blocked check (state = 'blocked' or blocked_until is null),
  -- Deferrable so two patients can trade beds inside one transaction.
  constraint bed_one_per_stay unique (stay_id) deferrable initially immediate,
  -- A bed taken out of service holds nobody.
  constraint bed_inactive_is_empty check (is_active or stay_id is null)
);
create index bed_facility_state on bed (facility_id, state);
create index bed_room on bed (room_id);

-- Who lay in which bed when: one row per stretch in one bed (admission to transfer, transfer
-- to discharge); the open stretch has no upper bound. Void rows (an admission entered in
-- error) stay for the record and count for nothing.
create table bed_occupancy (
  id uuid primary key,
  stay_id uuid not null references inpatient_stay (id),
  bed_id uuid not null references bed (id),
  ward_id uuid not null references ward (id),
  facility_id uuid not null references facility (id),
  period tstzrange not null
    check (not isempty(period) and lower_inc(period) and not upper_inc(period)
           and not lower_inf(period)),
  is_void boolean not null default false,
  constraint bed_occupancy_bed_no_overlap
    exclude using gist (bed_id with =, period with &&) where (not is_void),
  constraint bed_occupancy_stay_no_overlap
    exclude using gist (stay_id with =, period with &&) where (not is_void)
);
create index bed_occupancy_ward_period on bed_occupancy using gist (ward_id, period)
  where not is_void;
create index bed_occupancy_facility_period on bed_occupancy using gist (facility_id, period)
  where not is_void;

-- What happened to a stay, in order: the movement history shown on the stay and counted as
-- admissions, transfers and discharges. Append-only.
create table stay_movement (
  id uuid primary key,
  stay_id uuid not null references inpatient_stay (id),
  facility_id uuid not null references facility (id),
  kind text not null check (kind in ('pre_admitted', 'admitted', 'transferred', 'swapped',
                                     'leave_started', 'leave_ended', 'discharge_ordered',
                                     'discharge_order_cancelled', 'discharged', 'cancelled',
                                     'discharge_undone')),
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  from_bed_id uuid references bed (id),
  to_bed_id uuid references bed (id),
  from_ward_id uuid references ward (id),
  to_ward_id uuid references ward (id),
  from_level_of_care text,
  to_level_of_care text,
  reason text check (length(reason) <= 500),
  actor_user_id uuid references user_account (id)
);
create index stay_movement_stay on stay_movement (stay_id, occurred_at, recorded_at);
create index stay_movement_facility on stay_movement (facility_id, occurred_at);

-- Every bed state change, for turnaround (dirty -> available) and the bed's history.
-- Append-only.
create table bed_state_change (
  id uuid primary key,
  bed_id uuid not null references bed (id),
  ward_id uuid not null references ward (id),
  facility_id uuid not null references facility (id),
  action text not null check (action in ('reserve', 'release', 'occupy', 'vacate', 'mark_dirty',
                                         'start_cleaning', 'finish_cleaning', 'block', 'unblock')),
  from_state text not null,
  to_state text not null,
  occurred_at timestamptz not null,
  stay_id uuid references inpatient_stay (id),
  reason text check (length(reason) <= 200),
  actor_user_id uuid references user_account (id)
);
create index bed_state_change_bed on bed_state_change (bed_id, occurred_at);
create index bed_state_change_facility on bed_state_change (facility_id, occurred_at);

create function admissions_refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end;
$$;
create trigger stay_movement_append_only before update or delete on stay_movement
  for each row execute function admissions_refuse_change();
create trigger bed_state_change_append_only before update or delete on bed_state_change
  for each row execute function admissions_refuse_change();

-- The midnight census: patients in a bed (and on leave) at the local midnight that begins
-- census_date, per ward; taken by a scheduled job, the basis of patient days.
create table census_snapshot (
  ward_id uuid not null references ward (id),
  census_date date not null,
  facility_id uuid not null references facility (id),
  midnight_at timestamptz not null,
  taken_at timestamptz not null,
  beds integer not null check (beds >= 0),
  blocked integer not null check (blocked >= 0),
  occupied integer not null check (occupied >= 0),
  on_leave integer not null check (on_leave >= 0),
  primary key (ward_id, census_date)
);
create index census_snapshot_facility on census_snapshot (facility_id, census_date);

-- Live board: ids only, sent when the transaction commits (identical payloads of one
-- transaction are folded into one by PostgreSQL).
create function bed_board_notify() returns trigger
language plpgsql as $$
begin
  perform pg_notify('bed_board', json_build_object(
    'facilityId', new.facility_id, 'wardId', new.ward_id, 'bedId', new.id)::text);
  return null;
end;
$$;
create trigger bed_board_notify after insert or update on bed
  for each row execute function bed_board_notify();

-- A stay change that leaves its bed alone (discharge order, leave, isolation) still changes
-- what the board shows on that bed.
create function stay_board_notify() returns trigger
language plpgsql as $$
begin
  perform pg_notify('bed_board', json_build_object(
    'facilityId', b.facility_id, 'wardId', b.ward_id, 'bedId', b.id)::text)
    from bed b where b.stay_id = new.id;
  return null;
end;
$$;
create trigger stay_board_notify after update on inpatient_stay
  for each row execute function stay_board_notify();
