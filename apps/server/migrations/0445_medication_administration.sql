-- The medication administration record (MAR), completed (issue 6 point 6). 0440 created the
-- table; this adds:
--
-- 1. A fourth outcome, not_given (the dose did not happen for a reason that is neither a
--    clinical hold nor the patient's refusal: off the ward, no access, drug unavailable).
--    Like held and refused it needs a reason (medication_administration_reason_when_not_given
--    already says: outcome = 'given' or reason is not null).
-- 2. A patient merge may move a record to the surviving patient: the guard now also lets
--    an update change patient_id and nothing else. Every other change is still refused:
--    a record is corrected by entered_in_error (status, error_reason, error_by, error_at
--    only, from recorded) and a new record, never edited in place, never deleted.

alter table medication_administration
  drop constraint medication_administration_outcome_check;
alter table medication_administration
  add constraint medication_administration_outcome_check
    check (outcome in ('given', 'held', 'refused', 'not_given'));

create or replace function medication_administration_guard() returns trigger language plpgsql as $$
declare
  kept text[] := array['status', 'error_reason', 'error_by', 'error_at'];
begin
  if tg_op = 'DELETE' then
    raise exception 'medication_administration rows are never deleted';
  end if;
  -- A merge: the row follows its patient to the survivor, nothing else changes.
  if new.patient_id <> old.patient_id
     and (to_jsonb(new) - 'patient_id') = (to_jsonb(old) - 'patient_id') then
    return new;
  end if;
  if old.status <> 'recorded' or new.status <> 'entered_in_error'
     or new.patient_id <> old.patient_id
     or (to_jsonb(new) - kept) <> (to_jsonb(old) - kept) then
    raise exception 'medication_administration is corrected by entered_in_error and a new record'
      using errcode = '23514', constraint = 'medication_administration_immutable';
  end if;
  return new;
end;
$$;
