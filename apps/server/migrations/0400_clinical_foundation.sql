-- The clinical record (issue 6), its foundation: a laboratory role, and encounters — the
-- outpatient visit, inpatient stay or emergency visit that clinical entries belong to.
--
-- Conventions every clinical table follows (vitals, problems, allergies, medications,
-- notes, labs, immunizations, procedures):
--   - patient_id references patient; encounter_id (nullable) references encounter;
--   - rows are never deleted: a status such as entered_in_error retires them, and a
--     `version` column guards updates (If-Match);
--   - imported rows keep where they came from: source_system (e.g. the bundle's
--     fullUrl base or 'urn:synthea') and source_id, unique together, so importing the
--     same record twice creates nothing twice.

alter table user_role drop constraint user_role_role_check;
alter table user_role add constraint user_role_role_check
  check (role in ('admin', 'physician', 'nurse', 'front_desk', 'billing', 'housekeeping', 'lab',
                  'patient'));

create table encounter (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  -- Null for encounters imported from elsewhere (another organisation's visit).
  facility_id uuid references facility (id),
  class text not null check (class in ('ambulatory', 'inpatient', 'emergency', 'virtual')),
  status text not null check (status in ('planned', 'in_progress', 'finished', 'cancelled',
                                         'entered_in_error')),
  -- What the encounter was, as coded by its source (SNOMED CT for Synthea), and why.
  type_code text check (length(type_code) <= 40),
  type_display text check (length(type_display) <= 200),
  reason text check (length(reason) <= 500),
  started_at timestamptz not null,
  ended_at timestamptz,
  appointment_id uuid references appointment (id),
  stay_id uuid references inpatient_stay (id),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint encounter_end_after_start check (ended_at is null or ended_at >= started_at),
  constraint encounter_source_whole check ((source_system is null) = (source_id is null)),
  constraint encounter_source_unique unique (source_system, source_id),
  constraint encounter_one_per_appointment unique (appointment_id),
  constraint encounter_one_per_stay unique (stay_id)
);
-- The timeline: a patient's encounters, newest first, paged by (started_at, id).
create index encounter_patient_timeline on encounter (patient_id, started_at desc, id desc);

create table encounter_participant (
  encounter_id uuid not null references encounter (id),
  -- Our practitioner, or (for imported encounters) only a name.
  practitioner_id uuid references practitioner (id),
  display text check (length(display) <= 200),
  role text not null check (role in ('attending', 'admitting', 'primary', 'consultant',
                                     'participant')),
  constraint encounter_participant_who check (practitioner_id is not null or display is not null)
);
create index encounter_participant_encounter on encounter_participant (encounter_id);
create unique index encounter_participant_unique
  on encounter_participant (encounter_id, practitioner_id, role) where practitioner_id is not null;

-- Encounter diagnoses for billing: one principal, any number of secondary, ICD-10-CM coded.
create table encounter_diagnosis (
  id uuid primary key,
  encounter_id uuid not null references encounter (id),
  code_system text not null default 'icd10cm' check (code_system in ('icd10cm')),
  code text not null check (code ~ '^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'),
  display text not null check (length(display) between 1 and 300),
  rank text not null check (rank in ('principal', 'secondary')),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  constraint encounter_diagnosis_code_once unique (encounter_id, code_system, code)
);
create unique index encounter_diagnosis_one_principal
  on encounter_diagnosis (encounter_id) where rank = 'principal';
