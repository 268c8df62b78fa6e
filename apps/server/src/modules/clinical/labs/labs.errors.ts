import { registerConstraint } from '../../../platform/errors.js';

// The database guarantees the lab invariants (migration 0460); these give its refusals the
// API's codes when a race gets past the services' friendly checks.
registerConstraint(
  'lab_result_final_amend_only',
  'lab.invalid_transition',
  'a final result is corrected only by an amendment',
);
registerConstraint(
  'lab_result_not_on_cancelled_order',
  'lab.invalid_transition',
  'the order is cancelled: it takes no results',
);
registerConstraint(
  'lab_result_once_per_order',
  'resource.conflict',
  'the order already has a result for this test; amend it instead',
);
registerConstraint(
  'lab_result_revision_append_only',
  'lab.invalid_transition',
  'result history is never changed',
);
