import { registerConstraint } from '../../../platform/errors.js';

// Migration 0430's guarantees, answered with the API's codes when a race gets past the
// services' friendly checks.
registerConstraint(
  'allergy_intolerance_one_active_per_substance',
  'allergy.duplicate_active',
  'the patient already has an active allergy to this substance',
  'substance',
);
registerConstraint(
  'allergy_assessment_nka_conflict',
  'allergy.nka_conflict',
  '"no known allergies" cannot be recorded while an active allergy is on the list',
  'status',
);
