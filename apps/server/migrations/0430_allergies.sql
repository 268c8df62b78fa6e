-- Allergies and intolerances (issue 6 point 4), and the patient-level allergy assessment
-- that makes "no known allergies" explicit and distinct from "never asked".
--
-- Follows the clinical conventions of 0400: patient_id -> patient, encounter_id (nullable)
-- -> encounter, never deleted (verification_status 'entered_in_error' retires a row),
-- `version` for If-Match, source_system/source_id unique together for idempotent imports.
--
-- Readers (decision support at prescribing) treat an allergy as "in force" when
--   clinical_status = 'active' and verification_status in ('unconfirmed', 'confirmed').
-- substance_system says how to read substance_code:
--   'rxnorm'     an RxNorm INGREDIENT rxcui (drug_ingredient.rxcui of the catalogue, 0440);
--   'drug-class' a drug class code of the catalogue (drug_class.code);
--   'snomed'     a SNOMED CT concept id (foods, environment, or as imported);
--   'text'       free text only: substance_code is null.
--
-- Invariants (the database enforces them, whoever writes — the API or the FHIR importer):
--   - one in-force allergy per patient and substance (partial unique index below);
--   - "no known allergies" and an in-force allergy never coexist: recording or reactivating
--     an in-force allergy retires the NKA assessment (to 'reviewed') in the same
--     transaction, and writing NKA while an in-force allergy exists is refused
--     (constraint name allergy_assessment_nka_conflict). Both sides take the same
--     per-patient transaction advisory lock, so concurrent writers serialise;
--   - every insert and update of either table leaves a snapshot in allergy_history.

create table allergy_intolerance (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  category text not null check (category in ('medication', 'food', 'environment', 'biologic')),
  substance_system text not null
    check (substance_system in ('rxnorm', 'drug-class', 'snomed', 'text')),
  substance_code text check (length(substance_code) between 1 and 64),
  substance_display text not null check (length(btrim(substance_display)) between 1 and 200),
  type text not null default 'allergy' check (type in ('allergy', 'intolerance')),
  criticality text not null default 'unable_to_assess'
    check (criticality in ('low', 'high', 'unable_to_assess')),
  clinical_status text not null default 'active'
    check (clinical_status in ('active', 'inactive', 'resolved')),
  verification_status text not null default 'confirmed'
    check (verification_status in ('unconfirmed', 'confirmed', 'refuted', 'entered_in_error')),
  -- [{ "manifestation": text, "manifestationCode"?: SNOMED CT id,
  --    "severity": "mild" | "moderate" | "severe" }]
  reactions jsonb not null default '[]'::jsonb check (jsonb_typeof(reactions) = 'array'),
  -- When it began: an ISO date or partial date ('2019', '2019-04', '2019-04-12') or words
  -- ('childhood'), as recorded or imported.
  onset text check (length(onset) <= 100),
  last_occurrence date,
  note text check (length(note) <= 2000),
  -- Null for imported rows (recorded elsewhere).
  recorded_by uuid references user_account (id),
  recorded_at timestamptz not null,
  -- Who made the latest change, and why (the entered-in-error reason).
  updated_by uuid references user_account (id),
  status_reason text check (length(status_reason) <= 500),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  constraint allergy_intolerance_code_unless_text
    check ((substance_system = 'text') = (substance_code is null)),
  constraint allergy_intolerance_source_whole check ((source_system is null) = (source_id is null)),
  constraint allergy_intolerance_source_unique unique (source_system, source_id)
);
-- The chart list and the banner: a patient's allergies.
create index allergy_intolerance_patient on allergy_intolerance (patient_id, recorded_at desc, id desc);
-- One in-force allergy per patient and substance (text substances compared case-insensitively).
create unique index allergy_intolerance_one_active_per_substance
  on allergy_intolerance (patient_id, substance_system,
                          coalesce(substance_code, lower(btrim(substance_display))))
  where clinical_status = 'active' and verification_status in ('unconfirmed', 'confirmed');

-- The patient-level assessment. No row = allergies never assessed ("not recorded").
-- 'no_known_allergies': asked, the patient has none. 'reviewed': the list was reviewed and
-- holds what is recorded (an NKA retired by a later allergy becomes 'reviewed').
create table allergy_assessment (
  patient_id uuid primary key references patient (id),
  status text not null check (status in ('no_known_allergies', 'reviewed')),
  assessed_by uuid references user_account (id),
  assessed_at timestamptz not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every version of an allergy or an assessment, as the snapshot after the change.
-- Append-only.
create table allergy_history (
  id bigint generated always as identity primary key,
  patient_id uuid not null references patient (id),
  entity_type text not null check (entity_type in ('allergy', 'assessment')),
  -- The allergy's id, or for the assessment the patient's id.
  entity_id uuid not null,
  version integer not null,
  snapshot jsonb not null,
  recorded_at timestamptz not null default now(),
  recorded_by uuid references user_account (id),
  constraint allergy_history_version_unique unique (entity_type, entity_id, version)
);
create index allergy_history_entity on allergy_history (entity_id, version desc);

create function allergy_history_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'allergy_history is append-only';
end;
$$;
create trigger allergy_history_no_update before update or delete on allergy_history
  for each row execute function allergy_history_append_only();

-- The per-patient lock both sides of the NKA invariant take (class 430 = this migration).
create function allergy_lock_patient(p uuid) returns void language sql as $$
  select pg_advisory_xact_lock(430, hashtext(p::text));
$$;

-- An in-force allergy retires NKA (same transaction).
create function allergy_intolerance_retire_nka() returns trigger language plpgsql as $$
begin
  if new.clinical_status = 'active' and new.verification_status in ('unconfirmed', 'confirmed') then
    perform allergy_lock_patient(new.patient_id);
    update allergy_assessment
       set status = 'reviewed', assessed_by = coalesce(new.updated_by, new.recorded_by),
           assessed_at = now(), version = version + 1, updated_at = now()
     where patient_id = new.patient_id and status = 'no_known_allergies';
  end if;
  return null;
end;
$$;
create trigger allergy_intolerance_retire_nka after insert or update on allergy_intolerance
  for each row execute function allergy_intolerance_retire_nka();

-- NKA is refused while an in-force allergy exists.
create function allergy_assessment_check_nka() returns trigger language plpgsql as $$
begin
  if new.status = 'no_known_allergies' then
    perform allergy_lock_patient(new.patient_id);
    if exists (select 1 from allergy_intolerance
                where patient_id = new.patient_id and clinical_status = 'active'
                  and verification_status in ('unconfirmed', 'confirmed')) then
      raise exception 'no known allergies conflicts with an active allergy'
        using errcode = '23514', constraint = 'allergy_assessment_nka_conflict',
              table = 'allergy_assessment';
    end if;
  end if;
  return new;
end;
$$;
create trigger allergy_assessment_check_nka before insert or update on allergy_assessment
  for each row execute function allergy_assessment_check_nka();

-- History snapshots, written by the database so no writer can forget them.
create function allergy_intolerance_history() returns trigger language plpgsql as $$
begin
  insert into allergy_history (patient_id, entity_type, entity_id, version, snapshot,
                               recorded_at, recorded_by)
  values (new.patient_id, 'allergy', new.id, new.version, to_jsonb(new), new.updated_at,
          coalesce(new.updated_by, new.recorded_by));
  return null;
end;
$$;
create trigger allergy_intolerance_history after insert or update on allergy_intolerance
  for each row execute function allergy_intolerance_history();

create function allergy_assessment_history() returns trigger language plpgsql as $$
begin
  insert into allergy_history (patient_id, entity_type, entity_id, version, snapshot,
                               recorded_at, recorded_by)
  values (new.patient_id, 'assessment', new.patient_id, new.version, to_jsonb(new),
          new.updated_at, new.assessed_by);
  return null;
end;
$$;
create trigger allergy_assessment_history after insert or update on allergy_assessment
  for each row execute function allergy_assessment_history();
