import type { Note, NotePage } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { IdempotencyClaim } from '../../../platform/http/idempotency.js';
import type { Platform } from '../../../platform/platform.js';
import { getNote, listNotes, type NoteQueryInput } from './list-notes.js';
import { addAddendum, markEnteredInError } from './note-corrections.js';
import {
  createDraft,
  discardDraft,
  signNote,
  updateDraft,
  type CreateAnswer,
  type NoteChanges,
  type NoteCreate,
} from './write-notes.js';

type Who = Principal | null;

/** The note use cases behind /api/v1/patients/:id/notes and /api/v1/notes. */
export interface NoteService {
  list(principal: Who, patientId: string, query: NoteQueryInput): Promise<NotePage>;
  get(principal: Who, id: string): Promise<Note>;
  create(
    principal: Who,
    patientId: string,
    input: NoteCreate,
    claim: IdempotencyClaim | null,
  ): Promise<CreateAnswer<Note>>;
  update(principal: Who, id: string, version: number, changes: NoteChanges): Promise<Note>;
  sign(principal: Who, id: string, version: number): Promise<Note>;
  discard(principal: Who, id: string, version: number): Promise<Note>;
  addAddendum(principal: Who, id: string, text: string): Promise<Note>;
  markEnteredInError(principal: Who, id: string, reason: string): Promise<Note>;
}

export function createNoteService(platform: Platform): NoteService {
  return {
    list: (p, patientId, query) => listNotes(platform, p, patientId, query),
    get: (p, id) => getNote(platform, p, id),
    create: (p, patientId, input, claim) => createDraft(platform, p, patientId, input, claim),
    update: (p, id, v, changes) => updateDraft(platform, p, id, v, changes),
    sign: (p, id, v) => signNote(platform, p, id, v),
    discard: (p, id, v) => discardDraft(platform, p, id, v),
    addAddendum: (p, id, text) => addAddendum(platform, p, id, text),
    markEnteredInError: (p, id, reason) => markEnteredInError(platform, p, id, reason),
  };
}
