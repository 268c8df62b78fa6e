import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { ApiError } from '../../app/api';
import { describeError } from '../../ui/errors';
import { appointmentKeys, fetchAppointment } from './appointments.api';

/** Conflicts that name the appointment in the way (problem+json `conflictingAppointmentId`). */
const conflictCodes = new Set([
  'scheduling.slot_taken',
  'scheduling.patient_busy',
  'scheduling.resource_taken',
]);

/** The appointment a 409 names, when the error is such a conflict. */
export function conflictingAppointmentIdOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || !conflictCodes.has(error.code)) return null;
  return error.problem.conflictingAppointmentId ?? null;
}

/**
 * Staff wording for a scheduling error (`calendar:errors.<code>`), else the shared
 * description of the error.
 */
export function schedulingErrorMessage(t: TFunction, error: unknown): string {
  const fallback = describeError(error).message;
  if (!(error instanceof ApiError) || !error.code.startsWith('scheduling.')) return fallback;
  return t(`calendar:errors.${error.code.slice('scheduling.'.length)}`, {
    defaultValue: fallback,
  });
}

/**
 * The appointment a conflict points at, fetched so the message can say when it is ("the
 * slot is taken by an appointment at 09:30"). Null while there is no conflict; a fetch that
 * fails (e.g. the caller may not see that patient) just leaves the time out.
 */
export function useConflictingAppointment(error: unknown) {
  const id = conflictingAppointmentIdOf(error);
  return useQuery({
    queryKey: appointmentKeys.detail(id ?? ''),
    queryFn: () => fetchAppointment(id ?? ''),
    enabled: id !== null,
    retry: false,
    staleTime: 30_000,
  });
}
