import { registerConstraint } from '../../platform/errors.js';

// The database guarantees the admission invariants (migration 0300); these give its
// refusals the API's codes. Services add the details (which bed, which stay).
registerConstraint(
  'inpatient_stay_one_open_per_patient',
  'admission.already_admitted',
  'the patient already has an open stay',
  'patientId',
);
registerConstraint(
  'bed_occupancy_bed_no_overlap',
  'admission.bed_unavailable',
  'the bed is occupied by another patient at that time',
  'bedId',
);
registerConstraint(
  'bed_one_per_stay',
  'admission.bed_unavailable',
  'the stay already holds another bed',
  'bedId',
);
registerConstraint(
  'bed_occupancy_stay_no_overlap',
  'admission.invalid_transition',
  'the stay would be in two beds at once',
);
registerConstraint(
  'inpatient_stay_discharge_after_admission',
  'admission.before_admission',
  'a discharge cannot precede the admission',
  'dischargedAt',
);
registerConstraint(
  'ward_code_unique',
  'admission.code_taken',
  'the facility has a ward with this code',
  'code',
);
registerConstraint(
  'ward_room_code_unique',
  'admission.code_taken',
  'the ward has a room with this code',
  'code',
);
registerConstraint(
  'bed_code_unique',
  'admission.code_taken',
  'the ward has a bed with this code',
  'code',
);
registerConstraint(
  'bed_inactive_is_empty',
  'admission.place_in_use',
  'a bed that holds a patient or a reservation cannot be taken out of service',
  'isActive',
);
