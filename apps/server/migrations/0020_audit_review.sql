-- Audit review: indexes for the admin audit search, which pages newest-first by seq
-- (keyset), so the common per-actor and per-patient searches read an index in seq order
-- instead of sorting every matching row. Break-the-glass grants get the review order and
-- two rules the application already keeps, so no writer can store an open-ended grant.

create index audit_event_actor_seq on audit_event (actor_user_id, seq);
create index audit_event_patient_seq on audit_event (patient_id, seq) where patient_id is not null;

create index break_glass_grant_review on break_glass_grant (granted_at, id);

alter table break_glass_grant
  add constraint break_glass_grant_reason_at_most_500 check (length(reason) <= 500),
  add constraint break_glass_grant_expires_within_a_day
    check (expires_at <= granted_at + interval '24 hours');
