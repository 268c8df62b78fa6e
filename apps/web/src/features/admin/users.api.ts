import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Role, User, createUserBody, updateUserBody, userPage } from '@meridian/contracts';
import { api } from '../../app/api';
import { ifMatch, useCursorList } from './paging';

export type CreateUserBody = z.output<typeof createUserBody>;
export type UpdateUserBody = z.output<typeof updateUserBody>;
type UserPage = z.infer<typeof userPage>;

export interface UserFilters {
  q?: string;
  role?: Role;
  status?: User['status'];
  facilityId?: string;
}

export const userKeys = {
  all: ['admin', 'users'] as const,
  list: (filters: UserFilters) => [...userKeys.all, 'list', filters] as const,
  search: (q: string) => [...userKeys.all, 'search', q] as const,
  detail: (id: string) => [...userKeys.all, 'detail', id] as const,
};

export function useUsers(filters: UserFilters) {
  return useCursorList<User>(userKeys.list(filters), '/api/v1/users', { ...filters, limit: 50 });
}

/** A short list of users matching `q`, for pickers. */
export function useUserSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: userKeys.search(q),
    queryFn: ({ signal }) =>
      api<UserPage>('GET', '/api/v1/users', { query: { q, limit: 20 }, signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: userKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api<User>('GET', `/api/v1/users/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api<User>('POST', '/api/v1/users', { body }),
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.detail(user.id), user);
      return queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
}

/** Updates a user at the version the form was filled from (If-Match); 412 when stale. */
export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { version: number; body: UpdateUserBody }) =>
      api<User>('PATCH', `/api/v1/users/${id}`, {
        body: vars.body,
        headers: ifMatch(vars.version),
      }),
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.detail(id), user);
      return queryClient.invalidateQueries({ queryKey: [...userKeys.all, 'list'] });
    },
  });
}

/** POSTs an admin action on one user, then reloads that user (status, lockout, MFA). */
function useUserAction<V>(id: string, action: 'password-reset' | 'mfa-reset') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: V) => api<unknown>('POST', `/api/v1/users/${id}/${action}`, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useResetPassword(id: string) {
  return useUserAction<{ newPassword: string }>(id, 'password-reset');
}

export function useResetMfa(id: string) {
  return useUserAction<undefined>(id, 'mfa-reset');
}

/** Whether sign-in is locked right now after failed attempts (the lock ends by itself). */
export function isLocked(user: Pick<User, 'lockedUntil'>): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > Date.now();
}
