-- A registration that went ahead despite a likely duplicate: which candidates the scorer
-- found, the best score, and the registrar's reason (free text, so kept here and never in
-- the audit trail, whose row names only this row's id and the candidate ids).
create table patient_duplicate_override (
  id uuid primary key,
  patient_id uuid not null references patient (id),
  candidate_ids uuid[] not null,
  top_score double precision not null,
  reason text not null check (length(reason) between 1 and 500),
  created_at timestamptz not null,
  created_by uuid references user_account (id)
);
create index patient_duplicate_override_patient on patient_duplicate_override (patient_id);
