-- Medications (issue 6 points 5 and 6): the drug catalogue, home medications, prescriptions
-- with their history, decision-support alerts and overrides, and the medication
-- administration record (MAR) of inpatients.
--
-- Catalogue tables are reference data: the server upserts them at start-up from the reviewed
-- files in apps/server/src/modules/clinical/medications/data (drug_catalogue_load keeps the
-- digest loaded). Catalogue rows are never deleted, so a prescription's product stays.
-- The allergies area (0430) reads drug_ingredient.rxcui and drug_class.code as substance
-- codes; keep them stable.
--
-- Clinical tables follow 0400's conventions: patient_id -> patient, encounter_id (nullable)
-- -> encounter, never deleted (status entered_in_error retires a row), `version` for
-- If-Match, source_system/source_id unique together for idempotent imports.

create table drug_class (
  code text primary key check (code ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
  name text not null check (length(name) between 1 and 200),
  -- pharmacologic: a class a clinician names (allergy picker, duplicate therapy);
  -- interaction: a group an interaction rule names (strong CYP3A4 inhibitors, ...).
  kind text not null check (kind in ('pharmacologic', 'interaction')),
  -- Two active drugs of this class for one patient is duplicate therapy.
  is_duplicate_checked boolean not null default false,
  -- An allergy to one member is taken as an allergy to the class (penicillins, NSAIDs),
  -- unlike classes grouped by use (antiarrhythmics), whose members do not cross-react.
  is_allergy_class boolean not null default false
);

create table drug_ingredient (
  rxcui text primary key check (rxcui ~ '^[0-9]{1,10}$'),
  name text not null check (length(name) between 1 and 200),
  -- Adult maximum daily dose in mg, with the text shown in the alert (null: not checked).
  max_daily_mg numeric check (max_daily_mg > 0),
  max_daily_note text check (length(max_daily_note) <= 300),
  -- How the rxcui was sourced (see data/SOURCE.md).
  source text not null check (length(source) <= 40)
);
create index drug_ingredient_name on drug_ingredient (lower(name) text_pattern_ops);

create table drug_ingredient_class (
  rxcui text not null references drug_ingredient (rxcui),
  class_code text not null references drug_class (code),
  primary key (rxcui, class_code)
);
create index drug_ingredient_class_by_class on drug_ingredient_class (class_code);

create table drug_product (
  rxcui text primary key check (rxcui ~ '^[0-9]{1,10}$'),
  name text not null check (length(name) between 1 and 300),
  tty text not null check (tty in ('SCD', 'SBD', 'GPCK', 'BPCK')),
  dose_form text not null check (length(dose_form) between 1 and 100),
  -- The usual route; a prescription may name another.
  route text not null,
  -- What one "unit" of the product is: strengths are per this unit.
  form_unit text not null check (form_unit in ('tablet', 'capsule', 'mL', 'actuation', 'patch',
                                               'each')),
  is_active boolean not null default true,
  source text not null check (length(source) <= 40)
);
create index drug_product_name on drug_product (lower(name) text_pattern_ops);

create table drug_product_ingredient (
  product_rxcui text not null references drug_product (rxcui),
  ingredient_rxcui text not null references drug_ingredient (rxcui),
  -- mg of the ingredient per form unit (per tablet, per mL, per actuation).
  mg_per_unit numeric not null check (mg_per_unit > 0),
  primary key (product_rxcui, ingredient_rxcui)
);
create index drug_product_ingredient_by_ingredient on drug_product_ingredient (ingredient_rxcui);

-- An allergy to `allergy_class` makes drugs of `drug_class` risky (penicillins ->
-- cephalosporins, low).
create table drug_class_cross_sensitivity (
  allergy_class text not null references drug_class (code),
  drug_class text not null references drug_class (code),
  risk text not null check (risk in ('low', 'moderate', 'high')),
  reason text not null check (length(reason) between 1 and 1000),
  source text not null check (length(source) between 1 and 500),
  primary key (allergy_class, drug_class)
);

-- A drug-drug interaction: a drug in group A with a drug in group B. A group is one
-- ingredient ('in:<rxcui>') or a class ('class:<code>').
create table drug_interaction_rule (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9.-]{1,79}$'),
  group_a text not null check (group_a ~ '^(in|class):[a-z0-9-]+$'),
  group_b text not null check (group_b ~ '^(in|class):[a-z0-9-]+$'),
  severity text not null check (severity in ('contraindicated', 'high', 'moderate', 'low')),
  reason text not null check (length(reason) between 1 and 1000),
  management text check (length(management) <= 1000),
  source text not null check (length(source) between 1 and 500)
);

-- The digest of the catalogue files last loaded (one row).
create table drug_catalogue_load (
  id boolean primary key default true check (id),
  digest text not null,
  loaded_at timestamptz not null
);

-- What the patient reports taking (medication reconciliation): a catalogue product or free
-- text. Stopped or entered in error, never deleted.
create table home_medication (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  product_rxcui text references drug_product (rxcui),
  display text not null check (length(btrim(display)) between 1 and 300),
  dose_value numeric check (dose_value > 0),
  dose_unit text check (length(dose_unit) <= 20),
  frequency text check (length(frequency) <= 40),
  note text check (length(note) <= 1000),
  status text not null check (status in ('active', 'stopped', 'entered_in_error')),
  reported_by text not null check (reported_by in ('patient', 'caregiver', 'pharmacy_record',
                                                   'outside_record', 'clinician')),
  reported_at timestamptz not null,
  stopped_at timestamptz,
  status_reason text check (length(status_reason) <= 500),
  recorded_by uuid references user_account (id),
  updated_by uuid references user_account (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  constraint home_medication_dose_whole check ((dose_value is null) = (dose_unit is null)),
  constraint home_medication_stopped_when check (status <> 'stopped' or stopped_at is not null),
  constraint home_medication_source_whole check ((source_system is null) = (source_id is null)),
  constraint home_medication_source_unique unique (source_system, source_id)
);
create index home_medication_patient on home_medication (patient_id, status, reported_at desc);

-- A prescription (medication order). Lifecycle: draft -> active (signed) -> stopped |
-- completed; any -> entered_in_error. A draft is edited in place by its author (history
-- keeps each version); a signed prescription is never edited: modify and renew create a
-- new draft with `replaces_id`, and signing it stops (modify) or completes (renew) the old.
create table prescription (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  -- Catalogue product; imported rows may name a product the catalogue lacks (no FK), and
  -- decision support then says it could not check.
  product_rxcui text not null check (product_rxcui ~ '^[0-9]{1,10}$'),
  product_display text not null check (length(product_display) between 1 and 300),
  dose_value numeric check (dose_value > 0 and dose_value <= 100000),
  dose_unit text check (dose_unit in ('mg', 'mcg', 'g', 'mL', 'tablet', 'capsule', 'actuation',
                                      'patch', 'unit', 'drop')),
  route text check (length(route) <= 30),
  frequency text check (length(frequency) <= 40),
  is_prn boolean not null default false,
  prn_reason text check (length(prn_reason) <= 200),
  prn_max_doses_per_day integer check (prn_max_doses_per_day between 1 and 24),
  duration_days integer check (duration_days between 1 and 365),
  quantity numeric check (quantity > 0 and quantity <= 10000),
  quantity_unit text check (length(quantity_unit) <= 20),
  refills integer not null default 0 check (refills between 0 and 11),
  instructions text check (length(instructions) <= 1000),
  note text check (length(note) <= 1000),
  status text not null check (status in ('draft', 'active', 'stopped', 'completed',
                                         'entered_in_error')),
  replaces_id uuid references prescription (id),
  revision text check (revision in ('modify', 'renew')),
  prescriber_id uuid references user_account (id),
  starts_at timestamptz,
  ends_at timestamptz,
  signed_at timestamptz,
  signed_by uuid references user_account (id),
  stopped_at timestamptz,
  status_reason text check (length(status_reason) <= 500),
  updated_by uuid references user_account (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  -- Ours always carry dose, unit, route and frequency; imports may lack them.
  constraint prescription_dose_required check (source_system is not null or
    (dose_value is not null and dose_unit is not null and route is not null
     and frequency is not null)),
  constraint prescription_signed_whole check ((signed_at is null) = (signed_by is null)),
  constraint prescription_signed_unless_draft check (status = 'draft' or source_system is not null
    or status = 'entered_in_error' or signed_at is not null),
  constraint prescription_revision_whole check ((replaces_id is null) = (revision is null)),
  constraint prescription_ends_after_start check (ends_at is null or ends_at >= starts_at),
  constraint prescription_source_whole check ((source_system is null) = (source_id is null)),
  constraint prescription_source_unique unique (source_system, source_id)
);
create index prescription_patient on prescription (patient_id, status, created_at desc);
-- One live revision per prescription: two drafts cannot both replace the same one.
create unique index prescription_one_revision on prescription (replaces_id)
  where replaces_id is not null and status in ('draft', 'active');

-- Every version of a prescription or home medication, as the snapshot after the change,
-- with what happened. Append-only.
create table medication_history (
  id bigint generated always as identity primary key,
  patient_id uuid not null references patient (id),
  entity_type text not null check (entity_type in ('prescription', 'home_medication')),
  entity_id uuid not null,
  version integer not null,
  snapshot jsonb not null,
  recorded_at timestamptz not null default now(),
  recorded_by uuid references user_account (id),
  constraint medication_history_version_unique unique (entity_type, entity_id, version)
);
create index medication_history_entity on medication_history (entity_id, version desc);

create function medication_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end;
$$;
create trigger medication_history_no_update before update or delete on medication_history
  for each row execute function medication_append_only();

-- History snapshots, written by the database so no writer can forget them.

create function prescription_history() returns trigger language plpgsql as $$
begin
  insert into medication_history (patient_id, entity_type, entity_id, version, snapshot,
                                  recorded_at, recorded_by)
  values (new.patient_id, 'prescription', new.id, new.version, to_jsonb(new), new.updated_at,
          coalesce(new.updated_by, new.prescriber_id));
  return null;
end;
$$;
create trigger prescription_history after insert or update on prescription
  for each row execute function prescription_history();

create function home_medication_history() returns trigger language plpgsql as $$
begin
  insert into medication_history (patient_id, entity_type, entity_id, version, snapshot,
                                  recorded_at, recorded_by)
  values (new.patient_id, 'home_medication', new.id, new.version, to_jsonb(new),
          new.updated_at, coalesce(new.updated_by, new.recorded_by));
  return null;
end;
$$;
create trigger home_medication_history after insert or update on home_medication
  for each row execute function home_medication_history();

-- The alerts decision support showed for a prescription, one row per (prescription, alert
-- key): first and last shown, and the override (reason, who, when) when it was signed
-- anyway. Override rates per rule are counted here.
create table medication_alert (
  id uuid primary key,
  prescription_id uuid not null references prescription (id),
  patient_id uuid not null references patient (id),
  -- Stable for one finding on one prescription, e.g. 'pddi.warfarin-nsaids:855332'.
  alert_key text not null check (length(alert_key) between 1 and 200),
  rule_id text not null check (length(rule_id) between 1 and 100),
  kind text not null check (kind in ('allergy', 'interaction', 'duplicate', 'max_dose',
                                     'check_unavailable')),
  severity text not null check (severity in ('contraindicated', 'high', 'moderate', 'low')),
  reason text not null check (length(reason) <= 2000),
  source text not null check (length(source) <= 500),
  first_shown_at timestamptz not null,
  last_shown_at timestamptz not null,
  shown_count integer not null default 1 check (shown_count >= 1),
  shown_to uuid references user_account (id),
  override_reason text check (length(btrim(override_reason)) between 3 and 500),
  overridden_by uuid references user_account (id),
  overridden_at timestamptz,
  constraint medication_alert_once unique (prescription_id, alert_key),
  constraint medication_alert_override_whole
    check ((override_reason is null) = (overridden_at is null)
           and (overridden_at is null) = (overridden_by is null))
);
create index medication_alert_rates on medication_alert (first_shown_at, rule_id);

-- The medication administration record: what the nurse did with one dose. Never edited in
-- place: a mistake is marked entered_in_error (the only update allowed) and a new record
-- written (corrects_id).
create table medication_administration (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  prescription_id uuid not null references prescription (id),
  stay_id uuid not null references inpatient_stay (id),
  -- The scheduled dose this answers; null for an as-needed or ad hoc dose.
  scheduled_for timestamptz,
  outcome text not null check (outcome in ('given', 'held', 'refused')),
  occurred_at timestamptz not null,
  dose_value numeric check (dose_value > 0),
  dose_unit text check (length(dose_unit) <= 20),
  -- Required when held or refused.
  reason text check (length(btrim(reason)) between 1 and 500),
  note text check (length(note) <= 1000),
  recorded_by uuid references user_account (id),
  recorded_at timestamptz not null,
  status text not null default 'recorded' check (status in ('recorded', 'entered_in_error')),
  corrects_id uuid references medication_administration (id),
  error_reason text check (length(error_reason) <= 500),
  error_by uuid references user_account (id),
  error_at timestamptz,
  constraint medication_administration_reason_when_not_given
    check (outcome = 'given' or reason is not null),
  constraint medication_administration_dose_when_given
    check (outcome <> 'given' or (dose_value is not null and dose_unit is not null)),
  constraint medication_administration_error_whole
    check ((status = 'entered_in_error') = (error_at is not null))
);
create index medication_administration_stay on medication_administration (stay_id, occurred_at);
create index medication_administration_prescription
  on medication_administration (prescription_id, occurred_at);
-- One live record per scheduled dose.
create unique index medication_administration_one_per_dose
  on medication_administration (prescription_id, scheduled_for)
  where scheduled_for is not null and status = 'recorded';

-- Only recorded -> entered_in_error, touching nothing else; never deleted.
create function medication_administration_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'medication_administration rows are never deleted';
  end if;
  if old.status <> 'recorded' or new.status <> 'entered_in_error'
     or (to_jsonb(new) - array['status', 'error_reason', 'error_by', 'error_at'])
        <> (to_jsonb(old) - array['status', 'error_reason', 'error_by', 'error_at']) then
    raise exception 'medication_administration is corrected by entered_in_error and a new record'
      using errcode = '23514', constraint = 'medication_administration_immutable';
  end if;
  return new;
end;
$$;
create trigger medication_administration_guard before update or delete
  on medication_administration for each row execute function medication_administration_guard();
