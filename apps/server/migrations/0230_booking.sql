-- The department's side-by-side calendar lists appointments by department and start time;
-- without this index that list reads every appointment in the range.
create index appointment_department_starts on appointment (department_id, starts_at)
  where department_id is not null;
