import type { Note, NoteCreateInput, Role } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import type { TestContext } from './harness.js';
import { signedInStaff, type TestUser } from './factories.js';
import { createPatient } from './patient-factories.js';

export type Clinician = TestUser & { cookie: string };

export interface NoteScene {
  patientId: string;
  /** Writes notes. */
  doc: Clinician;
  /** Another physician: not the author of doc's drafts. */
  otherDoc: Clinician;
  nurse: Clinician;
  /** Reads charts only (clinical.read, no clinical.write). */
  lab: Clinician;
  /** No clinical permission at all. */
  frontDesk: Clinician;
}

export async function createNoteScene(platform: Platform): Promise<NoteScene> {
  const p = await createPatient(platform);
  const staff = (roles: Role[]) => signedInStaff(platform, { roles });
  return {
    patientId: p.id,
    doc: await staff(['physician']),
    otherDoc: await staff(['physician']),
    nurse: await staff(['nurse']),
    lab: await staff(['lab']),
    frontDesk: await staff(['front_desk']),
  };
}

/** An encounter of the patient, straight to the database (the encounters area owns it). */
export async function createEncounterFor(platform: Platform, patientId: string): Promise<string> {
  const id = newId();
  await platform.database.pool.query(
    `insert into encounter (id, patient_id, class, status, started_at)
     values ($1, $2, 'ambulatory', 'in_progress', $3)`,
    [id, patientId, platform.clock.now()],
  );
  return id;
}

/** Calls the notes API as `who`; JSON bodies, If-Match from a version when given. */
export function notesApi(ctx: () => TestContext) {
  return (
    who: { cookie: string },
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    o: { body?: unknown; version?: number; headers?: Record<string, string> } = {},
  ) =>
    ctx().app.inject({
      method,
      url,
      headers: {
        cookie: who.cookie,
        ...(o.version === undefined ? {} : { 'if-match': `"${o.version}"` }),
        ...o.headers,
      },
      ...(o.body === undefined ? {} : { payload: o.body as Record<string, unknown> }),
    });
}

/** A draft by `author` through the API (must succeed). */
export async function draftNote(
  ctx: TestContext,
  author: { cookie: string },
  patientId: string,
  body: NoteCreateInput = {
    kind: 'progress_soap',
    sections: { subjective: 'Feels better today.' },
  },
): Promise<Note> {
  const res = await notesApi(() => ctx)(author, 'POST', `/api/v1/patients/${patientId}/notes`, {
    body,
  });
  if (res.statusCode !== 201) throw new Error(`draft failed: ${res.statusCode} ${res.body}`);
  return res.json<Note>();
}

/** A signed note by `author` through the API (must succeed). */
export async function signedNote(
  ctx: TestContext,
  author: { cookie: string },
  patientId: string,
  body?: NoteCreateInput,
): Promise<Note> {
  const draft = await draftNote(ctx, author, patientId, body);
  const res = await notesApi(() => ctx)(author, 'POST', `/api/v1/notes/${draft.id}/sign`, {
    version: draft.version,
  });
  if (res.statusCode !== 200) throw new Error(`sign failed: ${res.statusCode} ${res.body}`);
  return res.json<Note>();
}
