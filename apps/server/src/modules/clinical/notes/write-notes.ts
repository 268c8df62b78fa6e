import type { z } from 'zod';
import {
  isNoteEmpty,
  noteTemplates,
  type Note,
  type noteCreateInput,
  type notePatch,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { startIdempotent, type IdempotencyClaim } from '../../../platform/http/idempotency.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import {
  actorId,
  openDraftForChange,
  requireEncounterOf,
  requireTemplateSections,
} from './note-support.js';
import { viewNote } from './note-view.js';
import * as repo from './note.repository.js';

export type NoteCreate = z.output<typeof noteCreateInput>;
export type NoteChanges = z.output<typeof notePatch>;

/** An answer of an idempotent create: fresh, or the first one's replayed. */
export interface CreateAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/**
 * POST /api/v1/patients/:id/notes: a draft from the kind's template, authored by the
 * signed-in user (Idempotency-Key honoured, so a double click makes one draft).
 */
export async function createDraft(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  input: NoteCreate,
  claim: IdempotencyClaim | null,
): Promise<CreateAnswer<Note>> {
  requireTemplateSections(input.kind, input.sections);
  return platform.db.transaction(async (tx) => {
    const started = await startIdempotent(tx, platform.clock, claim);
    if (started.replay) {
      const body = started.replay.body as Note;
      // Tricky: the key's scope is the route pattern, not the patient in the path.
      if (body.patientId !== patientId) {
        throw new AppError(
          'request.idempotency_key_reused',
          'this Idempotency-Key was used for another patient',
        );
      }
      await platform.audit.record(tx, {
        action: 'note.create_replayed',
        patientId: body.patientId,
        entityType: 'clinical_note',
        entityId: body.id,
      });
      return { statusCode: started.replay.statusCode, body, replayed: true };
    }
    await platform.access.requireAccess(tx, principal, 'clinical.write', [patientId]);
    // Share-locked so a merge cannot retire the record before we commit.
    const standing = await findPatientStanding(tx, patientId, { lock: true });
    if (!standing) throw notFound('patient', patientId);
    if (standing.status === 'merged') {
      throw new AppError(
        'patient.merged',
        `patient ${patientId} was merged into ${standing.mergedIntoId ?? 'another record'}`,
        { mergedIntoId: standing.mergedIntoId },
      );
    }
    if (input.encounterId) await requireEncounterOf(tx, patientId, input.encounterId);
    const now = platform.clock.now();
    const row = await repo.insertNote(tx, {
      id: newId(),
      patientId,
      encounterId: input.encounterId,
      kind: input.kind,
      title: input.title ?? noteTemplates[input.kind].defaultTitle,
      sections: input.sections,
      status: 'draft',
      authorUserId: actorId(principal),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await platform.audit.record(tx, {
      action: 'note.created',
      patientId,
      entityType: 'clinical_note',
      entityId: row.id,
      details: { kind: row.kind, ...(row.encounterId ? { encounterId: row.encounterId } : {}) },
    });
    const body = await viewNote(tx, row);
    await started.complete(201, body);
    return { statusCode: 201, body, replayed: false };
  });
}

/**
 * PATCH /api/v1/notes/:id: the author's autosave of a draft at the version they saw
 * (412 when another tab saved first). Sections sent replace those keys; others stay.
 */
export async function updateDraft(
  platform: Platform,
  principal: Principal | null,
  noteId: string,
  expectedVersion: number,
  changes: NoteChanges,
): Promise<Note> {
  return platform.db.transaction(async (tx) => {
    const row = await openDraftForChange(platform, tx, principal, noteId, {
      step: 'update',
      expectedVersion,
    });
    if (changes.sections) requireTemplateSections(row.kind, changes.sections);
    if (changes.encounterId) await requireEncounterOf(tx, row.patientId, changes.encounterId);
    const updated = await repo.updateNote(tx, row.id, {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.encounterId !== undefined ? { encounterId: changes.encounterId } : {}),
      ...(changes.sections ? { sections: { ...row.sections, ...changes.sections } } : {}),
      updatedAt: platform.clock.now(),
    });
    await platform.audit.record(tx, {
      action: 'note.updated',
      patientId: row.patientId,
      entityType: 'clinical_note',
      entityId: row.id,
      // Which parts changed, never their text.
      details: {
        version: updated.version,
        fields: Object.keys(changes).filter((k) => changes[k as keyof NoteChanges] !== undefined),
      },
    });
    return viewNote(tx, updated);
  });
}

/**
 * POST /api/v1/notes/:id/sign: the author signs the version they saw. From then on the
 * note row is frozen (migration 0450's trigger); corrections are addenda.
 */
export async function signNote(
  platform: Platform,
  principal: Principal | null,
  noteId: string,
  expectedVersion: number,
): Promise<Note> {
  return platform.db.transaction(async (tx) => {
    const row = await openDraftForChange(platform, tx, principal, noteId, {
      step: 'sign',
      expectedVersion,
    });
    if (isNoteEmpty(row.sections)) {
      throw new AppError('note.empty', `note ${row.id} has no text: write a section first`, {
        errors: [{ path: 'sections', rule: 'not_empty', message: 'every section is empty' }],
      });
    }
    const now = platform.clock.now();
    const signed = await repo.updateNote(tx, row.id, {
      status: 'signed',
      signedAt: now,
      signedBy: row.authorUserId,
      updatedAt: now,
    });
    await platform.audit.record(tx, {
      action: 'note.signed',
      patientId: row.patientId,
      entityType: 'clinical_note',
      entityId: row.id,
      details: { kind: row.kind, version: signed.version },
    });
    return viewNote(tx, signed);
  });
}

/** POST /api/v1/notes/:id/discard: the author drops a draft never signed (kept, hidden). */
export async function discardDraft(
  platform: Platform,
  principal: Principal | null,
  noteId: string,
  expectedVersion: number,
): Promise<Note> {
  return platform.db.transaction(async (tx) => {
    const row = await openDraftForChange(platform, tx, principal, noteId, {
      step: 'discard',
      expectedVersion,
    });
    const now = platform.clock.now();
    const discarded = await repo.updateNote(tx, row.id, {
      status: 'discarded',
      discardedAt: now,
      updatedAt: now,
    });
    await platform.audit.record(tx, {
      action: 'note.discarded',
      patientId: row.patientId,
      entityType: 'clinical_note',
      entityId: row.id,
    });
    return viewNote(tx, discarded);
  });
}
