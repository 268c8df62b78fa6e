import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WaitlistEntry, WaitlistEntryInput, WaitlistStatus } from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';

/** Which entries to list; no status = the open ones (waiting and offered). */
export interface WaitlistFilter {
  facilityId: string;
  status?: WaitlistStatus;
}

export const waitlistKeys = {
  all: ['waitlist'] as const,
  list: (filter: WaitlistFilter) => [...waitlistKeys.all, 'list', filter] as const,
};

export function useWaitlist(filter: WaitlistFilter | null) {
  return useQuery({
    queryKey: waitlistKeys.list(filter ?? { facilityId: '' }),
    queryFn: async ({ signal }) =>
      (
        await api<{ items: WaitlistEntry[] }>('GET', '/api/v1/waitlist', {
          query: { ...filter },
          signal,
        })
      ).items,
    enabled: filter !== null,
    placeholderData: keepPreviousData,
  });
}

export function useAddToWaitlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WaitlistEntryInput) =>
      api<WaitlistEntry>('POST', '/api/v1/waitlist', { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: waitlistKeys.all }),
  });
}

/** Takes an entry off the list at the version it was shown at (If-Match). */
export function useCancelWaitlistEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entry: Pick<WaitlistEntry, 'id' | 'version'>) =>
      api<WaitlistEntry>('POST', `/api/v1/waitlist/${entry.id}/cancel`, {
        headers: ifMatch(entry.version),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: waitlistKeys.all }),
  });
}
