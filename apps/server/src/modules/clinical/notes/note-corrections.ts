import type { Note } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { NoteRow } from './notes.tables.js';
import { actorId, openNote } from './note-support.js';
import { viewNote } from './note-view.js';
import * as repo from './note.repository.js';

/**
 * A signed note still in force: addenda and entered-in-error apply only to it. The note's
 * row lock serialises the two (an addendum cannot slip in after a retraction).
 */
async function requireSignedInForce(tx: DbOrTx, row: NoteRow, action: string): Promise<void> {
  if (row.status !== 'signed') {
    throw new AppError(
      'note.not_signed',
      `note ${row.id} is ${row.status}: only a signed note can ${action}`,
      { errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }] },
    );
  }
  if (await repo.findRetraction(tx, row.id)) {
    throw new AppError(
      'note.entered_in_error',
      `note ${row.id} is marked entered in error: it cannot ${action}`,
      { errors: [{ path: 'status', rule: 'not_from_entered_in_error', message: 'retracted' }] },
    );
  }
}

/**
 * POST /api/v1/notes/:id/addenda: any clinician adds a signed addendum to a signed note.
 * Written once, never changed; listed under the note oldest first.
 */
export async function addAddendum(
  platform: Platform,
  principal: Principal | null,
  noteId: string,
  text: string,
): Promise<Note> {
  return platform.db.transaction(async (tx) => {
    const row = await openNote(platform, tx, principal, noteId);
    await requireSignedInForce(tx, row, 'take an addendum');
    const now = platform.clock.now();
    const id = newId();
    await repo.insertAddendum(tx, {
      id,
      noteId: row.id,
      authorUserId: actorId(principal),
      text,
      signedAt: now,
      createdAt: now,
    });
    await platform.audit.record(tx, {
      action: 'note.addendum_added',
      patientId: row.patientId,
      entityType: 'clinical_note',
      entityId: row.id,
      details: { addendumId: id },
    });
    return viewNote(tx, row);
  });
}

/**
 * POST /api/v1/notes/:id/entered-in-error: a signed note written in error (wrong patient,
 * wrong encounter) is marked so, with a reason. The text is kept as signed; the reason is
 * shown on the note, and the audit row carries ids only.
 */
export async function markEnteredInError(
  platform: Platform,
  principal: Principal | null,
  noteId: string,
  reason: string,
): Promise<Note> {
  return platform.db.transaction(async (tx) => {
    const row = await openNote(platform, tx, principal, noteId);
    await requireSignedInForce(tx, row, 'be marked entered in error');
    await repo.insertRetraction(tx, {
      noteId: row.id,
      reason,
      retractedBy: actorId(principal),
      retractedAt: platform.clock.now(),
    });
    await platform.audit.record(tx, {
      action: 'note.entered_in_error',
      patientId: row.patientId,
      entityType: 'clinical_note',
      entityId: row.id,
    });
    return viewNote(tx, row);
  });
}
