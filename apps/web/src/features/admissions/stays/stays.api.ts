import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AdmitInput,
  BedBoard,
  DischargeInput,
  Stay,
  StayDetail,
  TransferInput,
  arriveInput,
  correctionInput,
  dischargeOrderInput,
  leaveInput,
  returnInput,
  stayPage,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';
import { admissionKeys } from '../admissions.keys';

export type StayPage = z.infer<typeof stayPage>;

/** One stay with its movements (GET /api/v1/admissions/:id). */
export function useStay(stayId: string | null) {
  return useQuery({
    queryKey: admissionKeys.stay(stayId ?? ''),
    queryFn: ({ signal }) => api<StayDetail>('GET', `/api/v1/admissions/${stayId}`, { signal }),
    enabled: stayId !== null,
  });
}

/** A patient's stays, newest first as the server orders them. */
export function usePatientStays(patientId: string) {
  return useQuery({
    queryKey: admissionKeys.patientStays(patientId),
    queryFn: ({ signal }) =>
      api<StayPage>('GET', '/api/v1/admissions', { query: { patientId, limit: 200 }, signal }),
  });
}

/** The facility's beds a patient can be put in now (GET /api/v1/bed-board?state=available). */
export function useAvailableBeds(facilityId: string) {
  const query = { facilityId, state: 'available' as const };
  return useQuery({
    queryKey: admissionKeys.board(query),
    queryFn: ({ signal }) => api<BedBoard>('GET', '/api/v1/bed-board', { query, signal }),
    staleTime: 15_000,
  });
}

/** Every admissions change refreshes the board, census, housekeeping list and stays. */
function useInvalidateAdmissions() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: admissionKeys.all });
}

/** POST /api/v1/admissions, with one Idempotency-Key per submit of the same body. */
export function useAdmitPatient() {
  const invalidate = useInvalidateAdmissions();
  return useMutation({
    mutationFn: (vars: { body: AdmitInput; idempotencyKey: string }) =>
      api<Stay>('POST', '/api/v1/admissions', {
        body: vars.body,
        headers: { 'Idempotency-Key': vars.idempotencyKey },
      }),
    onSettled: invalidate,
  });
}

/** What each step on a stay sends (POST /api/v1/admissions/:id/<step>). */
export interface StayStepBodies {
  admit: z.input<typeof arriveInput>;
  transfer: TransferInput;
  leave: z.input<typeof leaveInput>;
  return: z.input<typeof returnInput>;
  'discharge-order': z.input<typeof dischargeOrderInput>;
  discharge: DischargeInput;
  cancel: z.input<typeof correctionInput>;
  'undo-discharge': z.input<typeof correctionInput>;
}
export type StayStep = keyof StayStepBodies;

type StepVars = {
  [S in StayStep]: { step: S; stay: Pick<Stay, 'id' | 'version'>; body: StayStepBodies[S] };
}[StayStep];

/** One step on a stay at the version shown (If-Match); the server answers the stay. */
export function useStayStep() {
  const invalidate = useInvalidateAdmissions();
  return useMutation({
    mutationFn: (vars: StepVars) =>
      api<Stay>('POST', `/api/v1/admissions/${vars.stay.id}/${vars.step}`, {
        body: vars.body,
        headers: ifMatch(vars.stay.version),
      }),
    onSettled: invalidate,
  });
}

/** DELETE /api/v1/admissions/:id/discharge-order: the patient stays after all. */
export function useCancelDischargeOrder() {
  const invalidate = useInvalidateAdmissions();
  return useMutation({
    mutationFn: (stay: Pick<Stay, 'id' | 'version'>) =>
      api<Stay>('DELETE', `/api/v1/admissions/${stay.id}/discharge-order`, {
        headers: ifMatch(stay.version),
      }),
    onSettled: invalidate,
  });
}
