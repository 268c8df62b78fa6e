// What the note use cases share: opening a note for a change (lock, access, status,
// author, version), the author-only refusal with its audited denial, and the checks on
// sections and the encounter.
import { sql } from 'drizzle-orm';
import { unknownSectionKeys, type NoteKind } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import type { NoteRow } from './notes.tables.js';
import * as repo from './note.repository.js';
import './notes.errors.js';

/** A change only the author may make to their draft. */
export type DraftStep = 'update' | 'sign' | 'discard';

/**
 * The draft locked FOR UPDATE for its author's change: it exists, the user may write to
 * the patient's record, it is still a draft, the user wrote it, and it is the version the
 * client saw.
 */
export async function openDraftForChange(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  noteId: string,
  o: { step: DraftStep; expectedVersion: number },
): Promise<NoteRow> {
  const row = await openNote(platform, tx, principal, noteId);
  if (row.status !== 'draft') {
    throw new AppError(
      'note.not_draft',
      `note ${row.id} is ${row.status}: a ${row.status} note is never changed in place` +
        (row.status === 'signed' ? ' (add an addendum instead)' : ''),
      { errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }] },
    );
  }
  await requireAuthor(platform, principal, row, o.step);
  if (o.expectedVersion !== row.version) throw versionMismatch('note', row.id, row.version);
  return row;
}

/** The note locked FOR UPDATE, after the record-level check for writing. */
export async function openNote(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  noteId: string,
): Promise<NoteRow> {
  const row = await repo.findNote(tx, noteId, { lock: true });
  if (!row) throw notFound('note', noteId);
  await platform.access.requireAccess(tx, principal, 'clinical.write', [row.patientId]);
  return row;
}

/**
 * Only the author edits, signs or discards a draft. Another user's attempt is refused
 * with note.not_author and audited as a denial on the pool, so it stays when the caller's
 * transaction rolls back.
 */
async function requireAuthor(
  platform: Platform,
  principal: Principal | null,
  row: NoteRow,
  step: DraftStep,
): Promise<void> {
  if (principal !== null && row.authorUserId === principal.userId) return;
  await platform.db.transaction((outside) =>
    platform.audit.record(outside, {
      action: 'note.denied',
      outcome: 'denied',
      actorUserId: principal?.userId ?? null,
      patientId: row.patientId,
      entityType: 'clinical_note',
      entityId: row.id,
      details: { attempted: step, reason: 'not_author' },
    }),
  );
  throw new AppError(
    'note.not_author',
    `note ${row.id} is a draft of user ${row.authorUserId ?? 'unknown'}: only its author may ${step} it`,
  );
}

/** Every section key belongs to the kind's template. */
export function requireTemplateSections(kind: NoteKind, sections: Record<string, string>): void {
  const [unknown] = unknownSectionKeys(kind, sections);
  if (unknown !== undefined) {
    throw fieldError(
      `sections.${unknown}`,
      'unknown_section',
      `a ${kind} note has no such section`,
    );
  }
}

/** The encounter exists and is the patient's. */
export async function requireEncounterOf(
  tx: DbOrTx,
  patientId: string,
  encounterId: string,
): Promise<void> {
  const { rows } = await tx.execute<{ patient_id: string }>(
    sql`select patient_id from encounter where id = ${encounterId}`,
  );
  const found = rows[0];
  if (!found) throw fieldError('encounterId', 'not_found', 'no such encounter');
  if (found.patient_id !== patientId) {
    throw fieldError('encounterId', 'same_patient', "the encounter is another patient's");
  }
}

/** The acting user's id; requireAccess has already refused anyone signed out. */
export function actorId(principal: Principal | null): string {
  if (!principal) throw new AppError('auth.unauthenticated', 'sign in first');
  return principal.userId;
}
