import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OutboxMessage, OutboxMessageDetail } from '@meridian/contracts';
import { api } from '../../app/api';
import { useCursorList } from './paging';

export interface MessageFilters {
  channel?: OutboxMessage['channel'];
  status?: OutboxMessage['status'];
  /** The whole address or number, any case. */
  recipient?: string;
}

const messageKeys = {
  all: ['admin', 'messages'] as const,
  list: (filters: MessageFilters) => [...messageKeys.all, 'list', filters] as const,
  detail: (id: string) => [...messageKeys.all, 'detail', id] as const,
};

export function useMessages(filters: MessageFilters) {
  return useCursorList<OutboxMessage>(messageKeys.list(filters), '/api/v1/messages', {
    ...filters,
    limit: 50,
  });
}

export function useMessage(id: string | null) {
  return useQuery({
    queryKey: messageKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api<OutboxMessageDetail>('GET', `/api/v1/messages/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useRetryMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<unknown>('POST', `/api/v1/messages/${id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messageKeys.all }),
  });
}
