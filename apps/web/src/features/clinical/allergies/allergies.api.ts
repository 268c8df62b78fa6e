import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Allergy,
  AllergyAssessment,
  AllergyErrorInput,
  AllergyInput,
  AllergyList,
  AllergyPatch,
  AllergySummary,
  DrugHit,
  DrugClass,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';

export const allergyKeys = {
  all: ['allergies'] as const,
  list: (patientId: string) => ['allergies', 'list', patientId] as const,
  summary: (patientId: string) => ['allergies', 'summary', patientId] as const,
};

/** The list with the assessment (entered-in-error ones too, for the record). */
export function usePatientAllergies(patientId: string) {
  return useQuery({
    queryKey: allergyKeys.list(patientId),
    queryFn: ({ signal }) =>
      api<AllergyList>('GET', `/api/v1/patients/${patientId}/allergies`, {
        query: { includeEnteredInError: true },
        signal,
      }),
  });
}

/** The banner's line: in-force allergies and the NKA state, one cheap request. */
export function useAllergySummary(patientId: string, isEnabled: boolean) {
  return useQuery({
    queryKey: allergyKeys.summary(patientId),
    queryFn: ({ signal }) =>
      api<AllergySummary>('GET', `/api/v1/patients/${patientId}/allergies/summary`, { signal }),
    enabled: isEnabled,
  });
}

function useInvalidateAllergies() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: allergyKeys.all });
}

export function useRecordAllergy(patientId: string) {
  const invalidate = useInvalidateAllergies();
  return useMutation({
    mutationFn: (body: AllergyInput) =>
      api<Allergy>('POST', `/api/v1/patients/${patientId}/allergies`, { body }),
    onSettled: invalidate,
  });
}

export function useRecordNka(patientId: string) {
  const invalidate = useInvalidateAllergies();
  return useMutation({
    mutationFn: () =>
      api<AllergyAssessment>('POST', `/api/v1/patients/${patientId}/allergies/no-known-allergies`, {
        body: {},
      }),
    onSettled: invalidate,
  });
}

export type AllergyStep =
  { kind: 'update'; body: AllergyPatch } | { kind: 'entered-in-error'; body: AllergyErrorInput };

/** A change to one allergy, with If-Match: the version the user saw. */
export function useAllergyStep() {
  const invalidate = useInvalidateAllergies();
  return useMutation({
    mutationFn: (vars: { allergy: Pick<Allergy, 'id' | 'version'>; step: AllergyStep }) => {
      const { allergy, step } = vars;
      return api<Allergy>(
        step.kind === 'update' ? 'PATCH' : 'POST',
        step.kind === 'update'
          ? `/api/v1/allergies/${allergy.id}`
          : `/api/v1/allergies/${allergy.id}/entered-in-error`,
        { body: step.body, headers: ifMatch(allergy.version) },
      );
    },
    onSettled: invalidate,
  });
}

/** RxNorm ingredients of the drug catalogue (GET /api/v1/drugs?type=ingredient). */
export function useIngredientSearch(q: string) {
  const trimmed = q.trim();
  return useQuery({
    queryKey: ['drugs', 'ingredients', trimmed],
    queryFn: ({ signal }) =>
      api<{ items: DrugHit[] }>('GET', '/api/v1/drugs', {
        query: { q: trimmed, type: 'ingredient', limit: 15 },
        signal,
      }),
    enabled: trimmed.length >= 2,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Pharmacologic drug classes of the catalogue (GET /api/v1/drug-classes). */
export function useDrugClasses(isEnabled: boolean) {
  return useQuery({
    queryKey: ['drugs', 'classes'],
    queryFn: ({ signal }) =>
      api<{ items: DrugClass[] }>('GET', '/api/v1/drug-classes', {
        query: { kind: 'pharmacologic' },
        signal,
      }),
    enabled: isEnabled,
    staleTime: 30 * 60_000,
  });
}
