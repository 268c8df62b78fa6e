import type { Appointment } from '@meridian/contracts';
import { useCursorList } from '../../admin/paging';
import { appointmentKeys, useAppointments } from '../appointments.api';

/** How far the tab looks: two years back, one year ahead of the start of today. */
export function patientRanges(now: Date = new Date()) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const shift = (years: number) =>
    new Date(today.getFullYear() + years, today.getMonth(), today.getDate()).toISOString();
  return {
    past: { from: shift(-2), to: today.toISOString() },
    upcoming: { from: today.toISOString(), to: shift(1) },
  };
}

/** From today on, soonest first, a page at a time ("Load more" follows `nextCursor`). */
export function useUpcomingAppointments(patientId: string, range: { from: string; to: string }) {
  return useCursorList<Appointment>(
    appointmentKeys.scoped('patient', patientId, 'upcoming', range),
    '/api/v1/appointments',
    { patientId, ...range, limit: 20 },
    { retry: false },
  );
}

/**
 * The past two years, most recent first. The API lists in start order, so every page is
 * read (a patient has tens, not thousands, of visits in two years) and turned around.
 */
export function usePastAppointments(patientId: string, range: { from: string; to: string }) {
  const query = useAppointments({ patientId, ...range });
  return { ...query, data: query.data ? [...query.data].reverse() : undefined };
}
