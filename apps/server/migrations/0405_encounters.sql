-- Encounters (issue 6, point 1), on top of 0400's tables: who changed an encounter and why
-- it was retired, its prior versions, the link rules, and diagnoses that are retired
-- (entered in error) instead of deleted.
--
-- Invariants:
--   - a visit's encounter is ambulatory or virtual, a stay's is inpatient (the class says
--     where the care happened; the link says what opened it);
--   - an encounter entered in error or cancelled here says why (imported rows keep what
--     their source said, which may be nothing);
--   - every change of an encounter keeps the version it replaced (encounter_history);
--   - an encounter has one active principal diagnosis and each code once among its active
--     diagnoses; a diagnosis entered in error stays, out of both rules, with who and why.

alter table encounter
  add column status_reason text check (length(status_reason) between 1 and 500),
  add column created_by uuid references user_account (id),
  add column updated_by uuid references user_account (id),
  add constraint encounter_visit_is_outpatient
    check (appointment_id is null or class in ('ambulatory', 'virtual')),
  add constraint encounter_stay_is_inpatient check (stay_id is null or class = 'inpatient'),
  add constraint encounter_retired_has_reason
    check (status not in ('entered_in_error', 'cancelled') or status_reason is not null
           or source_system is not null),
  add constraint encounter_finished_has_end
    check (status <> 'finished' or ended_at is not null or source_system is not null);

-- The versions an encounter had before each change: the row and its participants as JSON.
create table encounter_history (
  encounter_id uuid not null references encounter (id),
  version integer not null,
  snapshot jsonb not null,
  replaced_at timestamptz not null,
  replaced_by uuid references user_account (id),
  constraint encounter_history_pk primary key (encounter_id, version)
);

alter table encounter_diagnosis
  add column status text not null default 'active'
    check (status in ('active', 'entered_in_error')),
  add column created_by uuid references user_account (id),
  add column removed_at timestamptz,
  add column removed_by uuid references user_account (id),
  add column removed_reason text check (length(removed_reason) between 1 and 500),
  add constraint encounter_diagnosis_removed_whole
    check ((status = 'entered_in_error') = (removed_at is not null));

-- The two rules hold among active diagnoses only, so a code entered in error can be added
-- again and a wrong principal replaced. Same names as 0400's, so errors map the same way.
drop index encounter_diagnosis_one_principal;
create unique index encounter_diagnosis_one_principal
  on encounter_diagnosis (encounter_id) where rank = 'principal' and status = 'active';
alter table encounter_diagnosis drop constraint encounter_diagnosis_code_once;
create unique index encounter_diagnosis_code_once
  on encounter_diagnosis (encounter_id, code_system, code) where status = 'active';
