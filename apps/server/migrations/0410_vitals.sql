-- Vital signs and observations (issue 6 point 2), following 0400's clinical conventions:
-- patient_id -> patient, encounter_id (nullable) -> encounter, never deleted (status
-- entered_in_error retires a row), `version` for If-Match, source_system/source_id unique
-- together (both null or both set) for idempotent imports.
--
-- - vital_set: one set of vital signs taken together, with its NEWS2 score (RCP 2017) as
--   computed when it was recorded, on the SpO2 scale the patient used then.
-- - observation: one row per measured value, LOINC coded with a UCUM unit (or a coded or
--   text value). Vital sets write their values here; the FHIR importer writes imported
--   vital-sign (and other) Observations here too, so the table stays general.
-- - spo2_scale_change: the patient's "uses SpO2 scale 2" setting as an append-only
--   history; the current setting is the highest version.

create table vital_set (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  taken_at timestamptz not null,
  recorded_by uuid references user_account (id),
  on_supplemental_oxygen boolean not null default false,
  oxygen_flow_lpm numeric(4, 1) check (oxygen_flow_lpm > 0 and oxygen_flow_lpm <= 80),
  oxygen_device text check (oxygen_device in ('nasal_cannula', 'simple_mask', 'venturi_mask',
    'non_rebreather', 'high_flow_nasal', 'cpap', 'niv', 'tracheostomy', 'other')),
  consciousness text check (consciousness in ('A', 'C', 'V', 'P', 'U')),
  spo2_scale smallint not null default 1 check (spo2_scale in (1, 2)),
  -- NEWS2: the aggregate only when all seven parameters were recorded; the per-parameter
  -- scores as {"respiratoryRate": 0, ...}; the alert is aggregate >= 5 or any score of 3.
  news2_total smallint check (news2_total between 0 and 20),
  news2_band text check (news2_band in ('low', 'low_medium', 'medium', 'high')),
  news2_has_red_score boolean not null default false,
  news2_alert boolean not null default false,
  news2_scores jsonb not null default '{}'::jsonb,
  status text not null default 'final' check (status in ('final', 'entered_in_error')),
  error_reason text check (length(error_reason) between 1 and 500),
  error_at timestamptz,
  error_by uuid references user_account (id),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint vital_set_source_whole check ((source_system is null) = (source_id is null)),
  constraint vital_set_source_unique unique (source_system, source_id),
  constraint vital_set_band_with_total check ((news2_total is null) = (news2_band is null)),
  constraint vital_set_alert_rule
    check (news2_alert = (news2_has_red_score or coalesce(news2_total >= 5, false))),
  -- Oxygen details only when on oxygen.
  constraint vital_set_oxygen_details
    check (on_supplemental_oxygen or (oxygen_flow_lpm is null and oxygen_device is null)),
  -- A set entered in error says why, when and by whom; a final one has none of it.
  constraint vital_set_error_reason
    check ((status = 'entered_in_error') = (error_reason is not null and error_at is not null))
);
-- The patient's sets, newest first (list, cursor on (taken_at, id)).
create index vital_set_patient_taken on vital_set (patient_id, taken_at desc, id desc);
-- The latest scored set per patient: the chart's NEWS2 and the bed board's lateral join.
create index vital_set_patient_news2 on vital_set (patient_id, taken_at desc, id desc)
  where status = 'final' and (news2_total is not null or news2_has_red_score);
create index vital_set_encounter on vital_set (encounter_id) where encounter_id is not null;

create table observation (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  vital_set_id uuid references vital_set (id),
  category text not null check (category in ('vital-signs', 'laboratory', 'survey', 'exam',
                                             'other')),
  code_system text not null default 'http://loinc.org' check (length(code_system) <= 200),
  code text not null check (length(code) between 1 and 64),
  display text not null check (length(display) between 1 and 300),
  -- One value at least: a quantity (with its UCUM unit), a code, or text.
  value_numeric numeric,
  unit text check (length(unit) <= 40),
  value_code text check (length(value_code) <= 64),
  value_code_system text check (length(value_code_system) <= 200),
  value_code_display text check (length(value_code_display) <= 300),
  value_text text check (length(value_text) <= 2000),
  effective_at timestamptz not null,
  status text not null default 'final'
    check (status in ('preliminary', 'final', 'amended', 'corrected', 'cancelled',
                      'entered_in_error')),
  recorded_by uuid references user_account (id),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint observation_has_value
    check (value_numeric is not null or value_code is not null or value_text is not null),
  constraint observation_quantity_unit check (value_numeric is null or unit is not null),
  constraint observation_source_whole check ((source_system is null) = (source_id is null)),
  constraint observation_source_unique unique (source_system, source_id)
);
-- The flowsheet and trends: one code of one patient over time, newest first; the latest
-- value per code is the first entry. Partial: retired rows never show.
create index observation_patient_code_time
  on observation (patient_id, code, effective_at desc, id desc)
  where status <> 'entered_in_error' and status <> 'cancelled';
create index observation_vital_set on observation (vital_set_id) where vital_set_id is not null;
create index observation_encounter on observation (encounter_id) where encounter_id is not null;

-- A set's observations share its patient, encounter and time; the trigger keeps a set's
-- observations retired together with it (entered in error as a whole).
create function vital_set_retire_observations() returns trigger
language plpgsql as $$
begin
  if new.status = 'entered_in_error' and old.status <> 'entered_in_error' then
    update observation set status = 'entered_in_error', version = version + 1,
                           updated_at = new.updated_at
     where vital_set_id = new.id and status <> 'entered_in_error';
  end if;
  return null;
end;
$$;
create trigger vital_set_retire_observations after update of status on vital_set
  for each row execute function vital_set_retire_observations();

-- The bed board shows the latest NEWS2 of each occupant: a new or retired set notifies the
-- board channel for the bed the patient's stay holds (ids only, at commit), like 0300's
-- stay trigger.
create function vital_set_board_notify() returns trigger
language plpgsql as $$
begin
  perform pg_notify('bed_board', json_build_object(
    'facilityId', b.facility_id, 'wardId', b.ward_id, 'bedId', b.id)::text)
    from inpatient_stay s join bed b on b.stay_id = s.id
   where s.patient_id = new.patient_id;
  return null;
end;
$$;
create trigger vital_set_board_notify after insert or update of status on vital_set
  for each row execute function vital_set_board_notify();

create table spo2_scale_change (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  scale smallint not null check (scale in (1, 2)),
  reason text not null check (length(reason) between 1 and 500),
  changed_by uuid references user_account (id),
  changed_at timestamptz not null,
  -- 1, 2, 3...: two clinicians changing the setting at once cannot both write version n.
  version integer not null check (version >= 1),
  constraint spo2_scale_change_one_per_version unique (patient_id, version)
);
