import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LinkView } from '@meridian/contracts';
import { api } from '../../../app/api';

export type LinkAction = LinkView['actions'][number];

export const linkKeys = {
  view: (token: string) => ['links', token] as const,
};

/** What the patient's signed link shows: the appointment or offered slot, and what they may do. */
export function useLinkView(token: string) {
  return useQuery({
    queryKey: linkKeys.view(token),
    queryFn: ({ signal }) =>
      api<LinkView>('GET', `/api/v1/links/${encodeURIComponent(token)}`, { signal }),
    retry: false,
    // A patient leaves the page open on a phone: no background refetches to surprise them.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

/** Confirm or cancel (a reminder), accept or decline (a waitlist offer); answers the new view. */
export function useLinkAction(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: LinkAction) =>
      api<LinkView>('POST', `/api/v1/links/${encodeURIComponent(token)}`, { body: { action } }),
    onSuccess: (view) => queryClient.setQueryData(linkKeys.view(token), view),
  });
}
