import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  Immunization,
  ImmunizationInput,
  ImmunizationPage,
  Procedure,
  ProcedureInput,
  ProcedurePage,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';

export type RecordKind = 'immunizations' | 'procedures';

export const recordKeys = {
  all: ['immunizations'] as const,
  list: (kind: RecordKind, patientId: string) => ['immunizations', kind, patientId] as const,
};

function usePagedList<P extends { nextCursor: string | null }>(
  kind: RecordKind,
  patientId: string,
) {
  return useInfiniteQuery({
    queryKey: recordKeys.list(kind, patientId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<P>('GET', `/api/v1/patients/${patientId}/${kind}`, {
        query: { limit: 50, cursor: pageParam, includeEnteredInError: true },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export const useImmunizations = (patientId: string) =>
  usePagedList<ImmunizationPage>('immunizations', patientId);
export const useProcedures = (patientId: string) =>
  usePagedList<ProcedurePage>('procedures', patientId);

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: recordKeys.all });
}

export function useRecordImmunization(patientId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ImmunizationInput) =>
      api<Immunization>('POST', `/api/v1/patients/${patientId}/immunizations`, { body }),
    onSettled: invalidate,
  });
}

export function useRecordProcedure(patientId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ProcedureInput) =>
      api<Procedure>('POST', `/api/v1/patients/${patientId}/procedures`, { body }),
    onSettled: invalidate,
  });
}

/** Entered in error (If-Match: the version the user saw), for either kind. */
export function useRecordError() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (vars: { kind: RecordKind; id: string; version: number; reason: string }) =>
      api<unknown>('POST', `/api/v1/${vars.kind}/${vars.id}/entered-in-error`, {
        body: { reason: vars.reason },
        headers: ifMatch(vars.version),
      }),
    onSettled: invalidate,
  });
}
