import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Icd10cmSearchResult,
  PatientProblem,
  ProblemErrorInput,
  ProblemHistory,
  ProblemInput,
  ProblemPage,
  ProblemPatch,
  ProblemResolveInput,
  ProblemWriteAnswer,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';

export const problemKeys = {
  all: ['problems'] as const,
  patient: (patientId: string) => ['problems', 'patient', patientId] as const,
  history: (id: string) => ['problems', 'history', id] as const,
  icd10Search: (q: string) => ['icd10cm', 'search', q] as const,
};

/** A patient's problems (entered-in-error ones too, for the record), pages of 100. */
export function usePatientProblems(patientId: string) {
  return useInfiniteQuery({
    queryKey: problemKeys.patient(patientId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<ProblemPage>('GET', `/api/v1/patients/${patientId}/problems`, {
        query: { limit: 100, cursor: pageParam, includeEnteredInError: true },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useProblemHistory(id: string | null) {
  return useQuery({
    queryKey: problemKeys.history(id ?? ''),
    queryFn: ({ signal }) =>
      api<ProblemHistory>('GET', `/api/v1/problems/${id}/history`, { signal }),
    enabled: id !== null,
  });
}

/** ICD-10-CM type-ahead: code prefix or words, typo-tolerant (GET /api/v1/codes/icd10cm). */
export function useIcd10Search(q: string, limit = 15) {
  const trimmed = q.trim();
  return useQuery({
    queryKey: [...problemKeys.icd10Search(trimmed), limit],
    queryFn: ({ signal }) =>
      api<Icd10cmSearchResult>('GET', '/api/v1/codes/icd10cm', {
        query: { q: trimmed, limit },
        signal,
      }),
    enabled: trimmed.length >= 2,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Any problem change refreshes the lists and histories (a chart summary reads them too). */
function useInvalidateProblems() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: problemKeys.all });
}

export function useAddProblem(patientId: string) {
  const invalidate = useInvalidateProblems();
  return useMutation({
    mutationFn: (body: ProblemInput) =>
      api<ProblemWriteAnswer>('POST', `/api/v1/patients/${patientId}/problems`, { body }),
    onSettled: invalidate,
  });
}

/** The steps on one problem, each with If-Match: the version the user saw. */
export type ProblemStep =
  | { kind: 'update'; body: ProblemPatch }
  | { kind: 'resolve'; body: ProblemResolveInput }
  | { kind: 'entered-in-error'; body: ProblemErrorInput };

export function useProblemStep() {
  const invalidate = useInvalidateProblems();
  return useMutation({
    mutationFn: (vars: { problem: Pick<PatientProblem, 'id' | 'version'>; step: ProblemStep }) => {
      const { problem, step } = vars;
      const url =
        step.kind === 'update'
          ? `/api/v1/problems/${problem.id}`
          : `/api/v1/problems/${problem.id}/${step.kind}`;
      return api<ProblemWriteAnswer>(step.kind === 'update' ? 'PATCH' : 'POST', url, {
        body: step.body,
        headers: ifMatch(problem.version),
      });
    },
    onSettled: invalidate,
  });
}
