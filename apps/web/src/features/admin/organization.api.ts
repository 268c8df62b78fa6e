import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Department,
  Facility,
  Organization,
  createDepartmentBody,
  createFacilityBody,
  departmentList,
  facilityList,
  updateDepartmentBody,
  updateFacilityBody,
} from '@meridian/contracts';
import { api } from '../../app/api';
import { isVersionMismatch } from './admin-forms';
import { ifMatch } from './paging';

export type CreateFacilityBody = z.output<typeof createFacilityBody>;
export type UpdateFacilityBody = z.output<typeof updateFacilityBody>;
export type CreateDepartmentBody = z.output<typeof createDepartmentBody>;
export type UpdateDepartmentBody = z.output<typeof updateDepartmentBody>;

export const orgKeys = {
  organization: ['admin', 'organization'] as const,
  facilities: ['admin', 'facilities'] as const,
  departments: (facilityId: string) => ['admin', 'departments', facilityId] as const,
};

export function useOrganization() {
  return useQuery({
    queryKey: orgKeys.organization,
    queryFn: ({ signal }) => api<Organization>('GET', '/api/v1/organization', { signal }),
  });
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { version: number; name: string }) =>
      api<Organization>('PATCH', '/api/v1/organization', {
        body: { name: vars.name },
        headers: ifMatch(vars.version),
      }),
    onSuccess: (org) => queryClient.setQueryData(orgKeys.organization, org),
  });
}

/**
 * Every facility, inactive ones included: pickers offer only active ones but still name an
 * inactive facility a user is already assigned to.
 */
export function useFacilities() {
  return useQuery({
    queryKey: orgKeys.facilities,
    queryFn: async ({ signal }) => {
      const list = await api<z.infer<typeof facilityList>>('GET', '/api/v1/facilities', {
        query: { includeInactive: true },
        signal,
      });
      return list.items;
    },
    staleTime: 60_000,
  });
}

export function useSaveFacility() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      vars:
        | { kind: 'create'; body: CreateFacilityBody }
        | { kind: 'update'; id: string; version: number; body: UpdateFacilityBody },
    ) =>
      vars.kind === 'create'
        ? api<Facility>('POST', '/api/v1/facilities', { body: vars.body })
        : api<Facility>('PATCH', `/api/v1/facilities/${vars.id}`, {
            body: vars.body,
            headers: ifMatch(vars.version),
          }),
    // A stale version means the list is stale too: reload it so a retry uses the new one.
    onSettled: (_data, error) =>
      error && !isVersionMismatch(error)
        ? undefined
        : queryClient.invalidateQueries({ queryKey: orgKeys.facilities }),
  });
}

export function useDepartments(facilityId: string | null) {
  return useQuery({
    queryKey: orgKeys.departments(facilityId ?? ''),
    queryFn: async ({ signal }) => {
      const list = await api<z.infer<typeof departmentList>>(
        'GET',
        `/api/v1/facilities/${facilityId}/departments`,
        { query: { includeInactive: true }, signal },
      );
      return list.items;
    },
    enabled: !!facilityId,
  });
}

export function useSaveDepartment(facilityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      vars:
        | { kind: 'create'; body: CreateDepartmentBody }
        | { kind: 'update'; id: string; version: number; body: UpdateDepartmentBody },
    ) =>
      vars.kind === 'create'
        ? api<Department>('POST', `/api/v1/facilities/${facilityId}/departments`, {
            body: vars.body,
          })
        : api<Department>('PATCH', `/api/v1/departments/${vars.id}`, {
            body: vars.body,
            headers: ifMatch(vars.version),
          }),
    onSettled: (_data, error) =>
      error && !isVersionMismatch(error)
        ? undefined
        : queryClient.invalidateQueries({ queryKey: orgKeys.departments(facilityId) }),
  });
}
