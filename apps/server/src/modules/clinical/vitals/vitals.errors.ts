import { registerConstraint } from '../../../platform/errors.js';

// Migration 0410's guarantees given the API's codes (the services check first).
registerConstraint(
  'vital_set_source_unique',
  'resource.conflict',
  'a vital set from this source already exists',
);
registerConstraint(
  'observation_source_unique',
  'resource.conflict',
  'an observation from this source already exists',
);
registerConstraint(
  'spo2_scale_change_one_per_version',
  'resource.version_mismatch',
  "the patient's SpO2 scale was changed meanwhile; reload and try again",
);
