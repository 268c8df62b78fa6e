import { registerConstraint } from '../../../platform/errors.js';

// The database guarantees these (migration 0440); the services give the friendly answer first.
registerConstraint(
  'prescription_one_revision',
  'medication.invalid_transition',
  'the prescription already has a revision in progress',
  'replacesId',
);
registerConstraint(
  'medication_administration_one_per_dose',
  'medication.dose_already_recorded',
  'this scheduled dose already has a record; enter it in error to correct it',
  'scheduledFor',
);
registerConstraint(
  'medication_administration_immutable',
  'medication.invalid_transition',
  'an administration record is corrected by entered in error and a new record',
);
