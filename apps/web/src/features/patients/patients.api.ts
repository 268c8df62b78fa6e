import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  BreakGlassGrant,
  CreatePatientInput,
  HistoryEntry,
  MatchPatientInput,
  MatchResult,
  Patient,
  PatientSearchQuery,
  PatientSummary,
  PractitionerList,
  UpdatePatientInput,
} from '@meridian/contracts';
import { api } from '../../app/api';
import { ifMatch, useCursorList, type Page } from '../admin/paging';

/** The search filters the page sends; every one optional. */
export type PatientFilters = Partial<
  Pick<PatientSearchQuery, 'q' | 'sex' | 'ageMin' | 'ageMax' | 'facilityId'>
> & { active?: boolean };

export const patientKeys = {
  all: ['patients'] as const,
  search: (filters: PatientFilters) => [...patientKeys.all, 'search', filters] as const,
  match: (input: MatchPatientInput) => [...patientKeys.all, 'match', input] as const,
  detail: (id: string) => [...patientKeys.all, 'detail', id] as const,
  history: (id: string) => [...patientKeys.all, 'history', id] as const,
  ssn: (id: string) => [...patientKeys.all, 'ssn', id] as const,
  practitioners: ['practitioners'] as const,
};

/** Who may be a primary care practitioner; changes rarely, so kept a few minutes. */
export function usePractitioners() {
  return useQuery({
    queryKey: patientKeys.practitioners,
    queryFn: async ({ signal }) =>
      (await api<PractitionerList>('GET', '/api/v1/practitioners', { signal })).items,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Ranked search hits, a page at a time; disabled until there is something to search for. */
export function usePatientSearch(filters: PatientFilters, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: patientKeys.search(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<PatientSummary>>('GET', '/api/v1/patients', {
        query: { ...filters, limit: 25, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Rows stay in view while the next keystroke's results load.
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
}

/** The live duplicate check; `input` null means "not enough typed yet". */
export function usePatientMatch(input: MatchPatientInput | null) {
  return useQuery({
    queryKey: patientKeys.match(input ?? {}),
    queryFn: ({ signal }) =>
      api<MatchResult>('POST', '/api/v1/patients/match', { body: input, signal }),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

export function usePatient(id: string) {
  return useQuery({
    queryKey: patientKeys.detail(id),
    queryFn: ({ signal }) => api<Patient>('GET', `/api/v1/patients/${id}`, { signal }),
    retry: false,
  });
}

export function usePatientHistory(id: string) {
  return useCursorList<HistoryEntry>(patientKeys.history(id), `/api/v1/patients/${id}/history`, {
    limit: 20,
  });
}

/** The full SSN, fetched only when staff press "Reveal" (the read is audited). */
export function useRevealSsn(id: string, enabled: boolean) {
  return useQuery({
    queryKey: patientKeys.ssn(id),
    queryFn: ({ signal }) => api<{ ssn: string }>('GET', `/api/v1/patients/${id}/ssn`, { signal }),
    enabled,
    retry: false,
    // Forget the number as soon as nobody shows it.
    gcTime: 0,
    staleTime: 0,
  });
}

export function useCreatePatient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePatientInput) => api<Patient>('POST', '/api/v1/patients', { body }),
    onSuccess: (created) => {
      queryClient.setQueryData(patientKeys.detail(created.id), created);
      return queryClient.invalidateQueries({ queryKey: [...patientKeys.all, 'search'] });
    },
  });
}

/** Saves the whole record at the version the form was filled from (If-Match); 412 if stale. */
export function useUpdatePatient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { version: number; body: UpdatePatientInput }) =>
      api<Patient>('PUT', `/api/v1/patients/${id}`, {
        body: vars.body,
        headers: ifMatch(vars.version),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(patientKeys.detail(id), saved);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: patientKeys.history(id) }),
        queryClient.invalidateQueries({ queryKey: [...patientKeys.all, 'search'] }),
      ]);
    },
  });
}

/** Break the glass on a restricted record; afterwards the record (and search) show it. */
export function useBreakGlass() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { patientId: string; reason: string }) =>
      api<BreakGlassGrant>('POST', '/api/v1/access/break-glass', { body }),
    onSuccess: (_grant, body) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: patientKeys.detail(body.patientId) }),
        queryClient.invalidateQueries({ queryKey: [...patientKeys.all, 'search'] }),
      ]),
  });
}
