import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Bed,
  BedBatchInput,
  Room,
  Ward,
  WardDetail,
  WardInput,
  bedPatch,
  roomInput,
  roomPatch,
  wardPatch,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';
import { admissionKeys } from '../admissions.keys';

export type WardPatch = z.input<typeof wardPatch>;
export type RoomInput = z.input<typeof roomInput>;
export type RoomPatch = z.input<typeof roomPatch>;
export type BedPatch = z.input<typeof bedPatch>;

/** Under admissionKeys.all: a change here refreshes the board and the census as well. */
export const wardKeys = {
  list: (facilityId: string) => [...admissionKeys.all, 'wards', facilityId] as const,
  detail: (wardId: string) => [...admissionKeys.all, 'ward', wardId] as const,
};

/** The wards of a facility, inactive ones too (administrators bring them back). */
export function useWards(facilityId: string | null) {
  return useQuery({
    queryKey: wardKeys.list(facilityId ?? ''),
    queryFn: async ({ signal }) =>
      (
        await api<{ items: Ward[] }>('GET', '/api/v1/wards', {
          query: { facilityId: facilityId ?? '', includeInactive: true },
          signal,
        })
      ).items,
    enabled: facilityId !== null,
  });
}

/** One ward with its rooms and beds. */
export function useWardDetail(wardId: string | null) {
  return useQuery({
    queryKey: wardKeys.detail(wardId ?? ''),
    queryFn: ({ signal }) => api<WardDetail>('GET', `/api/v1/wards/${wardId}`, { signal }),
    enabled: wardId !== null,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: admissionKeys.all });
}

/** A write of the setup; every list is reloaded after it, refused or not (stale versions). */
function useWrite<V, T>(run: (vars: V) => Promise<T>) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: run, onSettled: () => refresh() });
}

export type WardSave =
  | { kind: 'create'; body: WardInput }
  | { kind: 'update'; id: string; version: number; body: WardPatch };

export function useSaveWard() {
  return useWrite((vars: WardSave) =>
    vars.kind === 'create'
      ? api<WardDetail>('POST', '/api/v1/wards', { body: vars.body })
      : api<WardDetail>('PATCH', `/api/v1/wards/${vars.id}`, {
          body: vars.body,
          headers: ifMatch(vars.version),
        }),
  );
}

export type RoomSave =
  | { kind: 'create'; wardId: string; body: RoomInput }
  | { kind: 'update'; id: string; version: number; body: RoomPatch };

export function useSaveRoom() {
  return useWrite((vars: RoomSave) =>
    vars.kind === 'create'
      ? api<Room>('POST', `/api/v1/wards/${vars.wardId}/rooms`, { body: vars.body })
      : api<Room>('PATCH', `/api/v1/rooms/${vars.id}`, {
          body: vars.body,
          headers: ifMatch(vars.version),
        }),
  );
}

/** Several beds of a room at once, all or none. */
export function useAddBeds() {
  return useWrite((vars: { roomId: string; body: BedBatchInput }) =>
    api<{ items: Bed[] }>('POST', `/api/v1/rooms/${vars.roomId}/beds/batch`, { body: vars.body }),
  );
}

export function useSaveBed() {
  return useWrite((vars: { id: string; version: number; body: BedPatch }) =>
    api<Bed>('PATCH', `/api/v1/beds/${vars.id}`, {
      body: vars.body,
      headers: ifMatch(vars.version),
    }),
  );
}
