import { registerConstraint } from '../../platform/errors.js';

// The constraints give the guarantee under races; these give the answer a form can show.
registerConstraint(
  'facility_code_unique',
  'org.facility_code_taken',
  'another facility already uses this code',
  'code',
);
registerConstraint(
  'department_code_unique_per_facility',
  'org.department_code_taken',
  'another department of this facility already uses this code',
  'code',
);
