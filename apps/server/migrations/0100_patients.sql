-- Patients: the record, its identifiers, the master patient index's search keys, history,
-- merges, the payer directory and coverage.
--
-- Shape: one `patient` row per person holds the demographics; lists that are edited with
-- the record and never queried across patients on their own (previous names, phones,
-- addresses, contacts) are jsonb on the row, validated by the API's zod schemas. What is
-- looked up across patients has columns and indexes: names (normalized, phonetic),
-- date of birth, MRN, SSN last four, phone numbers, external identifiers.

create extension if not exists pg_trgm;
create extension if not exists btree_gist;

-- MRNs are this sequence's value followed by a Luhn check digit (contracts: mrnFromSequence).
-- Sequences never hand a value out twice, so an MRN is never reused.
create sequence patient_mrn_seq start with 1000000 minvalue 1000000;

create table patient (
  id uuid primary key,
  mrn text not null,
  version integer not null default 1 check (version >= 1),
  status text not null default 'active' check (status in ('active', 'inactive', 'merged')),
  merged_into_id uuid references patient (id),
  merged_at timestamptz,

  name_prefix text,
  given_name text not null,
  middle_name text,
  family_name text not null,
  name_suffix text,
  preferred_name text,
  previous_names jsonb not null default '[]',
  birth_date date not null,
  sex_at_birth text not null check (sex_at_birth in ('female', 'male', 'intersex', 'unknown')),
  gender_identity text,
  pronouns text,
  language text,
  interpreter_needed boolean not null default false,
  marital_status text,
  race text[] not null default '{}',
  ethnicity text,
  phones jsonb not null default '[]',
  email text,
  addresses jsonb not null default '[]',
  preferred_contact text check (preferred_contact in ('phone', 'sms', 'email', 'mail')),
  consent_sms boolean not null default false,
  consent_email boolean not null default false,
  contacts jsonb not null default '[]',
  primary_care_user_id uuid references user_account (id),
  home_facility_id uuid references facility (id),
  deceased boolean not null default false,
  deceased_date date,
  flag_vip boolean not null default false,
  flag_employee boolean not null default false,
  flag_confidential boolean not null default false,
  -- AES-256-GCM (platform/crypto.ts) of the 9 digits; the last four in clear for search.
  ssn_encrypted text,
  ssn_last4 text check (ssn_last4 ~ '^\d{4}$'),

  -- Search keys, derived by the application from the fields above on every write
  -- (modules/patients/search-keys.ts), never edited on their own:
  --   search_given / search_family: normalized (lower case, no diacritics, letters and
  --     digits only) given and family names;
  --   search_names: every normalized name token of the person (given, middle, family,
  --     preferred and previous names), space separated, for trigram search;
  --   name_phonetic: phonetic keys (double metaphone) of the name tokens;
  --   phone_keys: the national significant digits of each phone;
  --   postal_code: of the current home address, normalized.
  search_given text not null,
  search_family text not null,
  search_names text not null,
  name_phonetic text[] not null default '{}',
  phone_keys text[] not null default '{}',
  postal_code text,

  created_at timestamptz not null,
  updated_at timestamptz not null,
  created_by uuid references user_account (id),
  updated_by uuid references user_account (id),

  constraint patient_mrn_unique unique (mrn),
  constraint patient_mrn_format check (mrn ~ '^\d{6,12}$'),
  constraint patient_merge_target check ((status = 'merged') = (merged_into_id is not null)),
  constraint patient_not_merged_into_self check (merged_into_id is distinct from id),
  constraint patient_deceased_date check (deceased_date is null or (deceased and deceased_date >= birth_date)),
  constraint patient_name_lengths check (
    length(given_name) between 1 and 100 and length(family_name) between 1 and 100
  )
);

-- Search and blocking indexes (the MPI). Merged records are never searched or matched.
create index patient_search_names_trgm on patient using gin (search_names gin_trgm_ops)
  where status <> 'merged';
create index patient_family_given on patient (search_family text_pattern_ops, search_given)
  where status <> 'merged';
create index patient_given on patient (search_given text_pattern_ops) where status <> 'merged';
create index patient_name_phonetic on patient using gin (name_phonetic) where status <> 'merged';
create index patient_birth_date on patient (birth_date) where status <> 'merged';
create index patient_phone_keys on patient using gin (phone_keys) where status <> 'merged';
create index patient_ssn_last4 on patient (ssn_last4) where ssn_last4 is not null and status <> 'merged';
create index patient_postal_code on patient (postal_code) where status <> 'merged';
create index patient_restricted on patient (id)
  where flag_vip or flag_employee or flag_confidential;

-- The retired MRNs of merged records, each pointing at the record that survived.
create table patient_mrn_alias (
  mrn text primary key,
  patient_id uuid not null references patient (id),
  retired_patient_id uuid not null references patient (id),
  created_at timestamptz not null
);
create index patient_mrn_alias_patient on patient_mrn_alias (patient_id);

-- External identifiers (other hospitals' MRNs, licences, passports, payer member cards are
-- coverage). Unique per type and authority across active records: one licence, one person.
create table patient_identifier (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  type text not null check (
    type in ('external_mrn', 'drivers_license', 'passport', 'state_id', 'medicare', 'medicaid', 'other')
  ),
  assigning_authority text not null,
  value text not null,
  -- Normalized for lookups: upper case, letters and digits only.
  value_key text not null,
  created_at timestamptz not null
);
create unique index patient_identifier_unique
  on patient_identifier (type, lower(assigning_authority), value_key);
create index patient_identifier_patient on patient_identifier (patient_id);
create index patient_identifier_value on patient_identifier (value_key);

-- One optional photo per patient.
create table patient_photo (
  patient_id uuid primary key references patient (id),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  bytes bytea not null check (length(bytes) between 1 and 2097152),
  updated_at timestamptz not null,
  updated_by uuid references user_account (id)
);

-- Portal users and the records they may reach (their own, or as a proxy: parent, carer).
create table patient_portal_link (
  user_id uuid not null references user_account (id),
  patient_id uuid not null references patient (id),
  relationship text not null check (relationship in ('self', 'proxy')),
  created_at timestamptz not null,
  primary key (user_id, patient_id)
);
create index patient_portal_link_patient on patient_portal_link (patient_id);

-- Every version of a patient's record and of each coverage, as the snapshot after the
-- change (version 1 is the record as created). Diffs for the history view are computed
-- between consecutive versions of the same entity. Append-only.
create table patient_history (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  entity_type text not null check (entity_type in ('patient', 'coverage')),
  entity_id uuid not null,
  version integer not null,
  action text not null,
  snapshot jsonb not null,
  recorded_at timestamptz not null,
  recorded_by uuid references user_account (id),
  constraint patient_history_version_unique unique (entity_type, entity_id, version)
);
create index patient_history_patient on patient_history (patient_id, recorded_at desc, id desc);

create function patient_history_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'patient_history is append-only';
end;
$$;
create trigger patient_history_no_update before update or delete on patient_history
  for each row execute function patient_history_append_only();

-- Merges: who merged what into what, with both records as they were before.
create table patient_merge (
  id uuid primary key,
  survivor_id uuid not null references patient (id),
  duplicate_id uuid not null references patient (id),
  retired_mrn text not null,
  reason text not null,
  survivor_snapshot jsonb not null,
  duplicate_snapshot jsonb not null,
  moved jsonb not null default '{}',
  merged_at timestamptz not null,
  merged_by uuid references user_account (id),
  constraint patient_merge_not_self check (survivor_id <> duplicate_id),
  constraint patient_merge_once unique (duplicate_id)
);
create index patient_merge_survivor on patient_merge (survivor_id);

-- ---- Payer directory and coverage ----

create table payer (
  id uuid primary key,
  name text not null,
  payer_id text not null,
  address jsonb,
  phone text,
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint payer_payer_id_unique unique (payer_id),
  constraint payer_payer_id_format check (payer_id ~ '^[A-Z0-9]{2,15}$')
);
create index payer_name on payer (lower(name));

create table insurance_plan (
  id uuid primary key,
  payer_id uuid not null references payer (id),
  name text not null,
  type text not null,
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index insurance_plan_payer on insurance_plan (payer_id);

create table coverage (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  payer_id uuid not null references payer (id),
  plan_id uuid references insurance_plan (id),
  member_id text not null,
  group_number text,
  subscriber_relationship text not null
    check (subscriber_relationship in ('self', 'spouse', 'child', 'other')),
  subscriber jsonb,
  effective_from date not null,
  effective_to date,
  priority text not null check (priority in ('primary', 'secondary', 'tertiary')),
  status text not null default 'active' check (status in ('active', 'cancelled', 'entered_in_error')),
  status_reason text,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  created_by uuid references user_account (id),
  updated_by uuid references user_account (id),
  constraint coverage_dates check (effective_to is null or effective_to >= effective_from),
  constraint coverage_subscriber check ((subscriber_relationship = 'self') = (subscriber is null)),
  -- One active coverage per priority at any date: two primaries cannot overlap.
  constraint coverage_priority_overlap exclude using gist (
    patient_id with =,
    priority with =,
    daterange(effective_from, effective_to, '[]') with &&
  ) where (status = 'active')
);
create index coverage_patient on coverage (patient_id);
create index coverage_member on coverage (payer_id, member_id);

create table coverage_card (
  coverage_id uuid not null references coverage (id),
  side text not null check (side in ('front', 'back')),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  bytes bytea not null check (length(bytes) between 1 and 2097152),
  updated_at timestamptz not null,
  primary key (coverage_id, side)
);

-- Search results are audited as one event listing the patients shown (details.patientIds);
-- the audit search by patient looks there too.
create index audit_event_patient_ids on audit_event using gin ((details -> 'patientIds'))
  where details ? 'patientIds';
