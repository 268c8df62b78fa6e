import { registerConstraint } from '../../../platform/errors.js';

// The database guarantees the encounter invariants (migrations 0400, 0405); these give its
// refusals the API's codes when a race gets past the services' friendly checks.
registerConstraint(
  'encounter_diagnosis_one_principal',
  'encounter.principal_exists',
  'the encounter already has a principal diagnosis',
  'rank',
);
registerConstraint(
  'encounter_diagnosis_code_once',
  'encounter.diagnosis_exists',
  'the encounter already has this diagnosis',
  'code',
);
registerConstraint(
  'encounter_end_after_start',
  'validation.failed',
  'an encounter cannot end before it started',
  'endedAt',
);
