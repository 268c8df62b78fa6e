import type { TFunction } from 'i18next';
import {
  admitInput,
  type AdmissionSource,
  type AdmitInput,
  type IsolationPrecaution,
  type LevelOfCare,
} from '@meridian/contracts';
import { zodValidate } from '../../../ui/validation';
import { instantOfLocalDateTime } from './stay-time';

export type AdmitMode = 'now' | 'pre';

export interface AdmitFormValues {
  patientId: string;
  mode: AdmitMode;
  /** Wall-clock time in the facility's zone, for a pre-admission. */
  expectedAt: string;
  source: AdmissionSource;
  sourceDetail: string;
  admittingPractitionerId: string;
  attendingPractitionerId: string;
  reason: string;
  admittingDiagnosis: string;
  levelOfCare: LevelOfCare;
  /** NumberInput gives '' when empty. */
  expectedLengthOfStayDays: number | string;
  isolation: IsolationPrecaution[];
  bedId: string;
}

/** The form's fields, where the server's field errors can land. */
export const admitFormFields = [
  'patientId',
  'expectedAt',
  'source',
  'sourceDetail',
  'admittingPractitionerId',
  'attendingPractitionerId',
  'reason',
  'admittingDiagnosis',
  'levelOfCare',
  'expectedLengthOfStayDays',
  'isolation',
  'bedId',
] as const;

/** The API's paths mapped to the form's fields (the expected time sits inside preAdmission). */
export function admitFieldOfPath(path: string): string {
  if (path.startsWith('preAdmission')) return 'expectedAt';
  if (path.startsWith('isolation')) return 'isolation';
  return path;
}

export function initialAdmitValues(preset: {
  patientId?: string | undefined;
  bedId?: string | undefined;
}): AdmitFormValues {
  return {
    patientId: preset.patientId ?? '',
    mode: 'now',
    expectedAt: '',
    source: 'emergency',
    sourceDetail: '',
    admittingPractitionerId: '',
    attendingPractitionerId: '',
    reason: '',
    admittingDiagnosis: '',
    levelOfCare: 'acute',
    expectedLengthOfStayDays: '',
    isolation: [],
    bedId: preset.bedId ?? '',
  };
}

/** The API body: blanks become null, the expected time an instant in the facility's zone. */
export function toAdmitBody(v: AdmitFormValues, facilityId: string, timeZone: string): AdmitInput {
  const optional = (s: string) => (s.trim() ? s.trim() : null);
  return {
    patientId: v.patientId,
    facilityId,
    source: v.source,
    sourceDetail: optional(v.sourceDetail),
    admittingPractitionerId: v.admittingPractitionerId,
    attendingPractitionerId: v.attendingPractitionerId,
    reason: v.reason.trim(),
    admittingDiagnosis: optional(v.admittingDiagnosis),
    levelOfCare: v.levelOfCare,
    expectedLengthOfStayDays:
      v.expectedLengthOfStayDays === '' ? null : Number(v.expectedLengthOfStayDays),
    isolation: v.isolation,
    bedId: v.bedId || null,
    preAdmission:
      v.mode === 'pre'
        ? { expectedAt: instantOfLocalDateTime(v.expectedAt, timeZone) ?? '' }
        : null,
  };
}

/**
 * The contract's checks in this form's words, plus the dialog's own: admitting now needs a
 * bed (a pre-admission may wait for one).
 */
export function validateAdmitForm(t: TFunction, facilityId: string, timeZone: string) {
  const validate = zodValidate<unknown>(admitInput, {
    patientId: t('admissions:errors.patient'),
    admittingPractitionerId: t('admissions:errors.admittingPractitioner'),
    attendingPractitionerId: t('admissions:errors.attendingPractitioner'),
    reason: t('admissions:errors.reason'),
    expectedLengthOfStayDays: t('admissions:errors.lengthOfStay'),
    'preAdmission.expectedAt': t('admissions:errors.expectedAt'),
  });
  return (values: AdmitFormValues): Record<string, string> => {
    const errors: Record<string, string> = {};
    for (const [path, message] of Object.entries(
      validate(toAdmitBody(values, facilityId, timeZone)),
    )) {
      errors[admitFieldOfPath(path)] ??= message;
    }
    if (values.mode === 'now' && !values.bedId) errors['bedId'] ??= t('admissions:errors.bed');
    return errors;
  };
}
