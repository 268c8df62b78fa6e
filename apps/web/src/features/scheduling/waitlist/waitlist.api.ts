import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { WaitlistEntry, WaitlistEntryInput, WaitlistStatus } from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch, useCursorList } from '../../admin/paging';

/** Which entries to list; no status = the open ones (waiting and offered). */
export interface WaitlistFilter {
  facilityId: string;
  status?: WaitlistStatus;
}

export const waitlistKeys = {
  all: ['waitlist'] as const,
  list: (filter: WaitlistFilter) => [...waitlistKeys.all, 'list', filter] as const,
};

/** Entries this many at a time, first come first served; "Load more" asks for the next. */
export const waitlistPageSize = 50;

/** The waitlist of a facility, page by page (the server's cursor). */
export function useWaitlist(filter: WaitlistFilter) {
  return useCursorList<WaitlistEntry>(waitlistKeys.list(filter), '/api/v1/waitlist', {
    ...filter,
    limit: waitlistPageSize,
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
