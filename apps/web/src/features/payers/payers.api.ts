import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Payer,
  Plan,
  createPayerBody,
  createPlanBody,
  payerList,
  planList,
  updatePayerBody,
  updatePlanBody,
} from '@meridian/contracts';
import { api } from '../../app/api';
import { isVersionMismatch } from '../admin/admin-forms';
import { ifMatch } from '../admin/paging';

export type CreatePayerBody = z.input<typeof createPayerBody>;
export type UpdatePayerBody = z.input<typeof updatePayerBody>;
export type CreatePlanBody = z.input<typeof createPlanBody>;
export type UpdatePlanBody = z.input<typeof updatePlanBody>;

export interface PayerFilters {
  q?: string;
  includeInactive?: boolean;
}

export const payerKeys = {
  all: ['payers'] as const,
  list: (filters: PayerFilters) => [...payerKeys.all, 'list', filters] as const,
  plans: (payerId: string) => [...payerKeys.all, 'plans', payerId] as const,
};

/** The payer directory, filtered; rows stay in view while a new search loads. */
export function usePayers(filters: PayerFilters) {
  return useQuery({
    queryKey: payerKeys.list(filters),
    queryFn: async ({ signal }) => {
      const list = await api<z.infer<typeof payerList>>('GET', '/api/v1/payers', {
        query: { q: filters.q, includeInactive: filters.includeInactive },
        signal,
      });
      return list.items;
    },
    placeholderData: keepPreviousData,
  });
}

/** A stale version means the list is stale too: reload it so a retry uses the new one. */
function invalidateUnlessRefused(
  queryClient: ReturnType<typeof useQueryClient>,
  error: unknown,
  queryKey: readonly unknown[],
) {
  return error && !isVersionMismatch(error)
    ? undefined
    : queryClient.invalidateQueries({ queryKey });
}

export function useSavePayer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      vars:
        | { kind: 'create'; body: CreatePayerBody }
        | { kind: 'update'; id: string; version: number; body: UpdatePayerBody },
    ) =>
      vars.kind === 'create'
        ? api<Payer>('POST', '/api/v1/payers', { body: vars.body })
        : api<Payer>('PATCH', `/api/v1/payers/${vars.id}`, {
            body: vars.body,
            headers: ifMatch(vars.version),
          }),
    onSettled: (_data, error) => invalidateUnlessRefused(queryClient, error, payerKeys.all),
  });
}

/** Every plan of a payer, inactive ones included (the admin list shows them greyed). */
export function usePlans(payerId: string | null | undefined) {
  return useQuery({
    queryKey: payerKeys.plans(payerId ?? ''),
    queryFn: async ({ signal }) => {
      const list = await api<z.infer<typeof planList>>('GET', `/api/v1/payers/${payerId}/plans`, {
        signal,
      });
      return list.items;
    },
    enabled: !!payerId,
  });
}

export function useSavePlan(payerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      vars:
        | { kind: 'create'; body: CreatePlanBody }
        | { kind: 'update'; id: string; version: number; body: UpdatePlanBody },
    ) =>
      vars.kind === 'create'
        ? api<Plan>('POST', `/api/v1/payers/${payerId}/plans`, { body: vars.body })
        : api<Plan>('PATCH', `/api/v1/plans/${vars.id}`, {
            body: vars.body,
            headers: ifMatch(vars.version),
          }),
    onSettled: (_data, error) =>
      invalidateUnlessRefused(queryClient, error, payerKeys.plans(payerId)),
  });
}
