import { registerConstraint } from '../../../platform/errors.js';

// Migration 0450's guarantees, with the API's codes for when a race gets past the
// service's own checks (the service gives the detailed answer first).
registerConstraint(
  'clinical_note_signed_immutable',
  'note.not_draft',
  'the note is signed or discarded: it is never changed in place',
);
registerConstraint(
  'clinical_note_retraction_one_per_note',
  'note.entered_in_error',
  'the note is already marked entered in error',
);
