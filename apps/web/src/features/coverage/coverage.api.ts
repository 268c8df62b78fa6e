import { apiFailure, blobAsDataUrl } from '../../app/binary-api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Coverage,
  cardSide,
  coverageList,
  createCoverageBody,
  setCoverageStatusBody,
} from '@meridian/contracts';
import { api } from '../../app/api';
import { isVersionMismatch } from '../admin/admin-forms';
import { ifMatch } from '../admin/paging';

export type CoverageBody = z.input<typeof createCoverageBody>;
export type CoverageStatusBody = z.input<typeof setCoverageStatusBody>;
export type CardSide = z.infer<typeof cardSide>;

export const coverageKeys = {
  all: ['coverages'] as const,
  list: (patientId: string) => [...coverageKeys.all, 'list', patientId] as const,
  card: (coverageId: string, side: CardSide, version: number) =>
    [...coverageKeys.all, 'card', coverageId, side, version] as const,
};

function coveragesPath(patientId: string): string {
  return `/api/v1/patients/${patientId}/coverages`;
}

export function useCoverages(patientId: string) {
  return useQuery({
    queryKey: coverageKeys.list(patientId),
    queryFn: async ({ signal }) => {
      const list = await api<z.infer<typeof coverageList>>('GET', coveragesPath(patientId), {
        signal,
      });
      return list.items;
    },
  });
}

/**
 * Adds a coverage, or replaces one whole at the version the form was filled from (If-Match).
 * A stale version means the list is stale too, so it reloads then as well.
 */
export function useSaveCoverage(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      vars:
        | { kind: 'create'; body: CoverageBody }
        | { kind: 'update'; id: string; version: number; body: CoverageBody },
    ) =>
      vars.kind === 'create'
        ? api<Coverage>('POST', coveragesPath(patientId), { body: vars.body })
        : api<Coverage>('PUT', `${coveragesPath(patientId)}/${vars.id}`, {
            body: vars.body,
            headers: ifMatch(vars.version),
          }),
    onSettled: (_data, error) =>
      error && !isVersionMismatch(error)
        ? undefined
        : queryClient.invalidateQueries({ queryKey: coverageKeys.list(patientId) }),
  });
}

/** Cancels a coverage or marks it entered in error; coverages are never deleted. */
export function useSetCoverageStatus(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { coverage: Coverage; body: CoverageStatusBody }) =>
      api<Coverage>('POST', `${coveragesPath(patientId)}/${vars.coverage.id}/status`, {
        body: vars.body,
        headers: ifMatch(vars.coverage.version),
      }),
    onSettled: (_data, error) =>
      error && !isVersionMismatch(error)
        ? undefined
        : queryClient.invalidateQueries({ queryKey: coverageKeys.list(patientId) }),
  });
}

function cardPath(coverage: Pick<Coverage, 'id' | 'patientId'>, side: CardSide): string {
  return `${coveragesPath(coverage.patientId)}/${coverage.id}/card/${side}`;
}

/**
 * Sends a card image as the raw body (the API takes the image itself, not JSON or a form),
 * at the coverage's version.
 */
export function useUploadCard(coverage: Coverage) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (vars: { side: CardSide; file: File }) => {
      const res = await fetch(cardPath(coverage, vars.side), {
        method: 'PUT',
        headers: { 'content-type': vars.file.type, ...ifMatch(coverage.version) },
        credentials: 'same-origin',
        body: vars.file,
      });
      if (!res.ok) throw await apiFailure(res);
    },
    // The list carries hasCardFront/Back; the image itself may be cached under the same version.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: coverageKeys.list(coverage.patientId) }),
        queryClient.invalidateQueries({ queryKey: [...coverageKeys.all, 'card', coverage.id] }),
      ]),
  });
}

/**
 * The card image as a data: URL, fetched with the session cookie (an <img src> to the API
 * could not tell a denial from a broken image). Tricky: not an object URL, because the
 * server's CSP allows `img-src 'self' data:` and refuses blob: URLs. Keyed by version, so a
 * replaced image is fetched again.
 */
export function useCardImage(coverage: Coverage, side: CardSide, enabled: boolean) {
  return useQuery({
    queryKey: coverageKeys.card(coverage.id, side, coverage.version),
    queryFn: async ({ signal }) => {
      const res = await fetch(cardPath(coverage, side), {
        headers: { accept: 'image/*' },
        credentials: 'same-origin',
        signal,
      });
      if (!res.ok) throw await apiFailure(res);
      return blobAsDataUrl(await res.blob());
    },
    enabled,
    staleTime: Infinity,
  });
}
