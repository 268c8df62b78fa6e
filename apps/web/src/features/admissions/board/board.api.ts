import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Bed, BedBoard, BedStateChangeInput, Stay, TransferInput } from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch } from '../../admin/paging';
import { admissionKeys } from '../admissions.keys';
import { useBedBoardEvents, type LiveStatus } from '../live';

/**
 * The facility's whole board. Filters apply on screen: the ward list, the legend counts,
 * drag targets in other wards and the "move to bed" picker all need every bed, and one
 * query is one refetch per change event.
 */
export function useBedBoard(facilityId: string) {
  const query = { facilityId };
  return useQuery({
    queryKey: admissionKeys.board(query),
    queryFn: ({ signal }) => api<BedBoard>('GET', '/api/v1/bed-board', { query, signal }),
    retry: false,
  });
}

/**
 * Keeps the board live: each change event (and a reconnect, since changes made while the
 * stream was down were not sent) refreshes everything under `admissions` that is on screen
 * (board, census, housekeeping list, an open stay).
 */
export function useLiveBoard(facilityId: string): LiveStatus {
  const invalidate = useInvalidateAdmissions();
  const refresh = () => void invalidate();
  return useBedBoardEvents(facilityId, refresh, refresh);
}

function useInvalidateAdmissions() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: admissionKeys.all });
}

/**
 * POST /api/v1/admissions/:id/transfer. The board does not carry the stay's version, so no
 * If-Match: the server's bed checks decide (409 when the bed was just taken). The board is
 * refetched either way, so a refusal shows the bed as it now is.
 */
export function useTransferPatient() {
  const invalidate = useInvalidateAdmissions();
  return useMutation({
    mutationFn: (vars: { stayId: string; body: TransferInput }) =>
      api<Stay>('POST', `/api/v1/admissions/${vars.stayId}/transfer`, { body: vars.body }),
    onSettled: invalidate,
  });
}

/** POST /api/v1/beds/:id/state at the version the card showed (If-Match). */
export function useChangeBedState() {
  const invalidate = useInvalidateAdmissions();
  return useMutation({
    mutationFn: (vars: { bed: Pick<Bed, 'id' | 'version'>; body: BedStateChangeInput }) =>
      api<Bed>('POST', `/api/v1/beds/${vars.bed.id}/state`, {
        body: vars.body,
        headers: ifMatch(vars.bed.version),
      }),
    onSettled: invalidate,
  });
}
