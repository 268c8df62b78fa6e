import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  EncounterDetail,
  EncounterDiagnosisRank,
  EncounterEntries,
  EncounterTimelineItem,
  Icd10cmSearchResult,
  createEncounterInput,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch, useCursorList } from '../../admin/paging';

export const encounterKeys = {
  all: ['encounters'] as const,
  timeline: (patientId: string) => ['encounters', 'timeline', patientId] as const,
  one: (id: string) => ['encounters', 'one', id] as const,
  entries: (id: string) => ['encounters', 'entries', id] as const,
  codes: (q: string) => ['encounters', 'icd10cm', q] as const,
};

/** The patient's encounters, newest first, 20 a page ("Load more" asks for the next). */
export function useEncounterTimeline(patientId: string) {
  return useCursorList<EncounterTimelineItem>(
    encounterKeys.timeline(patientId),
    `/api/v1/patients/${patientId}/encounters`,
    { limit: 20 },
  );
}

export function useEncounter(id: string | null) {
  return useQuery({
    queryKey: encounterKeys.one(id ?? ''),
    queryFn: ({ signal }) => api<EncounterDetail>('GET', `/api/v1/encounters/${id}`, { signal }),
    enabled: id !== null,
  });
}

/** What was recorded during the encounter, loaded on its own beside the encounter. */
export function useEncounterEntries(id: string | null) {
  return useQuery({
    queryKey: encounterKeys.entries(id ?? ''),
    queryFn: ({ signal }) =>
      api<EncounterEntries>('GET', `/api/v1/encounters/${id}/entries`, { signal }),
    enabled: id !== null,
  });
}

/** ICD-10-CM codes by code prefix or words (the problems area's search route). */
export function useIcd10cmSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: encounterKeys.codes(text),
    queryFn: ({ signal }) =>
      api<Icd10cmSearchResult>('GET', '/api/v1/codes/icd10cm', {
        query: { q: text, limit: 15 },
        signal,
      }),
    enabled: text.length >= 2,
    staleTime: 5 * 60_000,
  });
}

/** Every change refreshes the timeline and the encounter; the answer is the new encounter. */
function useEncounterMutation<V>(fn: (vars: V) => Promise<EncounterDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      queryClient.setQueryData(encounterKeys.one(detail.id), detail);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: encounterKeys.all }),
  });
}

export function useStartEncounter() {
  return useEncounterMutation(
    (vars: { body: z.input<typeof createEncounterInput>; idempotencyKey: string }) =>
      api<EncounterDetail>('POST', '/api/v1/encounters', {
        body: vars.body,
        headers: { 'Idempotency-Key': vars.idempotencyKey },
      }),
  );
}

export function useFinishEncounter() {
  return useEncounterMutation((e: { id: string; version: number }) =>
    api<EncounterDetail>('POST', `/api/v1/encounters/${e.id}/finish`, {
      body: {},
      headers: ifMatch(e.version),
    }),
  );
}

export function useAddDiagnosis(encounterId: string) {
  return useEncounterMutation((body: { code: string; rank: EncounterDiagnosisRank }) =>
    api<EncounterDetail>('POST', `/api/v1/encounters/${encounterId}/diagnoses`, { body }),
  );
}

export function useOrderDiagnoses(encounterId: string) {
  return useEncounterMutation((body: { principalId: string | null; secondaryIds: string[] }) =>
    api<EncounterDetail>('PUT', `/api/v1/encounters/${encounterId}/diagnoses/order`, { body }),
  );
}

export function useRemoveDiagnosis(encounterId: string) {
  return useEncounterMutation((vars: { diagnosisId: string; reason: string }) =>
    api<EncounterDetail>(
      'POST',
      `/api/v1/encounters/${encounterId}/diagnoses/${vars.diagnosisId}/entered-in-error`,
      { body: { reason: vars.reason } },
    ),
  );
}
