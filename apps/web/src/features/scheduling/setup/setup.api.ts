import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AppointmentType,
  AppointmentTypeInput,
  PractitionerProfile,
  PractitionerProfileInput,
  ReminderRule,
  ScheduleException,
  ScheduleExceptionCreated,
  ScheduleExceptionInput,
  ScheduleResource,
  ScheduleTemplate,
  ScheduleTemplateInput,
  User,
  reminderRuleInput,
  scheduleResourceInput,
  userPage,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';
import { schedulingKeys } from '../appointments.api';

/**
 * The practice manager's calendar setup. Lists here include inactive rows (managers bring
 * them back); every write refreshes everything under `scheduling`, so the calendar's own
 * (active-only) lists see the change too.
 */

export type ScheduleResourceInput = z.input<typeof scheduleResourceInput>;
export type ReminderRuleInput = z.input<typeof reminderRuleInput>;
interface ItemList<T> {
  items: T[];
}

/** Whose time off is listed: a practitioner, a room or piece of equipment, or a facility. */
export interface ExceptionSubject {
  kind: 'practitioner' | 'resource' | 'facility';
  id: string;
}

const base = '/api/v1/scheduling';
export const setupKeys = {
  practitioners: [...schedulingKeys.all, 'setup', 'practitioners'] as const,
  resources: [...schedulingKeys.all, 'setup', 'resources'] as const,
  types: [...schedulingKeys.all, 'setup', 'appointment-types'] as const,
  rules: [...schedulingKeys.all, 'setup', 'reminder-rules'] as const,
  exceptions: (subject: ExceptionSubject | null, from: string, to: string) =>
    [...schedulingKeys.all, 'setup', 'exceptions', subject, from, to] as const,
  staff: (q: string) => [...schedulingKeys.all, 'setup', 'staff', q] as const,
};

function useList<T>(queryKey: readonly unknown[], path: string) {
  return useQuery({
    queryKey,
    queryFn: async ({ signal }) =>
      (await api<ItemList<T>>('GET', path, { query: { includeInactive: true }, signal })).items,
  });
}

export function usePractitionerProfiles() {
  return useList<PractitionerProfile>(setupKeys.practitioners, `${base}/practitioners`);
}
export function useResources() {
  return useList<ScheduleResource>(setupKeys.resources, `${base}/resources`);
}
export function useTypes() {
  return useList<AppointmentType>(setupKeys.types, `${base}/appointment-types`);
}
export function useReminderRules() {
  return useQuery({
    queryKey: setupKeys.rules,
    queryFn: async ({ signal }) =>
      (await api<ItemList<ReminderRule>>('GET', `${base}/reminder-rules`, { signal })).items,
  });
}

/** Active staff (not portal) users matching `q`, for the practitioner picker. */
export function useStaffUsers(q: string) {
  return useQuery({
    queryKey: setupKeys.staff(q),
    queryFn: async ({ signal }) =>
      (
        await api<z.infer<typeof userPage>>('GET', '/api/v1/users', {
          query: { q, status: 'active', limit: 50 },
          signal,
        })
      ).items.filter((u: User) => u.roles.some((r) => r !== 'patient')),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** After a write: every scheduling list (setup's and the calendar's) is stale. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: schedulingKeys.all });
}

/** A create (POST to `path`) or an update (PUT to `path/id` at the version shown). */
export type Save<B> =
  { kind: 'create'; body: B } | { kind: 'update'; id: string; version: number; body: B };

function useSave<B, T>(path: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (vars: Save<B>) =>
      vars.kind === 'create'
        ? api<T>('POST', path, { body: vars.body })
        : api<T>('PUT', `${path}/${vars.id}`, { body: vars.body, headers: ifMatch(vars.version) }),
    // A refused save may mean a stale version: reload so a retry starts from the latest.
    onSettled: () => refresh(),
  });
}

export function useSavePractitioner() {
  return useSave<PractitionerProfileInput, PractitionerProfile>(`${base}/practitioners`);
}
export function useSaveResource() {
  return useSave<ScheduleResourceInput, ScheduleResource>(`${base}/resources`);
}
export function useSaveType() {
  return useSave<AppointmentTypeInput, AppointmentType>(`${base}/appointment-types`);
}
export function useSaveReminderRule() {
  return useSave<ReminderRuleInput, ReminderRule>(`${base}/reminder-rules`);
}

/** Creates a template for a practitioner, or replaces one at the version shown (If-Match). */
export function useSaveTemplate(practitionerId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (
      vars:
        | { kind: 'create'; body: ScheduleTemplateInput }
        | { kind: 'update'; id: string; version: number; body: ScheduleTemplateInput },
    ) =>
      vars.kind === 'create'
        ? api<ScheduleTemplate>('POST', `${base}/practitioners/${practitionerId}/templates`, {
            body: vars.body,
          })
        : api<ScheduleTemplate>('PUT', `${base}/templates/${vars.id}`, {
            body: vars.body,
            headers: ifMatch(vars.version),
          }),
    onSettled: () => refresh(),
  });
}

export function useDeleteTemplate() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (template: Pick<ScheduleTemplate, 'id' | 'version'>) =>
      api<undefined>('DELETE', `${base}/templates/${template.id}`, {
        headers: ifMatch(template.version),
      }),
    onSettled: () => refresh(),
  });
}

/** Time off of one subject over [from, to) (ISO instants); null subject = not chosen yet. */
export function useExceptions(subject: ExceptionSubject | null, from: string, to: string) {
  return useQuery({
    queryKey: setupKeys.exceptions(subject, from, to),
    queryFn: async ({ signal }) =>
      (
        await api<ItemList<ScheduleException>>('GET', `${base}/exceptions`, {
          query: { [`${subject?.kind ?? 'practitioner'}Id`]: subject?.id, from, to },
          signal,
        })
      ).items,
    enabled: subject !== null,
    placeholderData: keepPreviousData,
  });
}

export function useCreateException() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ScheduleExceptionInput) =>
      api<ScheduleExceptionCreated>('POST', `${base}/exceptions`, { body }),
    onSuccess: () => refresh(),
  });
}

export function useCancelException() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api<ScheduleException>('POST', `${base}/exceptions/${id}/cancel`),
    onSettled: () => refresh(),
  });
}
