import { registerConstraint } from '../../../platform/errors.js';

// The unique index is the guarantee under races; this gives the answer a form can show.
registerConstraint(
  'patient_identifier_unique',
  'patient.identifier_taken',
  'another patient already has an identifier of this type, authority and value',
  'identifiers',
);
