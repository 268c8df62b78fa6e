import { registerConstraint } from '../../../platform/errors.js';

// The constraints give the guarantee under races; the services' checks give the friendly
// answer first. These map a race that slipped past a check to the same answer.
registerConstraint(
  'practitioner_user_unique',
  'scheduling.practitioner_exists',
  'this user already has a practitioner profile',
  'userId',
);
registerConstraint(
  'schedule_resource_code_unique',
  'scheduling.code_taken',
  'another resource of this facility already uses this code',
  'code',
);
registerConstraint(
  'appointment_type_code_unique',
  'scheduling.code_taken',
  'another appointment type already uses this code',
  'code',
);
registerConstraint(
  'schedule_block_no_overlap',
  'scheduling.template_overlap',
  'these hours overlap hours of another template of this practitioner on the same weekday',
  'blocks',
);
