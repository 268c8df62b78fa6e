/**
 * Stable error codes and the HTTP status each maps to. The server decides status in one
 * place from this table; clients switch on `code`, never on message text.
 */
export const errorStatus = {
  'validation.failed': 400,
  'request.malformed_json': 400,
  'request.body_too_large': 413,
  'request.unsupported_media_type': 415,
  'request.route_not_found': 404,
  'request.rate_limited': 429,
  'request.bad_origin': 403,
  'auth.unauthenticated': 401,
  'auth.session_expired': 401,
  'auth.invalid_credentials': 401,
  'auth.account_locked': 423,
  'auth.account_disabled': 401,
  'auth.mfa_required': 403,
  'auth.mfa_enrolment_required': 403,
  'auth.mfa_invalid': 400,
  'auth.mfa_not_enrolled': 409,
  'auth.mfa_already_enrolled': 409,
  'auth.mfa_mandatory': 409,
  'auth.password_change_required': 403,
  'auth.password_incorrect': 400,
  'auth.password_policy': 400,
  'access.forbidden': 403,
  'access.break_glass_required': 403,
  'resource.not_found': 404,
  'resource.conflict': 409,
  'resource.version_mismatch': 412,
  'resource.precondition_required': 428,
  'user.email_taken': 409,
  'user.cannot_disable_self': 409,
  'user.last_admin': 409,
  'org.facility_code_taken': 409,
  'org.department_code_taken': 409,
  'patient.likely_duplicate': 409,
  'patient.merged': 409,
  'patient.merge_conflict': 409,
  'patient.identifier_taken': 409,
  'patient.ssn_taken': 409,
  'payer.payer_id_taken': 409,
  'coverage.priority_overlap': 409,
  'request.idempotency_key_reused': 422,
  'link.invalid': 400,
  'link.expired': 410,
  'scheduling.slot_taken': 409,
  'scheduling.patient_busy': 409,
  'scheduling.resource_taken': 409,
  'scheduling.daily_limit_reached': 409,
  'scheduling.invalid_transition': 409,
  'scheduling.outside_working_hours': 422,
  'scheduling.practitioner_unavailable': 422,
  'scheduling.in_past': 422,
  'scheduling.patient_deceased': 422,
  'scheduling.type_not_allowed': 422,
  'scheduling.inactive': 422,
  'scheduling.template_overlap': 409,
  'scheduling.practitioner_exists': 409,
  'scheduling.code_taken': 409,
  'scheduling.offer_unavailable': 409,
  'scheduling.rule_exists': 409,
  'scheduling.not_visit_day': 409,
  'admission.code_taken': 409,
  'admission.bed_unavailable': 409,
  'admission.bed_unsuitable': 422,
  'admission.already_admitted': 409,
  'admission.patient_deceased': 422,
  'admission.invalid_transition': 409,
  'admission.bed_invalid_transition': 409,
  'admission.before_admission': 422,
  'admission.in_future': 422,
  'admission.correction_window_passed': 409,
  'admission.wrong_facility': 422,
  'admission.place_in_use': 409,
  'vitals.implausible_unconfirmed': 422,
  'vitals.invalid_transition': 409,
  'encounter.invalid_transition': 409,
  'encounter.principal_exists': 409,
  'encounter.diagnosis_exists': 409,
  'encounter.diagnoses_changed': 409,
  'encounter.unknown_code': 422,
  'encounter.not_billable': 422,
  'encounter.in_future': 422,
  'problem.duplicate_active': 409,
  'problem.invalid_transition': 409,
  'lab.invalid_transition': 409,
  'lab.unknown_test': 422,
  'lab.unit_mismatch': 422,
  'lab.invalid_answer': 422,
  'lab.already_acknowledged': 409,
  'medication.alerts_need_override': 409,
  'medication.invalid_transition': 409,
  'medication.not_your_draft': 403,
  'medication.not_admitted': 409,
  'medication.dose_already_recorded': 409,
  'medication.prn_max_reached': 409,
  'note.not_author': 403,
  'note.not_draft': 409,
  'note.not_signed': 409,
  'note.entered_in_error': 409,
  'note.empty': 422,
  'allergy.duplicate_active': 409,
  'allergy.nka_conflict': 409,
  'allergy.invalid_transition': 409,
  'immunization.invalid_transition': 409,
  'internal.error': 500,
  'service.unavailable': 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  /** JSON path of the offending field, e.g. `address.postalCode` or `roles.0`. */
  path: string;
  /** Machine-readable rule that failed, e.g. `too_small`, `invalid_type`, `unrecognized_keys`. */
  rule: string;
  message: string;
}

/** RFC 9457 problem details as Meridian answers them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  requestId?: string;
  errors?: FieldError[];
  /** Seconds until a lockout or rate limit ends, when it applies. */
  retryAfterSeconds?: number;
  /** access.break_glass_required: the restricted patient, so the UI can offer break-the-glass. */
  patientId?: string;
  /**
   * patient.likely_duplicate: the records that blocked registration, best first (ids, MRNs
   * and scores only; the UI fetches details through the access-checked match route).
   */
  candidates?: DuplicateCandidateRef[];
  /** patient.merged: the record this one was merged into. */
  mergedIntoId?: string;
  /** patient.merge_conflict: what the merge would lose (the shape of `mergeConflict`). */
  conflicts?: MergeConflictRef[];
  /** scheduling.slot_taken / patient_busy / resource_taken: the appointment in the way. */
  conflictingAppointmentId?: string;
  /** scheduling.template_overlap: the other template whose hours the new ones overlap. */
  conflictingTemplateId?: string;
  /**
   * medication.alerts_need_override: the decision-support alerts that need an override
   * reason before the prescription can be signed (the shape of `medicationAlert`).
   */
  alerts?: Record<string, unknown>[];
}

/** The members a problem may carry beyond the standard ones (RFC 9457 extension members). */
export type ProblemExtension = Exclude<
  keyof Problem,
  'type' | 'title' | 'status' | 'detail' | 'code' | 'requestId' | 'errors' | 'retryAfterSeconds'
>;

/**
 * Which extension members each code's problem carries, copied from the error's details when
 * present (and of the member's shape). Ids and references only, never PHI: a detail that is
 * not declared here stays on the server.
 */
export const problemExtensions = {
  'access.break_glass_required': ['patientId'],
  'patient.likely_duplicate': ['candidates'],
  'patient.merged': ['mergedIntoId'],
  'patient.merge_conflict': ['conflicts'],
  'scheduling.slot_taken': ['conflictingAppointmentId'],
  'scheduling.patient_busy': ['conflictingAppointmentId'],
  'scheduling.resource_taken': ['conflictingAppointmentId'],
  'scheduling.template_overlap': ['conflictingTemplateId'],
  'medication.alerts_need_override': ['alerts'],
} as const satisfies Partial<Record<ErrorCode, readonly ProblemExtension[]>>;

/** A reason a merge was refused, as a problem names it. */
export interface MergeConflictRef {
  source: string;
  field: string;
  message: string;
}

/** A blocking duplicate candidate as a problem names it. */
export interface DuplicateCandidateRef {
  id: string;
  mrn: string;
  score: number;
  band: 'likely' | 'possible';
}
