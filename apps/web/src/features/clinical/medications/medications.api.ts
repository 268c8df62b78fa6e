import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Administration,
  AdministrationErrorInput,
  AdministrationInput,
  CheckResult,
  DrugHit,
  HomeMedication,
  Mar,
  Prescription,
  PrescriptionDetail,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';

export const medicationKeys = {
  all: ['medications'] as const,
  prescriptions: (patientId: string) => ['medications', 'prescriptions', patientId] as const,
  prescription: (id: string) => ['medications', 'prescription', id] as const,
  home: (patientId: string) => ['medications', 'home', patientId] as const,
  mar: (patientId: string, date: string | null) => ['medications', 'mar', patientId, date] as const,
};

/** The patient's prescriptions, newest first (one page of 200 covers a chart). */
export function usePrescriptions(patientId: string) {
  return useQuery({
    queryKey: medicationKeys.prescriptions(patientId),
    queryFn: ({ signal }) =>
      api<{ items: Prescription[]; nextCursor: string | null }>(
        'GET',
        `/api/v1/patients/${patientId}/prescriptions`,
        { query: { limit: 200 }, signal },
      ),
  });
}

/** One prescription with its versions and the alerts shown for it. */
export function usePrescriptionDetail(id: string | null) {
  return useQuery({
    queryKey: medicationKeys.prescription(id ?? ''),
    queryFn: ({ signal }) =>
      api<PrescriptionDetail>('GET', `/api/v1/prescriptions/${id}`, { signal }),
    enabled: id !== null,
  });
}

export function useHomeMedications(patientId: string) {
  return useQuery({
    queryKey: medicationKeys.home(patientId),
    queryFn: ({ signal }) =>
      api<{ items: HomeMedication[] }>('GET', `/api/v1/patients/${patientId}/home-medications`, {
        signal,
      }),
  });
}

/** Prescribable products whose name contains the text (two characters at least). */
export function useProductSearch(q: string) {
  const trimmed = q.trim();
  return useQuery({
    queryKey: ['drugs', 'products', trimmed],
    queryFn: ({ signal }) =>
      api<{ items: DrugHit[] }>('GET', '/api/v1/drugs', {
        query: { q: trimmed, type: 'product', limit: 20 },
        signal,
      }),
    enabled: trimmed.length >= 2,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: medicationKeys.all });
}

export type OrderBody = Record<string, unknown>;

/** The draft steps of the prescribe dialog: save (create, revise or edit), check, sign. */
export function useDraftSteps(patientId: string) {
  const invalidate = useInvalidate();
  const save = useMutation({
    mutationFn: (v: {
      draft: Pick<Prescription, 'id' | 'version'> | null;
      revise: { id: string; kind: 'modify' | 'renew' } | null;
      body: OrderBody;
    }) => {
      if (v.draft) {
        return api<Prescription>('PUT', `/api/v1/prescriptions/${v.draft.id}`, {
          body: v.body,
          headers: ifMatch(v.draft.version),
        });
      }
      if (v.revise) {
        return api<Prescription>('POST', `/api/v1/prescriptions/${v.revise.id}/${v.revise.kind}`, {
          body: v.body,
        });
      }
      return api<Prescription>('POST', `/api/v1/patients/${patientId}/prescriptions`, {
        body: v.body,
      });
    },
    onSettled: invalidate,
  });
  const check = useMutation({
    mutationFn: (id: string) =>
      api<CheckResult>('POST', `/api/v1/prescriptions/${id}/check`, { body: {} }),
  });
  const sign = useMutation({
    mutationFn: (v: { id: string; overrides: { key: string; reason: string }[] }) =>
      api<Prescription>('POST', `/api/v1/prescriptions/${v.id}/sign`, {
        body: { overrides: v.overrides },
      }),
    onSettled: invalidate,
  });
  return { save, check, sign };
}

/** Stop or enter in error a prescription or a home medication, with a reason. */
export function useEndMedication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (v: {
      kind: 'prescriptions' | 'home-medications';
      item: { id: string; version: number };
      step: 'stop' | 'entered-in-error';
      reason: string;
    }) =>
      api<unknown>('POST', `/api/v1/${v.kind}/${v.item.id}/${v.step}`, {
        body: { reason: v.reason },
        headers: ifMatch(v.item.version),
      }),
    onSettled: invalidate,
  });
}

export function useRecordHomeMedication(patientId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: OrderBody) =>
      api<HomeMedication>('POST', `/api/v1/patients/${patientId}/home-medications`, { body }),
    onSettled: invalidate,
  });
}

/** The MAR of a day (null: today in the facility's time zone). */
export function useMar(patientId: string, date: string | null) {
  return useQuery({
    queryKey: medicationKeys.mar(patientId, date),
    queryFn: ({ signal }) =>
      api<Mar>('GET', `/api/v1/patients/${patientId}/mar`, { query: { date }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useRecordAdministration(patientId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: AdministrationInput) =>
      api<Administration>('POST', `/api/v1/patients/${patientId}/medication-administrations`, {
        body,
      }),
    onSettled: invalidate,
  });
}

export function useCorrectAdministration() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (v: { id: string; body: AdministrationErrorInput }) =>
      api<unknown>('POST', `/api/v1/medication-administrations/${v.id}/entered-in-error`, {
        body: v.body,
      }),
    onSettled: invalidate,
  });
}
