import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddendumInput,
  EnteredInErrorInput,
  Note,
  NoteCreateInput,
  NoteKind,
  NotePatch,
  NoteStatus,
  NoteSummary,
} from '@meridian/contracts';
import { api } from '../../../app/api';
import { ifMatch, useCursorList } from '../../admin/paging';

/** What the list's search box and filters ask for; empty strings mean "any". */
export interface NoteFilters {
  q: string;
  kind: NoteKind | '';
  status: NoteStatus | '';
  authorId: string;
  /** Local calendar days (yyyy-mm-dd), inclusive. */
  fromDay: string;
  toDay: string;
}

export const noFilters: NoteFilters = {
  q: '',
  kind: '',
  status: '',
  authorId: '',
  fromDay: '',
  toDay: '',
};

export const noteKeys = {
  all: ['notes'] as const,
  lists: (patientId: string) => ['notes', 'list', patientId] as const,
  list: (patientId: string, f: NoteFilters) => [...noteKeys.lists(patientId), f] as const,
  note: (id: string) => ['notes', 'detail', id] as const,
};

/** The start of a local day as an instant; `plusDays` 1 gives the next day's start. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** A patient's notes, newest first, a page at a time ("Load more"). */
export function usePatientNotes(patientId: string, f: NoteFilters) {
  return useCursorList<NoteSummary>(
    noteKeys.list(patientId, f),
    `/api/v1/patients/${patientId}/notes`,
    {
      q: f.q.trim() || undefined,
      kind: f.kind || undefined,
      status: f.status || undefined,
      authorId: f.authorId || undefined,
      from: dayStart(f.fromDay),
      to: dayStart(f.toDay, 1),
      limit: 25,
    },
  );
}

export function useNote(id: string | null) {
  return useQuery({
    queryKey: noteKeys.note(id ?? ''),
    queryFn: ({ signal }) => api<Note>('GET', `/api/v1/notes/${id}`, { signal }),
    enabled: id !== null,
  });
}

/** After any change: the note's own cache holds the answer, and the lists refresh. */
function useNoteSettled() {
  const queryClient = useQueryClient();
  return (note: Note) => {
    queryClient.setQueryData(noteKeys.note(note.id), note);
    void queryClient.invalidateQueries({ queryKey: noteKeys.lists(note.patientId) });
  };
}

export function useCreateNote(patientId: string) {
  const settled = useNoteSettled();
  return useMutation({
    mutationFn: (vars: { body: NoteCreateInput; idempotencyKey: string }) =>
      api<Note>('POST', `/api/v1/patients/${patientId}/notes`, {
        body: vars.body,
        headers: { 'Idempotency-Key': vars.idempotencyKey },
      }),
    onSuccess: settled,
  });
}

/** The autosave: PATCH at the version the editor holds (412 when it is stale). */
export function useSaveDraft() {
  const settled = useNoteSettled();
  return useMutation({
    mutationFn: (vars: { id: string; version: number; body: NotePatch }) =>
      api<Note>('PATCH', `/api/v1/notes/${vars.id}`, {
        body: vars.body,
        headers: ifMatch(vars.version),
      }),
    onSuccess: settled,
  });
}

export function useDraftStep() {
  const settled = useNoteSettled();
  return useMutation({
    mutationFn: (vars: { id: string; version: number; step: 'sign' | 'discard' }) =>
      api<Note>('POST', `/api/v1/notes/${vars.id}/${vars.step}`, {
        headers: ifMatch(vars.version),
      }),
    onSuccess: settled,
  });
}

export function useAddAddendum() {
  const settled = useNoteSettled();
  return useMutation({
    mutationFn: (vars: { id: string; body: AddendumInput }) =>
      api<Note>('POST', `/api/v1/notes/${vars.id}/addenda`, { body: vars.body }),
    onSuccess: settled,
  });
}

export function useMarkEnteredInError() {
  const settled = useNoteSettled();
  return useMutation({
    mutationFn: (vars: { id: string; body: EnteredInErrorInput }) =>
      api<Note>('POST', `/api/v1/notes/${vars.id}/entered-in-error`, { body: vars.body }),
    onSuccess: settled,
  });
}
