-- Organization and staff administration: the code formats staff type and read on forms,
-- and the lookups the user administration screens and the last-admin rule run.

-- Codes are short upper-case tokens (the API upper-cases nothing; it refuses other forms).
alter table facility
  add constraint facility_code_format check (code ~ '^[A-Z0-9][A-Z0-9-]{0,15}$'),
  add constraint facility_time_zone_length check (length(time_zone) between 1 and 64),
  add constraint facility_phone_length check (phone is null or length(phone) between 1 and 40);
alter table department
  add constraint department_code_format check (code ~ '^[A-Z0-9][A-Z0-9-]{0,15}$');

-- The user list is ordered by display name, case-insensitively, then id; its cursor resumes
-- from that pair.
create index user_account_display_name_order on user_account (lower(display_name), id);

-- Filtering users by role, and finding the active administrators.
create index user_role_by_role on user_role (role, user_id);

-- Users assigned to a facility.
create index user_facility_by_facility on user_facility (facility_id, user_id);
