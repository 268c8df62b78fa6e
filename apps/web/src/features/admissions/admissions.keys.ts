import type { BoardQuery } from '@meridian/contracts';

/**
 * TanStack Query keys of admissions and beds. Everything sits under `admissions`, so a
 * change anywhere (admit, transfer, discharge, a bed cleaned) refreshes the board, the
 * census, the housekeeping list and the stays at once with one invalidation of `all`.
 */
export const admissionKeys = {
  all: ['admissions'] as const,
  boards: ['admissions', 'board'] as const,
  board: (query: BoardQuery) => [...admissionKeys.boards, query] as const,
  census: (facilityId: string) => [...admissionKeys.all, 'census', facilityId] as const,
  figures: (facilityId: string, from: string, to: string) =>
    [...admissionKeys.all, 'census-figures', facilityId, from, to] as const,
  housekeeping: (facilityId: string) => [...admissionKeys.all, 'housekeeping', facilityId] as const,
  stays: ['admissions', 'stays'] as const,
  stay: (stayId: string) => [...admissionKeys.stays, 'detail', stayId] as const,
  patientStays: (patientId: string) => [...admissionKeys.stays, 'patient', patientId] as const,
};
