import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  MergePatientsInput,
  mergePreview,
  mergeResult,
  patientSearchPage,
} from '@meridian/contracts';
import { api } from '../../app/api';

export type MergePreview = z.infer<typeof mergePreview>;
export type MergeResult = z.infer<typeof mergeResult>;
type PatientSearchPage = z.infer<typeof patientSearchPage>;

export const mergeKeys = {
  search: (q: string) => ['merge', 'patient-search', q] as const,
  preview: (survivorId: string, duplicateId: string) =>
    ['merge', 'preview', survivorId, duplicateId] as const,
};

/** Searches need a few characters: one letter would list half the index. */
export const minSearchLength = 2;

/** A short list of patients matching `q`, for the pickers. */
export function usePatientSearch(q: string) {
  return useQuery({
    queryKey: mergeKeys.search(q),
    queryFn: ({ signal }) =>
      api<PatientSearchPage>('GET', '/api/v1/patients', { query: { q, limit: 10 }, signal }),
    enabled: q.length >= minSearchLength,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/**
 * What merging `duplicateId` into `survivorId` would do. It is a read (POST only to carry
 * the pair), always fetched fresh: its versions are the ones the merge is sent with.
 */
export function useMergePreview(survivorId: string | null, duplicateId: string | null) {
  return useQuery({
    queryKey: mergeKeys.preview(survivorId ?? '', duplicateId ?? ''),
    queryFn: ({ signal }) =>
      api<MergePreview>('POST', '/api/v1/patients/merge/preview', {
        body: { survivorId, duplicateId },
        signal,
      }),
    enabled: !!survivorId && !!duplicateId && survivorId !== duplicateId,
    staleTime: 0,
  });
}

export function useMergePatients() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MergePatientsInput) =>
      api<MergeResult>('POST', '/api/v1/patients/merge', { body }),
    // The retired record must not be offered again; the page replaces the preview itself.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['merge', 'patient-search'] }),
  });
}
