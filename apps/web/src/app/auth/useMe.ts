import { useCallback } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '@meridian/contracts';
import { ApiError } from '../api';
import { authApi, meFromResponse } from './auth.api';

export const meQueryKey = ['auth', 'me'] as const;

/** GET me; a 401 is not an error here but the answer "nobody is signed in" (null). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await authApi.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const meQueryOptions = {
  queryKey: meQueryKey,
  queryFn: fetchMe,
  // Fetching me touches the session; do not do it more often than a user acts.
  staleTime: 60_000,
  retry: (failures: number, err: unknown) =>
    !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
};

/** The signed-in user and session; `me` is null when nobody is signed in. */
export function useMe() {
  const query = useQuery(meQueryOptions);
  return { ...query, me: query.data ?? null };
}

/** The signed-in user, for components that only render inside the authenticated layout. */
export function useSignedInMe(): Me {
  const { me } = useMe();
  if (!me) throw new Error('useSignedInMe used outside the authenticated layout');
  return me;
}

/** Whether the signed-in user holds a permission (false when signed out). */
export function useCan(): (permission: Permission | undefined) => boolean {
  const { me } = useMe();
  const granted = me?.permissions;
  return useCallback(
    (permission: Permission | undefined) =>
      permission === undefined || (granted?.includes(permission) ?? false),
    [granted],
  );
}

/**
 * After a call that changed the session (login, TOTP, password, facility): use the `me` the
 * server answered, or fetch it. Returns the fresh `me`.
 */
export async function refreshMe(queryClient: QueryClient, responseBody?: unknown) {
  const fromBody = meFromResponse(responseBody);
  if (fromBody) {
    queryClient.setQueryData(meQueryKey, fromBody);
    return fromBody;
  }
  return queryClient.fetchQuery({ ...meQueryOptions, staleTime: 0 });
}

export function useRefreshMe() {
  const queryClient = useQueryClient();
  return useCallback(
    (responseBody?: unknown) => refreshMe(queryClient, responseBody),
    [queryClient],
  );
}
