import type { PractitionerProfile, PractitionerProfileInput } from '@meridian/contracts';

export interface PractitionerValues {
  userId: string | null;
  facilityId: string | null;
  departmentId: string | null;
  specialty: string;
  /** '' = no cap. */
  maxAppointmentsPerDay: number | string;
  isActive: boolean;
}

/** The form's field paths, which are also the body's: server field errors land on them. */
export const practitionerFields = [
  'userId',
  'facilityId',
  'departmentId',
  'specialty',
  'maxAppointmentsPerDay',
  'isActive',
] as const;

export function practitionerInitialValues(p: PractitionerProfile | null): PractitionerValues {
  return {
    userId: p?.userId ?? null,
    facilityId: p?.facilityId ?? null,
    departmentId: p?.departmentId ?? null,
    specialty: p?.specialty ?? '',
    maxAppointmentsPerDay: p?.maxAppointmentsPerDay ?? '',
    isActive: p?.isActive ?? true,
  };
}

export function practitionerBody(values: PractitionerValues): PractitionerProfileInput {
  const cap = values.maxAppointmentsPerDay;
  return {
    userId: values.userId ?? '',
    facilityId: values.facilityId ?? '',
    departmentId: values.departmentId,
    specialty: values.specialty.trim(),
    maxAppointmentsPerDay: cap === '' ? null : Number(cap),
    isActive: values.isActive,
  };
}

/** Specialties already in use, each once, sorted: the suggestions for a new one. */
export function specialtySuggestions(
  practitioners: readonly Pick<PractitionerProfile, 'specialty'>[],
) {
  return [...new Set(practitioners.map((p) => p.specialty.trim()).filter(Boolean))].sort((a, b) =>
    a.localeCompare(b),
  );
}
