import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AppointmentTransition,
  todayEntry,
  todayList,
  todayListQuery,
} from '@meridian/contracts';
import { api, serverNow } from '../../../app/api';
import {
  appointmentKeys,
  useCancelAppointment,
  useTransitionAppointment,
} from '../appointments.api';

export type TodayList = z.infer<typeof todayList>;
export type TodayEntry = z.infer<typeof todayEntry>;
export type TodayQuery = z.input<typeof todayListQuery>;

/** The list refetches this often, so check-ins at another desk show up without a reload. */
export const todayRefetchMs = 30_000;

// Under 'appointments', so every appointment write (calendar, patient tab) refreshes it.
export const todayKeys = {
  all: appointmentKeys.scoped('today'),
  list: (query: TodayQuery | null) => appointmentKeys.scoped('today', query),
};

export function useTodayList(query: TodayQuery | null) {
  return useQuery({
    queryKey: todayKeys.list(query),
    queryFn: ({ signal }) =>
      api<TodayList>('GET', '/api/v1/appointments/today', { query: { ...query }, signal }),
    enabled: query !== null,
    refetchInterval: todayRefetchMs,
    retry: false,
  });
}

/** What a transition stamps, so the row can move at once while the server answers. */
const stampOf: Record<
  AppointmentTransition,
  {
    status: TodayEntry['status'];
    at: 'confirmedAt' | 'arrivedAt' | 'inRoomAt' | 'completedAt' | 'noShowAt';
  }
> = {
  confirm: { status: 'confirmed', at: 'confirmedAt' },
  arrive: { status: 'arrived', at: 'arrivedAt' },
  room: { status: 'in_room', at: 'inRoomAt' },
  complete: { status: 'completed', at: 'completedAt' },
  no_show: { status: 'no_show', at: 'noShowAt' },
};

export type RowChange =
  { kind: 'transition'; action: AppointmentTransition } | { kind: 'cancel'; reason: string };

/** The row as it will look once the change is accepted (the server's answer replaces it). */
export function applyChange(entry: TodayEntry, change: RowChange, nowIso: string): TodayEntry {
  if (change.kind === 'cancel') {
    return { ...entry, status: 'cancelled', cancelledAt: nowIso, cancelReason: change.reason };
  }
  const { status, at } = stampOf[change.action];
  return { ...entry, status, [at]: nowIso, waitingMinutes: status === 'arrived' ? 0 : null };
}

/**
 * Moves one appointment along the visit flow (or cancels it) at the version the row showed
 * (If-Match). The row changes at once; a refusal (409 invalid transition, 412 stale version)
 * puts it back, and the lists are fetched again either way (the shared hooks do that).
 */
export function useChangeAppointment(query: TodayQuery | null) {
  const queryClient = useQueryClient();
  const transition = useTransitionAppointment();
  const cancel = useCancelAppointment();
  const key = todayKeys.list(query);
  return useMutation({
    mutationFn: ({ entry, change }: { entry: TodayEntry; change: RowChange }) =>
      change.kind === 'cancel'
        ? cancel.mutateAsync({ id: entry.id, version: entry.version, reason: change.reason })
        : transition.mutateAsync({ id: entry.id, version: entry.version, action: change.action }),
    onMutate: async ({ entry, change }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<TodayList>(key);
      if (before) {
        const now = new Date(serverNow()).toISOString();
        queryClient.setQueryData<TodayList>(key, {
          ...before,
          items: before.items.map((e) => (e.id === entry.id ? applyChange(e, change, now) : e)),
        });
      }
      return { before };
    },
    onError: (_error, _vars, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
  });
}
