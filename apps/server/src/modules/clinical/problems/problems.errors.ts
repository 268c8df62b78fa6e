import { registerConstraint } from '../../../platform/errors.js';

// Migration 0420's guarantees, answered with the API's codes when a race gets past the
// services' friendly checks.
registerConstraint(
  'problem_one_active_per_code',
  'problem.duplicate_active',
  'the patient already has an active problem with this code',
  'code',
);
registerConstraint(
  'problem_abatement_after_onset',
  'validation.failed',
  'the abatement date precedes the onset date',
  'abatementDate',
);
