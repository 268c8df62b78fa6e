import { registerConstraint } from '../../../platform/errors.js';

// The service locks both records and checks first; these name what a race let through.
registerConstraint(
  'patient_merge_once',
  'patient.merged',
  'the duplicate was already merged into another record',
  'duplicateId',
);
registerConstraint(
  'patient_merge_not_self',
  'validation.failed',
  'must differ from survivorId: a record cannot be merged into itself',
  'duplicateId',
);
