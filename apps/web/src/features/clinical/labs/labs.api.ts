import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  LabAmendInput,
  LabCatalogueItem,
  LabCollectInput,
  LabCriticalAlert,
  LabCumulative,
  LabOrder,
  LabOrderInput,
  LabResult,
  LabResultHistory,
  LabResultsInput,
  LabSeries,
  LabWorklistItem,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch, useCursorList } from '../../admin/paging';

type Page<T> = { items: T[]; nextCursor: string | null };

export const labKeys = {
  all: ['labs'] as const,
  catalogue: (q: string) => ['labs', 'catalogue', q] as const,
  orders: (patientId: string) => ['labs', 'orders', patientId] as const,
  critical: (scope: Record<string, string | undefined>) => ['labs', 'critical', scope] as const,
  worklist: (facilityId: string, stage: string) => ['labs', 'worklist', facilityId, stage] as const,
  cumulative: (patientId: string, cursor: string | null) =>
    ['labs', 'cumulative', patientId, cursor] as const,
  series: (patientId: string, code: string) => ['labs', 'series', patientId, code] as const,
  history: (resultId: string) => ['labs', 'history', resultId] as const,
};

export function useLabCatalogue(q: string) {
  return useQuery({
    queryKey: labKeys.catalogue(q),
    queryFn: ({ signal }) =>
      api<{ items: LabCatalogueItem[] }>('GET', '/api/v1/lab-tests', {
        query: { q, limit: 20 },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}

/** The patient's lab orders, newest first, 20 a page ("Load more" asks for the next). */
export function usePatientLabOrders(patientId: string) {
  return useCursorList<LabOrder>(labKeys.orders(patientId), '/api/v1/lab-orders', {
    patientId,
    limit: 20,
  });
}

export function useCriticalAlerts(scope: { patientId?: string; facilityId?: string }) {
  return useQuery({
    queryKey: labKeys.critical(scope),
    queryFn: ({ signal }) =>
      api<Page<LabCriticalAlert>>('GET', '/api/v1/lab-critical-alerts', {
        query: { ...scope, limit: 50 },
        signal,
      }),
    refetchInterval: 60_000,
  });
}

export function useLabWorklist(facilityId: string, stage: 'collection' | 'results' | 'all') {
  return useQuery({
    queryKey: labKeys.worklist(facilityId, stage),
    queryFn: ({ signal }) =>
      api<Page<LabWorklistItem>>('GET', '/api/v1/lab-worklist', {
        query: { facilityId, stage, limit: 100 },
        signal,
      }),
    refetchInterval: 60_000,
  });
}

export function useLabCumulative(patientId: string, cursor: string | null) {
  return useQuery({
    queryKey: labKeys.cumulative(patientId, cursor),
    queryFn: ({ signal }) =>
      api<LabCumulative>('GET', `/api/v1/patients/${patientId}/lab-results/cumulative`, {
        query: { limit: 8, cursor },
        signal,
      }),
  });
}

export function useLabSeries(patientId: string, code: string | null) {
  return useQuery({
    queryKey: labKeys.series(patientId, code ?? ''),
    queryFn: ({ signal }) =>
      api<LabSeries>('GET', `/api/v1/patients/${patientId}/lab-results/series`, {
        query: { code, limit: 100 },
        signal,
      }),
    enabled: code !== null,
  });
}

export function useResultHistory(resultId: string | null) {
  return useQuery({
    queryKey: labKeys.history(resultId ?? ''),
    queryFn: ({ signal }) =>
      api<LabResultHistory>('GET', `/api/v1/lab-results/${resultId}/history`, { signal }),
    enabled: resultId !== null,
  });
}

function useInvalidateLabs() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: labKeys.all });
}

/** POST /api/v1/lab-orders with one Idempotency-Key per submit of the same body. */
export function usePlaceLabOrder() {
  const invalidate = useInvalidateLabs();
  return useMutation({
    mutationFn: (vars: { body: LabOrderInput; idempotencyKey: string }) =>
      api<LabOrder>('POST', '/api/v1/lab-orders', {
        body: vars.body,
        headers: { 'Idempotency-Key': vars.idempotencyKey },
      }),
    onSettled: invalidate,
  });
}

type OrderRef = Pick<LabOrder, 'id' | 'version'>;

export function useCollectSpecimen() {
  const invalidate = useInvalidateLabs();
  return useMutation({
    mutationFn: (vars: { order: OrderRef; body: LabCollectInput }) =>
      api<LabOrder>('POST', `/api/v1/lab-orders/${vars.order.id}/collect`, {
        body: vars.body,
        headers: ifMatch(vars.order.version),
      }),
    onSettled: invalidate,
  });
}

export function useCancelLabOrder() {
  const invalidate = useInvalidateLabs();
  return useMutation({
    mutationFn: (vars: { order: OrderRef; reason: string }) =>
      api<LabOrder>('POST', `/api/v1/lab-orders/${vars.order.id}/cancel`, {
        body: { reason: vars.reason },
        headers: ifMatch(vars.order.version),
      }),
    onSettled: invalidate,
  });
}

export function useEnterResults() {
  const invalidate = useInvalidateLabs();
  return useMutation({
    mutationFn: (vars: { order: OrderRef; body: LabResultsInput }) =>
      api<LabOrder>('POST', `/api/v1/lab-orders/${vars.order.id}/results`, {
        body: vars.body,
        headers: ifMatch(vars.order.version),
      }),
    onSettled: invalidate,
  });
}

export function useAmendResult() {
  const invalidate = useInvalidateLabs();
  return useMutation({
    mutationFn: (vars: { result: Pick<LabResult, 'id' | 'version'>; body: LabAmendInput }) =>
      api<LabResult>('POST', `/api/v1/lab-results/${vars.result.id}/amend`, {
        body: vars.body,
        headers: ifMatch(vars.result.version),
      }),
    onSettled: invalidate,
  });
}

export function useAcknowledgeCritical() {
  const invalidate = useInvalidateLabs();
  return useMutation({
    mutationFn: (alertId: string) =>
      api<LabResult>('POST', `/api/v1/lab-critical-alerts/${alertId}/acknowledge`, { body: {} }),
    onSettled: invalidate,
  });
}
