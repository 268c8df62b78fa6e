import { registerConstraint } from '../../../platform/errors.js';

// The exclusion constraints are the only overlap check bookings get: no read-then-insert,
// so two clerks (or two servers) racing for one slot cannot both win. These give their
// refusals the API's codes; the booking service adds the appointment in the way.
registerConstraint(
  'appointment_practitioner_no_overlap',
  'scheduling.slot_taken',
  'the practitioner already has an appointment at this time',
);
registerConstraint(
  'appointment_patient_no_overlap',
  'scheduling.patient_busy',
  'the patient already has an appointment at this time',
);
registerConstraint(
  'appointment_resource_no_overlap',
  'scheduling.resource_taken',
  'a requested room or piece of equipment is already reserved at this time',
  'resourceIds',
);
