import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Appointment,
  AppointmentTransition,
  AppointmentType,
  BookAppointmentInput,
  PractitionerProfile,
  RescheduleAppointmentInput,
  ScheduleException,
  ScheduleResource,
  ScheduleTemplate,
  SlotSearchQuery,
  SlotSearchResult,
  appointmentPage,
} from '@meridian/contracts';
import { api } from '../../app/api';
import { ifMatch } from '../admin/paging';

/**
 * The scheduling API as the web uses it: the calendar, the front desk's today list and the
 * patient's appointments tab share these hooks and keys, so a booking made in one place
 * refreshes the others.
 */

export type AppointmentPage = z.infer<typeof appointmentPage>;

/** Lists the scheduling catalogue answers (practitioners, types, templates, ...). */
interface ItemList<T> {
  items: T[];
}

/** Which appointments to list: one practitioner, several, or a department, over [from, to). */
export interface AppointmentRange {
  practitionerId?: string;
  practitionerIds?: readonly string[];
  departmentId?: string;
  facilityId?: string;
  patientId?: string;
  /** ISO instants. */
  from: string;
  to: string;
  /** Only these statuses; default all (cancelled included). */
  statuses?: readonly Appointment['status'][];
}

export interface PractitionerFilter {
  facilityId?: string;
  departmentId?: string;
  specialty?: string;
}

export const schedulingKeys = {
  all: ['scheduling'] as const,
  practitioners: (filter: PractitionerFilter = {}) =>
    [...schedulingKeys.all, 'practitioners', filter] as const,
  appointmentTypes: ['scheduling', 'appointment-types'] as const,
  resources: ['scheduling', 'resources'] as const,
  templates: (practitionerId: string) =>
    [...schedulingKeys.all, 'templates', practitionerId] as const,
  exceptions: (practitionerId: string, from: string, to: string) =>
    [...schedulingKeys.all, 'exceptions', practitionerId, from, to] as const,
  slots: (query: SlotSearchQuery) => [...schedulingKeys.all, 'slots', query] as const,
};

export const appointmentKeys = {
  all: ['appointments'] as const,
  lists: ['appointments', 'list'] as const,
  list: (range: AppointmentRange) => [...appointmentKeys.lists, range] as const,
  detail: (id: string) => [...appointmentKeys.all, 'detail', id] as const,
  /** For other screens' lists (e.g. the front desk's today list), so writes refresh them. */
  scoped: (...parts: readonly unknown[]) => [...appointmentKeys.all, ...parts] as const,
};

/** Active practitioners (the catalogue changes rarely, so kept a few minutes). */
export function useSchedulingPractitioners(filter: PractitionerFilter = {}) {
  return useQuery({
    queryKey: schedulingKeys.practitioners(filter),
    queryFn: async ({ signal }) =>
      (
        await api<ItemList<PractitionerProfile>>('GET', '/api/v1/scheduling/practitioners', {
          query: { ...filter },
          signal,
        })
      ).items,
    staleTime: 5 * 60_000,
  });
}

export function useAppointmentTypes() {
  return useQuery({
    queryKey: schedulingKeys.appointmentTypes,
    queryFn: async ({ signal }) =>
      (
        await api<ItemList<AppointmentType>>('GET', '/api/v1/scheduling/appointment-types', {
          signal,
        })
      ).items,
    staleTime: 5 * 60_000,
  });
}

export function useScheduleResources() {
  return useQuery({
    queryKey: schedulingKeys.resources,
    queryFn: async ({ signal }) =>
      (await api<ItemList<ScheduleResource>>('GET', '/api/v1/scheduling/resources', { signal }))
        .items,
    staleTime: 5 * 60_000,
  });
}

/** The query of one practitioner's working-hour templates (shared by hooks and useQueries). */
export function templatesQuery(practitionerId: string) {
  return {
    queryKey: schedulingKeys.templates(practitionerId),
    queryFn: async ({ signal }: { signal: AbortSignal }) =>
      (
        await api<ItemList<ScheduleTemplate>>(
          'GET',
          `/api/v1/scheduling/practitioners/${practitionerId}/templates`,
          { signal },
        )
      ).items,
    staleTime: 60_000,
    retry: false,
  };
}

/** A practitioner's working-hour templates (for business hours); null id = not asked. */
export function usePractitionerTemplates(practitionerId: string | null) {
  return useQuery({ ...templatesQuery(practitionerId ?? ''), enabled: !!practitionerId });
}

/** Leave, holidays and blocked time over [from, to) for one practitioner. */
export function useScheduleExceptions(practitionerId: string | null, from: string, to: string) {
  return useQuery({
    queryKey: schedulingKeys.exceptions(practitionerId ?? '', from, to),
    queryFn: async ({ signal }) =>
      (
        await api<ItemList<ScheduleException>>('GET', '/api/v1/scheduling/exceptions', {
          query: { practitionerId, from, to },
          signal,
        })
      ).items,
    enabled: !!practitionerId,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Free slots; `query` null = not enough chosen yet. */
export function useSlotSearch(query: SlotSearchQuery | null) {
  return useQuery({
    queryKey: schedulingKeys.slots(query ?? ({} as SlotSearchQuery)),
    queryFn: ({ signal }) =>
      api<SlotSearchResult>('GET', '/api/v1/scheduling/slots', {
        query: { ...query } as Record<string, string | number | undefined>,
        signal,
      }),
    enabled: query !== null,
    staleTime: 0,
    retry: false,
  });
}

function listQuery(range: AppointmentRange) {
  return {
    practitionerId: range.practitionerId,
    practitionerIds: range.practitionerIds?.join(','),
    departmentId: range.departmentId,
    facilityId: range.facilityId,
    patientId: range.patientId,
    from: range.from,
    to: range.to,
    status: range.statuses?.join(','),
    limit: 500,
  };
}

/**
 * Every appointment in the range: follows `nextCursor` so a busy week is never cut short.
 * `enabled` false = not enough chosen yet (e.g. no practitioner).
 */
export function useAppointments(range: AppointmentRange, enabled = true) {
  return useQuery({
    queryKey: appointmentKeys.list(range),
    queryFn: async ({ signal }) => {
      const items: Appointment[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<AppointmentPage>('GET', '/api/v1/appointments', {
          query: { ...listQuery(range), cursor },
          signal,
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useAppointment(id: string | null) {
  return useQuery({
    queryKey: appointmentKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api<Appointment>('GET', `/api/v1/appointments/${id}`, { signal }),
    enabled: !!id,
    retry: false,
  });
}

/** GET one appointment outside a hook, e.g. to name the one a conflict points at. */
export function fetchAppointment(id: string): Promise<Appointment> {
  return api<Appointment>('GET', `/api/v1/appointments/${id}`);
}

/** After any write: every list (calendar, today, patient tab) and slot search is stale. */
function useRefreshAppointments() {
  const queryClient = useQueryClient();
  return (saved?: Appointment) => {
    if (saved) queryClient.setQueryData(appointmentKeys.detail(saved.id), saved);
    // Every query keyed under 'appointments' (calendar lists, the today list, a patient's
    // tab, details) and every slot search.
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: appointmentKeys.all }),
      queryClient.invalidateQueries({ queryKey: [...schedulingKeys.all, 'slots'] }),
    ]);
  };
}

/**
 * Books one appointment. `idempotencyKey`: one per dialog submission (crypto.randomUUID),
 * reused when the same submission is retried, so a lost answer never books twice.
 */
export function useBookAppointment() {
  const refresh = useRefreshAppointments();
  return useMutation({
    mutationFn: (vars: { body: BookAppointmentInput; idempotencyKey: string }) =>
      api<Appointment>('POST', '/api/v1/appointments', {
        body: vars.body,
        headers: { 'Idempotency-Key': vars.idempotencyKey },
      }),
    onSuccess: (saved) => refresh(saved),
  });
}

/** Moves an appointment at the version it was shown at (If-Match). */
export function useRescheduleAppointment() {
  const refresh = useRefreshAppointments();
  return useMutation({
    mutationFn: (vars: { id: string; version: number; body: RescheduleAppointmentInput }) =>
      api<Appointment>('POST', `/api/v1/appointments/${vars.id}/reschedule`, {
        body: vars.body,
        headers: ifMatch(vars.version),
      }),
    // A conflict or a stale version: the calendar must show the truth again either way.
    onSettled: (saved) => refresh(saved),
  });
}

export function useCancelAppointment() {
  const refresh = useRefreshAppointments();
  return useMutation({
    mutationFn: (vars: { id: string; version: number; reason: string }) =>
      api<Appointment>('POST', `/api/v1/appointments/${vars.id}/cancel`, {
        body: { reason: vars.reason },
        headers: ifMatch(vars.version),
      }),
    onSettled: (saved) => refresh(saved),
  });
}

/** confirm / arrive (check-in) / room / complete / no_show. */
export function useTransitionAppointment() {
  const refresh = useRefreshAppointments();
  return useMutation({
    mutationFn: (vars: {
      id: string;
      version: number;
      action: AppointmentTransition;
      note?: string;
    }) =>
      api<Appointment>('POST', `/api/v1/appointments/${vars.id}/transitions`, {
        body: { action: vars.action, ...(vars.note ? { note: vars.note } : {}) },
        headers: ifMatch(vars.version),
      }),
    onSettled: (saved) => refresh(saved),
  });
}

/** A fresh Idempotency-Key for one booking submission. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
