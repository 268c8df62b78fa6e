import { registerConstraint } from '../../../platform/errors.js';

// The constraints give the guarantee under races; the services' checks give the friendly
// answer first. These map a race that slipped past the check to the same answer.
registerConstraint(
  'payer_payer_id_unique',
  'payer.payer_id_taken',
  'another payer already uses this payer id',
  'payerId',
);
registerConstraint(
  'coverage_priority_overlap',
  'coverage.priority_overlap',
  'the patient already has an active coverage of this priority for these dates',
  'priority',
);
