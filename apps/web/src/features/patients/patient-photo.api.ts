import { apiFailure, blobAsDataUrl } from '../../app/binary-api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Patient } from '@meridian/contracts';
import { imageContentTypes, maxImageBytes } from '@meridian/contracts';
import { api } from '../../app/api';
import { patientKeys } from './patients.api';

/** Why a file cannot be a patient photo, or null when it can (the server checks again). */
export function photoFileProblem(file: File): 'type' | 'size' | null {
  if (!(imageContentTypes as readonly string[]).includes(file.type)) return 'type';
  if (file.size > maxImageBytes) return 'size';
  return null;
}

const photoPath = (id: string) => `/api/v1/patients/${id}/photo`;
// Outside `detail(id)`, so invalidating the record leaves these alone.
const revisionKey = (id: string) => [...patientKeys.all, 'photo-revision', id] as const;

/**
 * When this tab last changed the photo (0: not since the page loaded). The server keeps the
 * record's version on a photo change, so URLs keyed by version alone would show the old,
 * cached photo; they take this too. A time rather than a counter: a counter restarts at 0
 * on reload and could meet a URL the browser cached before.
 */
export function usePhotoRevision(id: string): number {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: revisionKey(id),
    // Only ever set by a change; a refetch keeps what is there.
    queryFn: () => queryClient.getQueryData<number>(revisionKey(id)) ?? 0,
    initialData: 0,
    staleTime: Infinity,
  });
  return query.data;
}

/**
 * The photo as a data: URL, fetched with the session cookie so a failure shows as one.
 * Tricky: not an object URL, because the CSP allows `img-src 'self' data:` only.
 */
export function usePatientPhoto(patient: Patient, revision: number) {
  return useQuery({
    queryKey: [...patientKeys.all, 'photo', patient.id, patient.version, revision] as const,
    queryFn: async ({ signal }) => {
      const res = await fetch(photoPath(patient.id), {
        headers: { accept: 'image/*' },
        credentials: 'same-origin',
        signal,
      });
      if (!res.ok) throw await apiFailure(res);
      return blobAsDataUrl(await res.blob());
    },
    enabled: patient.hasPhoto,
    staleTime: Infinity,
    retry: false,
  });
}

/** After a change: a new revision (new image URLs) and the record again (hasPhoto). */
function usePhotoChanged(id: string) {
  const queryClient = useQueryClient();
  return () => {
    queryClient.setQueryData(revisionKey(id), Date.now());
    return queryClient.invalidateQueries({ queryKey: patientKeys.detail(id), exact: true });
  };
}

export function useUploadPhoto(id: string) {
  const changed = usePhotoChanged(id);
  return useMutation({
    mutationFn: async (file: File) => {
      const res = await fetch(photoPath(id), {
        method: 'PUT',
        headers: { 'content-type': file.type },
        credentials: 'same-origin',
        body: file,
      });
      if (!res.ok) throw await apiFailure(res);
    },
    onSuccess: changed,
  });
}

export function useRemovePhoto(id: string) {
  const changed = usePhotoChanged(id);
  return useMutation({
    mutationFn: () => api<void>('DELETE', photoPath(id)),
    onSuccess: changed,
  });
}
