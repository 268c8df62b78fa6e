import type { Note, NoteStatus, NoteSummary } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { AddendumRow, NoteRow, RetractionRow } from './notes.tables.js';
import { parseHeadline } from './note-snippet.js';
import * as repo from './note.repository.js';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function person(names: Map<string, string>, id: string | null, fallback: string | null) {
  return { id, name: (id ? names.get(id) : null) ?? fallback ?? '' };
}

function statusOf(row: NoteRow, retraction: RetractionRow | null): NoteStatus {
  return retraction ? 'entered_in_error' : row.status;
}

/** One note with its addenda and retraction, as GET /api/v1/notes/:id answers it. */
export async function viewNote(tx: DbOrTx, row: NoteRow): Promise<Note> {
  // One connection runs one query at a time: read in turn, not with Promise.all.
  const addenda = await repo.findAddenda(tx, row.id);
  const retraction = await repo.findRetraction(tx, row.id);
  return viewNoteFrom(tx, row, addenda, retraction);
}

async function viewNoteFrom(
  tx: DbOrTx,
  row: NoteRow,
  addenda: AddendumRow[],
  retraction: RetractionRow | null,
): Promise<Note> {
  const names = await repo.userNames(tx, [
    row.authorUserId,
    row.signedBy,
    retraction?.retractedBy ?? null,
    ...addenda.map((a) => a.authorUserId),
  ]);
  return {
    id: row.id,
    patientId: row.patientId,
    encounterId: row.encounterId,
    kind: row.kind,
    title: row.title,
    status: statusOf(row, retraction),
    author: person(names, row.authorUserId, row.authorDisplay),
    signedAt: isoOrNull(row.signedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    addendumCount: addenda.length,
    version: row.version,
    sections: row.sections,
    signedBy: row.signedBy ? person(names, row.signedBy, null) : null,
    discardedAt: isoOrNull(row.discardedAt),
    enteredInError: retraction
      ? {
          reason: retraction.reason,
          by: person(names, retraction.retractedBy, null),
          at: iso(retraction.retractedAt),
        }
      : null,
    addenda: addenda.map((a) => ({
      id: a.id,
      author: person(names, a.authorUserId, null),
      text: a.text,
      signedAt: iso(a.signedAt),
    })),
    sourceSystem: row.sourceSystem,
    sourceId: row.sourceId,
  };
}

/** List rows as summaries, with a snippet when the list is a search. */
export async function viewSummaries(
  tx: DbOrTx,
  rows: readonly repo.NoteListRow[],
): Promise<NoteSummary[]> {
  const names = await repo.userNames(
    tx,
    rows.map((r) => r.authorUserId),
  );
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patientId,
    encounterId: r.encounterId,
    kind: r.kind,
    title: r.title,
    status: r.status,
    author: person(names, r.authorUserId, r.authorDisplay),
    signedAt: isoOrNull(r.signedAt),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    addendumCount: r.addendumCount,
    version: r.version,
    snippet: r.headline === null ? null : parseHeadline(r.headline),
  }));
}
