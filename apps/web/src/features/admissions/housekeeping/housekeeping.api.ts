import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { housekeepingList } from '@meridian/contracts';
import { api } from '../../../app/api';
import { admissionKeys } from '../admissions.keys';

export type HousekeepingList = z.infer<typeof housekeepingList>;

/** A fallback for a dropped event stream: the list is fetched again this often. */
export const housekeepingRefetchMs = 60_000;

export function useHousekeepingList(facilityId: string | null) {
  return useQuery({
    queryKey: admissionKeys.housekeeping(facilityId ?? ''),
    queryFn: ({ signal }) =>
      api<HousekeepingList>('GET', '/api/v1/bed-board/housekeeping', {
        query: { facilityId },
        signal,
      }),
    enabled: facilityId !== null,
    refetchInterval: housekeepingRefetchMs,
  });
}
