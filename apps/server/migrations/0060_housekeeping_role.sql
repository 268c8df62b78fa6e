-- A housekeeping role (issue 5): housekeepers see beds and turn dirty ones around, and never
-- see patients. The role list of user_role follows the contracts' roles.
alter table user_role drop constraint user_role_role_check;
alter table user_role add constraint user_role_role_check
  check (role in ('admin', 'physician', 'nurse', 'front_desk', 'billing', 'housekeeping', 'patient'));
