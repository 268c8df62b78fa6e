import { ApiError } from '../../../app/api';
import { i18next } from '../../../app/i18n';
import { errorMessage } from '../../../ui/errors';

/**
 * A refusal of an admissions call in words staff act on. Known codes (already admitted, bed
 * taken, ...) have their own sentence; others fall back to the shared wording.
 */
export function describeStayError(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `admissions:errors.codes.${error.code}`;
    if (i18next.exists(key)) return i18next.t(key);
  }
  return errorMessage(error);
}

/** Which field a refusal is about, by its code, when the server named no field path. */
const fieldOfCode: Readonly<Record<string, string>> = {
  'admission.already_admitted': 'patientId',
  'admission.patient_deceased': 'patientId',
  'patient.merged': 'patientId',
  'admission.bed_unavailable': 'bedId',
  'admission.bed_unsuitable': 'bedId',
  'admission.bed_invalid_transition': 'bedId',
  'admission.wrong_facility': 'bedId',
};

/** Refusals about the time given; they land on the dialog's time field. */
const timeCodes = new Set(['admission.in_future', 'admission.before_admission']);

/**
 * The field errors of a refusal, keyed by form field: the problem's `errors[].path` (mapped
 * by `pathToField`, unknown paths dropped), else the field its code is about. The rest
 * goes to `general`.
 */
export function placeStayError(
  error: unknown,
  fields: readonly string[],
  pathToField: (path: string) => string = (p) => p,
  timeField?: string,
): Record<string, string> {
  if (!(error instanceof ApiError)) return { general: describeStayError(error) };
  const out: Record<string, string> = {};
  const knownCode = i18next.exists(`admissions:errors.codes.${error.code}`);
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const field = pathToField(path);
    if (fields.includes(field)) out[field] ??= knownCode ? describeStayError(error) : message;
  }
  const byCode = timeCodes.has(error.code) ? timeField : fieldOfCode[error.code];
  if (Object.keys(out).length === 0 && byCode && fields.includes(byCode)) {
    out[byCode] = describeStayError(error);
  }
  if (Object.keys(out).length === 0) out['general'] = describeStayError(error);
  return out;
}
