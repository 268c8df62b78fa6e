import type { z } from 'zod';
import { listedNoteStatuses, type Note, type NotePage, type noteQuery } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import { viewNote, viewSummaries } from './note-view.js';
import * as repo from './note.repository.js';

export type NoteQueryInput = z.output<typeof noteQuery>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The keyset cursor: the last row's (created_at, id). */
export function encodeNoteCursor(key: { createdAt: Date; id: string }): string {
  return Buffer.from(`nt1:${key.createdAt.getTime()}:${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeNoteCursor(cursor: string): { createdAt: Date; id: string } {
  const [tag, msText = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const ms = Number(msText);
  if (
    tag !== 'nt1' ||
    !Number.isSafeInteger(ms) ||
    !uuidPattern.test(id) ||
    encodeNoteCursor({ createdAt: new Date(ms), id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { createdAt: new Date(ms), id };
}

/**
 * GET /api/v1/patients/:id/notes: the patient's notes newest first, optionally a
 * full-text search. One audit row with the ids shown; the search words are PHI and go
 * neither into the audit row nor into a log (only whether there was a search).
 */
export async function listNotes(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  q: NoteQueryInput,
): Promise<NotePage> {
  const after = q.cursor ? decodeNoteCursor(q.cursor) : undefined;
  const words = q.q === undefined || q.q === '' ? undefined : q.q;
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    if (!(await findPatientStanding(tx, patientId))) throw notFound('patient', patientId);
    const rows = await repo.searchNotes(tx, {
      patientId,
      ...(words ? { q: words } : {}),
      ...(q.kind ? { kinds: q.kind } : {}),
      statuses: q.status ?? listedNoteStatuses,
      ...(q.authorId ? { authorId: q.authorId } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const items = await viewSummaries(tx, page);
    // Committed with the transaction, before the answer leaves: reads fail closed.
    await platform.audit.record(tx, {
      action: words ? 'note.search' : 'note.list',
      patientId,
      entityType: 'clinical_note',
      details: { noteIds: items.map((n) => n.id), resultCount: items.length },
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > q.limit && last ? encodeNoteCursor(last) : null };
  });
}

/** GET /api/v1/notes/:id: the note with its addenda, audited as a read. */
export async function getNote(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<Note> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findNote(tx, id);
    if (!row) throw notFound('note', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
    const answer = await viewNote(tx, row);
    await platform.audit.record(tx, {
      action: 'note.read',
      patientId: row.patientId,
      entityType: 'clinical_note',
      entityId: row.id,
    });
    return answer;
  });
}
