-- Immunizations (CVX-coded) and procedures (SNOMED CT as imported, or CPT/HCPCS), issue 6
-- point 9.
--
-- Follows the clinical conventions of 0400: patient_id -> patient, encounter_id (nullable)
-- -> encounter, never deleted (status 'entered_in_error' retires a row, with a reason),
-- `version` for If-Match, source_system/source_id unique together for idempotent imports.
-- Lists page newest first by (date, id), hence the indexes.

create table immunization (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  -- CDC CVX vaccine code (1 to 3 digits) and its display as recorded or imported.
  vaccine_system text not null default 'cvx' check (vaccine_system in ('cvx')),
  vaccine_code text not null check (vaccine_code ~ '^[0-9]{1,3}$'),
  vaccine_display text not null check (length(btrim(vaccine_display)) between 1 and 300),
  status text not null check (status in ('completed', 'not_done', 'entered_in_error')),
  -- Why it was not given (refusal, contraindication, ...): required when not_done.
  not_done_reason text check (length(not_done_reason) between 1 and 500),
  occurrence_date date not null,
  lot_number text check (length(lot_number) between 1 and 50),
  -- Administration site and route as HL7 codes (e.g. 'LA' left arm, 'IM' intramuscular)
  -- or, when imported, the source's text.
  site text check (length(site) between 1 and 100),
  route text check (length(route) between 1 and 100),
  dose_number integer check (dose_number between 1 and 20),
  -- Our user who gave it, or (imported / given elsewhere) only a name.
  performer_id uuid references user_account (id),
  performer_display text check (length(performer_display) <= 200),
  note text check (length(note) <= 2000),
  error_reason text check (length(error_reason) between 1 and 500),
  recorded_by uuid references user_account (id),
  recorded_at timestamptz not null,
  updated_by uuid references user_account (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  constraint immunization_not_done_has_reason
    check (status <> 'not_done' or not_done_reason is not null),
  constraint immunization_error_has_reason
    check (status <> 'entered_in_error' or error_reason is not null),
  constraint immunization_source_whole check ((source_system is null) = (source_id is null)),
  constraint immunization_source_unique unique (source_system, source_id)
);
create index immunization_patient_recent
  on immunization (patient_id, occurrence_date desc, id desc);

-- "procedure" is an SQL keyword, hence clinical_procedure.
create table clinical_procedure (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  -- The code as it came: SNOMED CT (Synthea, most FHIR sources) or CPT / HCPCS.
  code_system text not null check (code_system in ('snomed', 'cpt', 'hcpcs')),
  code text not null check (length(code) between 1 and 40),
  display text not null check (length(btrim(display)) between 1 and 300),
  status text not null check (status in ('preparation', 'in_progress', 'not_done', 'on_hold',
                                         'stopped', 'completed', 'entered_in_error', 'unknown')),
  -- When: a point (performed_end null) or a period.
  performed_start timestamptz not null,
  performed_end timestamptz,
  body_site_code text check (length(body_site_code) between 1 and 40),
  body_site_display text check (length(body_site_display) between 1 and 200),
  outcome text check (length(outcome) <= 2000),
  performer_id uuid references user_account (id),
  performer_display text check (length(performer_display) <= 200),
  error_reason text check (length(error_reason) between 1 and 500),
  recorded_by uuid references user_account (id),
  recorded_at timestamptz not null,
  updated_by uuid references user_account (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  constraint clinical_procedure_end_after_start
    check (performed_end is null or performed_end >= performed_start),
  constraint clinical_procedure_error_has_reason
    check (status <> 'entered_in_error' or error_reason is not null),
  constraint clinical_procedure_source_whole
    check ((source_system is null) = (source_id is null)),
  constraint clinical_procedure_source_unique unique (source_system, source_id)
);
create index clinical_procedure_patient_recent
  on clinical_procedure (patient_id, performed_start desc, id desc);
