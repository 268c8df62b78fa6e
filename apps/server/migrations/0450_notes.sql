-- Clinical notes (issue 6 point 7): progress notes, histories and physicals and discharge
-- summaries written from templates (the templates are code constants in
-- @meridian/contracts' notes.ts: a kind names its sections), drafted by their author,
-- signed, then never changed; addenda after signing; entered-in-error as its own row.
--
-- Invariants (the application gives the friendly answers; these are the guarantees):
--   - A note is a draft until its author signs or discards it. A signed or discarded note
--     row is frozen: clinical_note_frozen refuses every UPDATE of it (no exceptions, not
--     even a status change) and every DELETE of any note.
--   - Entered-in-error does not touch the note: it is a clinical_note_retraction row (one
--     per note, with its reason), so the signed text stays exactly as signed.
--   - Addenda and retractions are written once: their own trigger refuses UPDATE and DELETE.
--   - Follows 0400's conventions: patient_id, nullable encounter_id, version for If-Match,
--     source_system/source_id whole and unique (imported notes arrive signed, authored by
--     a name rather than one of our users).

create table clinical_note (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  kind text not null check (kind in ('progress_soap', 'history_physical', 'discharge_summary')),
  title text not null check (length(title) between 1 and 200),
  -- Section key -> text, e.g. {"subjective": "...", "plan": "..."}; the kind's template
  -- orders and labels them. Keys only from the template (checked by the application).
  sections jsonb not null default '{}' check (jsonb_typeof(sections) = 'object'),
  status text not null check (status in ('draft', 'signed', 'discarded')),
  author_user_id uuid references user_account (id),
  -- Imported notes: who wrote them, as the source names them.
  author_display text check (length(author_display) <= 200),
  signed_at timestamptz,
  signed_by uuid references user_account (id),
  discarded_at timestamptz,
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Title weighs more than the body in ranking; to_tsvector(regconfig, jsonb) indexes the
  -- section texts (values), not their keys. Immutable with an explicit config.
  search_vector tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, title), 'A') ||
    setweight(to_tsvector('english'::regconfig, sections), 'B')
  ) stored,
  constraint clinical_note_size check (pg_column_size(sections) <= 200000),
  constraint clinical_note_author check (author_user_id is not null or source_id is not null),
  -- A signed note says when; our own signed notes say who (imported ones may not).
  constraint clinical_note_signed_whole check (
    (status = 'signed') = (signed_at is not null)
    and (signed_by is null or status = 'signed')
    and (status <> 'signed' or signed_by is not null or source_id is not null)),
  constraint clinical_note_signed_by_author check (signed_by is null or signed_by = author_user_id),
  constraint clinical_note_discarded_whole check ((status = 'discarded') = (discarded_at is not null)),
  -- Only our own drafts are discarded; imported notes are never drafts.
  constraint clinical_note_imported_signed check (source_id is null or status = 'signed'),
  constraint clinical_note_source_whole check ((source_system is null) = (source_id is null)),
  constraint clinical_note_source_unique unique (source_system, source_id)
);
-- A patient's notes newest first, paged by (created_at, id).
create index clinical_note_patient_recent on clinical_note (patient_id, created_at desc, id desc);
create index clinical_note_search on clinical_note using gin (search_vector);
create index clinical_note_encounter on clinical_note (encounter_id) where encounter_id is not null;

create table clinical_note_addendum (
  id uuid primary key,
  note_id uuid not null references clinical_note (id),
  -- Written and signed in one step by its author; never a draft.
  author_user_id uuid not null references user_account (id),
  text text not null check (length(text) between 1 and 20000),
  signed_at timestamptz not null,
  created_at timestamptz not null default now(),
  search_vector tsvector generated always as (to_tsvector('english'::regconfig, text)) stored
);
create index clinical_note_addendum_note on clinical_note_addendum (note_id, signed_at, id);
create index clinical_note_addendum_search on clinical_note_addendum using gin (search_vector);

create table clinical_note_retraction (
  note_id uuid not null references clinical_note (id),
  reason text not null check (length(reason) between 1 and 500),
  retracted_by uuid not null references user_account (id),
  retracted_at timestamptz not null,
  constraint clinical_note_retraction_one_per_note primary key (note_id)
);

-- A signed or discarded note is frozen; no note is ever deleted. The constraint name lets
-- the server answer note.not_draft when a race gets past its own check.
create function clinical_note_frozen() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'clinical notes are never deleted (note %)', old.id
      using errcode = 'check_violation', constraint = 'clinical_note_never_deleted';
  end if;
  -- The one change any note takes: a patient merge moves it, and nothing else about it, to
  -- the record its patient was merged into (the merge retires the duplicate first).
  if new.patient_id <> old.patient_id
     and exists (select 1 from patient p
                  where p.id = old.patient_id and p.status = 'merged'
                    and p.merged_into_id = new.patient_id)
     -- (search_vector is generated: a BEFORE trigger sees it not yet computed in NEW.)
     and to_jsonb(new) - array['patient_id', 'search_vector']
       = to_jsonb(old) - array['patient_id', 'search_vector'] then
    return new;
  end if;
  if old.status <> 'draft' then
    raise exception 'note % is %: it cannot be changed', old.id, old.status
      using errcode = 'check_violation', constraint = 'clinical_note_signed_immutable';
  end if;
  -- Whose note and whose chart it is are fixed at creation, draft or not.
  if new.patient_id <> old.patient_id or new.author_user_id is distinct from old.author_user_id
     or new.created_at <> old.created_at then
    raise exception 'note % keeps its patient, author and creation time', old.id
      using errcode = 'check_violation', constraint = 'clinical_note_signed_immutable';
  end if;
  return new;
end;
$$;
create trigger clinical_note_frozen before update or delete on clinical_note
  for each row execute function clinical_note_frozen();

-- Addenda and retractions are written once and kept.
create function clinical_note_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% rows are never changed or deleted', tg_table_name
    using errcode = 'check_violation', constraint = 'clinical_note_append_only';
end;
$$;
create trigger clinical_note_addendum_append_only before update or delete on clinical_note_addendum
  for each row execute function clinical_note_append_only();
create trigger clinical_note_retraction_append_only
  before update or delete on clinical_note_retraction
  for each row execute function clinical_note_append_only();
-- TRUNCATE bypasses row triggers; refuse it too.
create trigger clinical_note_no_truncate before truncate on clinical_note
  for each statement execute function clinical_note_append_only();
create trigger clinical_note_addendum_no_truncate before truncate on clinical_note_addendum
  for each statement execute function clinical_note_append_only();
create trigger clinical_note_retraction_no_truncate before truncate on clinical_note_retraction
  for each statement execute function clinical_note_append_only();
