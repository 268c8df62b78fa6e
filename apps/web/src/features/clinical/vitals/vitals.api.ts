import { useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Flowsheet,
  LatestVitals,
  RecordVitalSetInput,
  Spo2ScaleSetting,
  VitalSet,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch, useCursorList } from '../../admin/paging';

export const vitalsKeys = {
  all: ['vitals'] as const,
  patient: (patientId: string) => ['vitals', patientId] as const,
  latest: (patientId: string) => ['vitals', patientId, 'latest'] as const,
  flowsheet: (patientId: string, days: number) => ['vitals', patientId, 'flowsheet', days] as const,
  sets: (patientId: string) => ['vitals', patientId, 'sets'] as const,
  scale: (patientId: string) => ['vitals', patientId, 'scale'] as const,
};

/** The chart summary's vitals: each vital's newest value, the latest NEWS2, the SpO2 scale. */
export function useLatestVitals(patientId: string) {
  return useQuery({
    queryKey: vitalsKeys.latest(patientId),
    queryFn: ({ signal }) =>
      api<LatestVitals>('GET', `/api/v1/patients/${patientId}/vitals/latest`, { signal }),
  });
}

/** The flowsheet of the last `days` days (the server's clock decides "now"). */
export function useFlowsheet(patientId: string, days: number) {
  return useQuery({
    queryKey: vitalsKeys.flowsheet(patientId, days),
    queryFn: ({ signal }) =>
      api<Flowsheet>('GET', `/api/v1/patients/${patientId}/vitals/flowsheet`, {
        query: { from: new Date(Date.now() - days * 86_400_000).toISOString(), limit: 500 },
        signal,
      }),
  });
}

export function useVitalSets(patientId: string) {
  return useCursorList<VitalSet>(
    vitalsKeys.sets(patientId),
    `/api/v1/patients/${patientId}/vital-sets`,
    { limit: 20 },
  );
}

export function useSpo2Scale(patientId: string) {
  return useQuery({
    queryKey: vitalsKeys.scale(patientId),
    queryFn: ({ signal }) =>
      api<Spo2ScaleSetting>('GET', `/api/v1/patients/${patientId}/spo2-scale`, { signal }),
  });
}

function useInvalidateVitals(patientId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: vitalsKeys.patient(patientId) }),
      // The bed board shows the latest NEWS2 of each occupant.
      queryClient.invalidateQueries({ queryKey: ['admissions'] }),
    ]);
}

/**
 * POST a vital set, one Idempotency-Key per distinct body: a retry of the same submit
 * (a lost answer) replays, a changed or confirmed body is a new request.
 */
export function useRecordVitals(patientId: string) {
  const invalidate = useInvalidateVitals(patientId);
  const key = useRef<{ body: string; key: string } | null>(null);
  return useMutation({
    mutationFn: (body: RecordVitalSetInput) => {
      const text = JSON.stringify(body);
      if (key.current?.body !== text) key.current = { body: text, key: crypto.randomUUID() };
      return api<VitalSet>('POST', `/api/v1/patients/${patientId}/vital-sets`, {
        body,
        headers: { 'Idempotency-Key': key.current.key },
      });
    },
    onSuccess: async () => {
      key.current = null;
      await invalidate();
    },
  });
}

export function useEnterInError(patientId: string) {
  const invalidate = useInvalidateVitals(patientId);
  return useMutation({
    mutationFn: (o: { set: VitalSet; reason: string }) =>
      api<VitalSet>('POST', `/api/v1/vital-sets/${o.set.id}/entered-in-error`, {
        body: { reason: o.reason },
        headers: ifMatch(o.set.version),
      }),
    onSuccess: invalidate,
  });
}

export function useSetSpo2Scale(patientId: string) {
  const invalidate = useInvalidateVitals(patientId);
  return useMutation({
    mutationFn: (o: { scale: 1 | 2; reason: string; version: number }) =>
      api<Spo2ScaleSetting>('PUT', `/api/v1/patients/${patientId}/spo2-scale`, {
        body: { scale: o.scale, reason: o.reason },
        headers: ifMatch(o.version),
      }),
    onSuccess: invalidate,
  });
}
