import { ApiError } from '../../../app/api';

/** Where the booking dialog shows a refusal: beside the field it is about, else on top. */
export type BookingErrorPlace = 'patient' | 'type' | 'slot' | 'overbook' | 'general';

const placeOfCode: Readonly<Record<string, BookingErrorPlace>> = {
  'scheduling.slot_taken': 'slot',
  'scheduling.patient_busy': 'slot',
  'scheduling.resource_taken': 'slot',
  'scheduling.daily_limit_reached': 'slot',
  'scheduling.outside_working_hours': 'slot',
  'scheduling.practitioner_unavailable': 'slot',
  'scheduling.in_past': 'slot',
  'scheduling.patient_deceased': 'patient',
  'patient.merged': 'patient',
  'access.break_glass_required': 'patient',
  'scheduling.type_not_allowed': 'type',
  'scheduling.inactive': 'type',
};

/** The body's field paths (problem+json `errors[].path`) and where each shows. */
const placeOfPath: Readonly<Record<string, BookingErrorPlace>> = {
  patientId: 'patient',
  appointmentTypeId: 'type',
  practitionerId: 'slot',
  startsAt: 'slot',
  endsAt: 'slot',
  'overbook.reason': 'overbook',
  overbook: 'overbook',
};

/** Which part of the dialog a failed booking belongs to. */
export function placeBookingError(error: unknown): BookingErrorPlace {
  if (!(error instanceof ApiError)) return 'general';
  const byCode = placeOfCode[error.code];
  if (byCode) return byCode;
  const paths = Object.keys(error.fieldErrors());
  const places = new Set(paths.map((p) => placeOfPath[p] ?? 'general'));
  return places.size === 1 ? [...places][0]! : 'general';
}
