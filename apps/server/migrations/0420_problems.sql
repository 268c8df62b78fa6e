-- ICD-10-CM code set and the problem list (issue 6, point 3).
--
-- The code set is reference data, loaded after migrations by the application (a COPY of
-- the bundled FY2022 release, or `meridian codes load icd10cm <file>` for a newer official
-- CMS/CDC order file). Invariants:
--   - codes are never deleted: a code that a newer release no longer contains is kept with
--     is_current = false (retired_in names the release), so problems, encounter diagnoses
--     and claims that use it stay valid (they reference icd10cm_code (code));
--   - `code` is the canonical dotted form: E11.9, S72.001A; 3-character categories have
--     no dot (E11). `code_compact` (no dot) serves prefix search typed with or without it.

-- Which releases were loaded, newest last: `meridian codes` and the start-up check read it.
create table code_set_release (
  code_system text not null check (code_system in ('icd10cm')),
  release text not null check (release ~ '^[0-9A-Za-z._-]{1,40}$'),
  source text not null check (length(source) between 1 and 300),
  code_count integer not null check (code_count >= 0),
  loaded_at timestamptz not null default now(),
  primary key (code_system, release)
);

create table icd10cm_code (
  code text primary key check (code ~ '^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'),
  -- Tricky: collate "C" so that LIKE 'E119%' can use the btree index below.
  code_compact text collate "C" generated always as (replace(code, '.', '')) stored,
  -- Valid for HIPAA transactions (a leaf code); false for categories and headers.
  billable boolean not null,
  short_description text not null check (length(short_description) between 1 and 100),
  long_description text not null check (length(long_description) between 1 and 500),
  -- Position in the release's tabular order (its order file's order number).
  tabular_order integer not null,
  is_current boolean not null default true,
  first_release text not null,
  retired_in text,
  -- Word search: the code (without its dot) and every word of both descriptions,
  -- unstemmed, matched as prefixes ('diab type 2 kidn').
  search_vector tsvector generated always as (to_tsvector('simple',
    replace(code, '.', '') || ' ' || long_description || ' ' || short_description)) stored,
  constraint icd10cm_code_retired_has_release check (is_current = (retired_in is null))
);
create unique index icd10cm_code_compact_prefix on icd10cm_code (code_compact);
create index icd10cm_code_search on icd10cm_code using gin (search_vector);
-- Word search's order (billable first, shorter titles, tabular order): for a frequent word
-- ('dis') the planner walks this index and stops at the limit instead of sorting 50k rows.
create index icd10cm_code_rank on icd10cm_code ((not billable), length(long_description),
                                                tabular_order);

-- The vocabulary of the descriptions (rebuilt by each load; codes left out): typo tolerance
-- maps a query word that is no word's prefix to the nearest words here by trigram
-- distance (pg_trgm, migration 0100; the GiST index answers `order by word <-> $1`).
create table icd10cm_word (
  word text collate "C" primary key,
  code_count integer not null
);
create index icd10cm_word_trgm on icd10cm_word using gist (word gist_trgm_ops);

-- A patient's problem list. Follows the clinical conventions of 0400 (never deleted,
-- entered_in_error retires a row, version for If-Match, source_system/source_id).
create table problem (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  -- ICD-10-CM (dotted). Imported records may carry only their SNOMED CT code when no map
  -- entry exists; everything entered here is ICD-10-CM coded.
  icd10cm_code text references icd10cm_code (code),
  snomed_code text check (snomed_code ~ '^[0-9]{6,18}$'),
  display text not null check (length(display) between 1 and 300),
  onset_date date,
  abatement_date date,
  clinical_status text not null
    check (clinical_status in ('active', 'recurrence', 'inactive', 'resolved')),
  verification_status text not null
    check (verification_status in ('provisional', 'confirmed', 'refuted', 'entered_in_error')),
  note text check (length(note) <= 2000),
  recorded_by uuid references user_account (id),
  recorded_at timestamptz not null,
  updated_by uuid references user_account (id),
  entered_in_error_reason text check (length(entered_in_error_reason) between 1 and 500),
  -- The list's order: active and recurrence first, then inactive, resolved, in error.
  status_rank smallint generated always as (
    case
      when verification_status = 'entered_in_error' then 3
      when clinical_status in ('active', 'recurrence') then 0
      when clinical_status = 'inactive' then 1
      else 2
    end) stored,
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint problem_coded
    check (icd10cm_code is not null or (snomed_code is not null and source_system is not null)),
  constraint problem_abatement_after_onset
    check (abatement_date is null or onset_date is null or abatement_date >= onset_date),
  constraint problem_error_reason_only_in_error
    check (entered_in_error_reason is null or verification_status = 'entered_in_error'),
  constraint problem_source_whole check ((source_system is null) = (source_id is null)),
  constraint problem_source_unique unique (source_system, source_id)
);
-- One active (or recurring) problem per patient and ICD-10-CM code; refuted and
-- entered-in-error rows do not count. The API answers problem.duplicate_active (409).
create unique index problem_one_active_per_code on problem (patient_id, icd10cm_code)
  where clinical_status in ('active', 'recurrence')
    and verification_status in ('provisional', 'confirmed')
    and icd10cm_code is not null;
-- The list: a patient's problems, active first, newest recorded first, paged by the key.
create index problem_patient_list on problem (patient_id, status_rank, recorded_at desc, id desc);
create index problem_encounter on problem (encounter_id) where encounter_id is not null;

-- Every version of a problem as the row after the change (version 1 is the problem as
-- recorded). Append-only: the history view compares consecutive snapshots.
create table problem_history (
  id uuid primary key,
  problem_id uuid not null references problem (id),
  version integer not null,
  action text not null check (action in ('created', 'updated', 'resolved', 'entered_in_error',
                                         'merged')),
  snapshot jsonb not null,
  recorded_at timestamptz not null,
  recorded_by uuid references user_account (id),
  constraint problem_history_version_unique unique (problem_id, version)
);

create function problem_history_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'problem_history is append-only';
end;
$$;
create trigger problem_history_no_update before update or delete on problem_history
  for each row execute function problem_history_append_only();
