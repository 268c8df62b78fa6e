import { useQuery } from '@tanstack/react-query';
import type { CensusFigures, CurrentCensus } from '@meridian/contracts';
import { api } from '../../../app/api';
import { admissionKeys } from '../admissions.keys';

/** Census changes with every admission and discharge; the board's changes refresh it too. */
export function useCurrentCensus(facilityId: string) {
  return useQuery({
    queryKey: admissionKeys.census(facilityId),
    queryFn: ({ signal }) =>
      api<CurrentCensus>('GET', '/api/v1/census', { query: { facilityId }, signal }),
    refetchInterval: 60_000,
  });
}

/** Figures per local day over [from, to] (facility dates, inclusive). */
export function useCensusFigures(facilityId: string, from: string, to: string) {
  return useQuery({
    queryKey: admissionKeys.figures(facilityId, from, to),
    queryFn: ({ signal }) =>
      api<CensusFigures>('GET', '/api/v1/census/figures', {
        query: { facilityId, from, to },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}
