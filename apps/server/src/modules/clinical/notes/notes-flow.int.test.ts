import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Note } from '@meridian/contracts';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import {
  createEncounterFor,
  createNoteScene,
  draftNote,
  notesApi,
  signedNote,
  type NoteScene,
} from '../../../../test/clinical-notes-factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';

let ctx: TestContext;
let s: NoteScene;
const call = notesApi(() => ctx);
const notesOf = (patientId: string) => `/api/v1/patients/${patientId}/notes`;

beforeAll(async () => {
  ctx = await createTestContext();
  s = await createNoteScene(ctx.platform);
});
afterAll(() => ctx.close());

describe('templates and drafts', () => {
  it('lists the three templates with their sections in order', async () => {
    const res = await call(s.nurse, 'GET', '/api/v1/note-templates');
    expect(res.statusCode).toBe(200);
    const kinds = res.json<{ items: { kind: string; sections: { key: string }[] }[] }>().items;
    expect(kinds.map((k) => k.kind)).toEqual([
      'progress_soap',
      'history_physical',
      'discharge_summary',
    ]);
    expect(kinds[0]?.sections.map((x) => x.key)).toEqual([
      'subjective',
      'objective',
      'assessment',
      'plan',
    ]);
    expect(kinds[1]?.sections).toHaveLength(10);
  });

  it.each([
    ['progress_soap', 'Progress note'],
    ['history_physical', 'History and physical'],
    ['discharge_summary', 'Discharge summary'],
  ] as const)(
    'creates a %s draft titled from its template, authored by the caller',
    async (kind, title) => {
      const seq = await lastAuditSeq(ctx.platform);
      const res = await call(s.doc, 'POST', notesOf(s.patientId), { body: { kind } });
      expect(res.statusCode, res.body).toBe(201);
      const note = res.json<Note>();
      expect(note).toMatchObject({
        kind,
        title,
        status: 'draft',
        version: 1,
        author: { id: s.doc.id },
        signedAt: null,
        addenda: [],
      });
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe(`/api/v1/notes/${note.id}`);
      const audits = await auditRows(ctx.platform, ['note.created'], seq);
      expect(audits).toMatchObject([{ entity_id: note.id, details: { kind } }]);
    },
  );

  it('links the draft to an encounter of the same patient only', async () => {
    const encounterId = await createEncounterFor(ctx.platform, s.patientId);
    const ok = await call(s.doc, 'POST', notesOf(s.patientId), {
      body: { kind: 'progress_soap', encounterId },
    });
    expect(ok.json<Note>().encounterId).toBe(encounterId);
    const other = await createPatient(ctx.platform);
    const refused = await call(s.doc, 'POST', notesOf(other.id), {
      body: { kind: 'progress_soap', encounterId },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      errors: [{ path: 'encounterId', rule: 'same_patient' }],
    });
  });

  it("refuses a section the kind's template does not have", async () => {
    const res = await call(s.doc, 'POST', notesOf(s.patientId), {
      body: { kind: 'progress_soap', sections: { hospital_course: 'x' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'sections.hospital_course', rule: 'unknown_section' }],
    });
  });

  it('makes one draft for a double-clicked create (Idempotency-Key)', async () => {
    const headers = { 'idempotency-key': 'draft-once-1' };
    const body = { kind: 'progress_soap' };
    const a = await call(s.doc, 'POST', notesOf(s.patientId), { body, headers });
    const b = await call(s.doc, 'POST', notesOf(s.patientId), { body, headers });
    expect(a.statusCode).toBe(201);
    expect(b.json<Note>().id).toBe(a.json<Note>().id);
  });
});

describe('autosave with If-Match', () => {
  it('saves section by section, keeping the others, and bumps the version', async () => {
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const res = await call(s.doc, 'PATCH', `/api/v1/notes/${draft.id}`, {
      version: draft.version,
      body: { sections: { plan: 'Continue current therapy.' }, title: 'Day 2 progress' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Note>()).toMatchObject({
      version: 2,
      title: 'Day 2 progress',
      sections: { subjective: 'Feels better today.', plan: 'Continue current therapy.' },
    });
    expect(res.headers.etag).toBe('"2"');
  });

  it('answers 412 to a save based on a stale version, and 428 without If-Match', async () => {
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const url = `/api/v1/notes/${draft.id}`;
    const body = { sections: { objective: 'BP 120/80' } };
    expect((await call(s.doc, 'PATCH', url, { version: 1, body })).statusCode).toBe(200);
    const stale = await call(s.doc, 'PATCH', url, { version: 1, body });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'resource.version_mismatch' });
    const bare = await call(s.doc, 'PATCH', url, { body });
    expect(bare.statusCode).toBe(428);
  });

  it("refuses another clinician's edit, sign or discard of a draft (403, audited)", async () => {
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const seq = await lastAuditSeq(ctx.platform);
    const url = `/api/v1/notes/${draft.id}`;
    const attempts = [
      await call(s.otherDoc, 'PATCH', url, { version: 1, body: { title: 'Mine now' } }),
      await call(s.otherDoc, 'POST', `${url}/sign`, { version: 1 }),
      await call(s.nurse, 'POST', `${url}/discard`, { version: 1 }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'note.not_author' });
    }
    const denials = await auditRows(ctx.platform, ['note.denied'], seq);
    expect(denials.map((d) => [d.actor_user_id, d.outcome, d.details.attempted])).toEqual([
      [s.otherDoc.id, 'denied', 'update'],
      [s.otherDoc.id, 'denied', 'sign'],
      [s.nurse.id, 'denied', 'discard'],
    ]);
    const after = await call(s.doc, 'GET', url);
    expect(after.json<Note>()).toMatchObject({ status: 'draft', version: 1 });
  });
});

describe('signing', () => {
  it('signs the version the author saw; the note is then read-only through the API', async () => {
    const draft = await draftNote(ctx, s.doc, s.patientId);
    ctx.clock.advance(60_000);
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call(s.doc, 'POST', `/api/v1/notes/${draft.id}/sign`, { version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    const signed = res.json<Note>();
    expect(signed).toMatchObject({
      status: 'signed',
      version: 2,
      signedBy: { id: s.doc.id },
      signedAt: ctx.clock.now().toISOString(),
    });
    expect(await auditRows(ctx.platform, ['note.signed'], seq)).toHaveLength(1);

    const url = `/api/v1/notes/${draft.id}`;
    for (const res2 of [
      await call(s.doc, 'PATCH', url, { version: 2, body: { title: 'changed' } }),
      await call(s.doc, 'POST', `${url}/sign`, { version: 2 }),
      await call(s.doc, 'POST', `${url}/discard`, { version: 2 }),
    ]) {
      expect(res2.statusCode).toBe(409);
      expect(res2.json()).toMatchObject({ code: 'note.not_draft' });
    }
  });

  it('refuses to sign a note with no text', async () => {
    const draft = await draftNote(ctx, s.doc, s.patientId, {
      kind: 'discharge_summary',
      sections: { follow_up: '   ' },
    });
    const res = await call(s.doc, 'POST', `/api/v1/notes/${draft.id}/sign`, { version: 1 });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'note.empty' });
  });

  it('refuses any change of a signed note in the database itself', async () => {
    const note = await signedNote(ctx, s.doc, s.patientId);
    const pool = ctx.platform.database.pool;
    const statements = [
      `update clinical_note set title = 'tampered' where id = $1`,
      `update clinical_note set sections = '{"plan":"x"}' where id = $1`,
      `update clinical_note set status = 'draft', signed_at = null, signed_by = null where id = $1`,
      `update clinical_note set version = version where id = $1`,
      `delete from clinical_note where id = $1`,
    ];
    for (const statement of statements) {
      const refusal = await pool.query(statement, [note.id]).then(
        () => null,
        (e: unknown) => e as { code?: string; constraint?: string },
      );
      expect(refusal?.code).toBe('23514');
      expect(['clinical_note_signed_immutable', 'clinical_note_never_deleted']).toContain(
        refusal?.constraint,
      );
    }
    const { rows } = await pool.query<{ title: string; status: string }>(
      'select title, status from clinical_note where id = $1',
      [note.id],
    );
    expect(rows[0]).toEqual({ title: note.title, status: 'signed' });
  });

  it('lets a raw update change a draft but never the same note once signed', async () => {
    // The trigger, not the service, is the guarantee: a raw update of a draft works...
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const pool = ctx.platform.database.pool;
    await pool.query(`update clinical_note set title = 'raw edit' where id = $1`, [draft.id]);
    // ...and once signed it never does.
    await pool.query(
      `update clinical_note set status = 'signed', signed_at = now(), signed_by = author_user_id
        where id = $1`,
      [draft.id],
    );
    await expect(
      pool.query(`update clinical_note set title = 'again' where id = $1`, [draft.id]),
    ).rejects.toMatchObject({ constraint: 'clinical_note_signed_immutable' });
  });
});

describe('addenda', () => {
  it('adds signed addenda by any clinician under the note, oldest first, written once', async () => {
    const note = await signedNote(ctx, s.doc, s.patientId);
    const url = `/api/v1/notes/${note.id}/addenda`;
    const seq = await lastAuditSeq(ctx.platform);
    ctx.clock.advance(60_000);
    const first = await call(s.doc, 'POST', url, { body: { text: 'Potassium rechecked: 4.1.' } });
    expect(first.statusCode, first.body).toBe(200);
    ctx.clock.advance(60_000);
    const second = await call(s.nurse, 'POST', url, { body: { text: 'Patient informed.' } });
    const withAddenda = second.json<Note>();
    expect(withAddenda.status).toBe('signed');
    expect(withAddenda.addenda.map((a) => [a.text, a.author.id])).toEqual([
      ['Potassium rechecked: 4.1.', s.doc.id],
      ['Patient informed.', s.nurse.id],
    ]);
    expect(withAddenda.addendumCount).toBe(2);
    expect(withAddenda.addenda[1]?.signedAt).toBe(ctx.clock.now().toISOString());
    const audits = await auditRows(ctx.platform, ['note.addendum_added'], seq);
    expect(audits.map((a) => a.details.addendumId)).toEqual(withAddenda.addenda.map((a) => a.id));

    const pool = ctx.platform.database.pool;
    await expect(
      pool.query(`update clinical_note_addendum set text = 'x' where note_id = $1`, [note.id]),
    ).rejects.toMatchObject({ constraint: 'clinical_note_append_only' });
    await expect(
      pool.query(`delete from clinical_note_addendum where note_id = $1`, [note.id]),
    ).rejects.toMatchObject({ constraint: 'clinical_note_append_only' });
  });

  it('refuses an addendum to a draft or an empty addendum', async () => {
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const res = await call(s.doc, 'POST', `/api/v1/notes/${draft.id}/addenda`, {
      body: { text: 'too early' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'note.not_signed' });
    const note = await signedNote(ctx, s.doc, s.patientId);
    const empty = await call(s.doc, 'POST', `/api/v1/notes/${note.id}/addenda`, {
      body: { text: '  ' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ errors: [{ path: 'text' }] });
  });
});

describe('entered in error and discarding', () => {
  it('marks a signed note entered in error with a reason, keeping its text', async () => {
    const note = await signedNote(ctx, s.doc, s.patientId, {
      kind: 'progress_soap',
      sections: { assessment: 'Written on the wrong chart.' },
    });
    const seq = await lastAuditSeq(ctx.platform);
    const url = `/api/v1/notes/${note.id}/entered-in-error`;
    const res = await call(s.otherDoc, 'POST', url, { body: { reason: 'Wrong patient' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Note>()).toMatchObject({
      status: 'entered_in_error',
      sections: { assessment: 'Written on the wrong chart.' },
      enteredInError: { reason: 'Wrong patient', by: { id: s.otherDoc.id } },
    });
    const audits = await auditRows(ctx.platform, ['note.entered_in_error'], seq);
    expect(audits).toMatchObject([{ entity_id: note.id, actor_user_id: s.otherDoc.id }]);
    // Ids only: the reason is free text and stays out of the audit row.
    expect(JSON.stringify(audits[0]?.details)).not.toContain('Wrong patient');

    const again = await call(s.doc, 'POST', url, { body: { reason: 'twice' } });
    expect(again.json()).toMatchObject({ code: 'note.entered_in_error' });
    const addendum = await call(s.doc, 'POST', `/api/v1/notes/${note.id}/addenda`, {
      body: { text: 'late' },
    });
    expect(addendum.statusCode).toBe(409);
    expect(addendum.json()).toMatchObject({ code: 'note.entered_in_error' });
  });

  it('refuses entered-in-error without a reason, for a draft, and without clinical.write', async () => {
    const note = await signedNote(ctx, s.doc, s.patientId);
    const url = `/api/v1/notes/${note.id}/entered-in-error`;
    const noReason = await call(s.doc, 'POST', url, { body: { reason: '' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ errors: [{ path: 'reason' }] });
    const lab = await call(s.lab, 'POST', url, { body: { reason: 'nope' } });
    expect(lab.statusCode).toBe(403);
    expect(lab.json()).toMatchObject({ code: 'access.forbidden' });
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const onDraft = await call(s.doc, 'POST', `/api/v1/notes/${draft.id}/entered-in-error`, {
      body: { reason: 'use discard' },
    });
    expect(onDraft.json()).toMatchObject({ code: 'note.not_signed' });
  });

  it('lets the author discard a draft: kept, hidden from the list unless asked for', async () => {
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const res = await call(s.doc, 'POST', `/api/v1/notes/${draft.id}/discard`, { version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Note>()).toMatchObject({ status: 'discarded', version: 2 });
    const list = await call(s.doc, 'GET', `${notesOf(s.patientId)}?limit=100`);
    expect(list.json<{ items: Note[] }>().items.map((n) => n.id)).not.toContain(draft.id);
    const discarded = await call(s.doc, 'GET', `${notesOf(s.patientId)}?status=discarded`);
    expect(discarded.json<{ items: Note[] }>().items.map((n) => n.id)).toContain(draft.id);
    const pool = ctx.platform.database.pool;
    await expect(
      pool.query(`update clinical_note set status = 'draft' where id = $1`, [draft.id]),
    ).rejects.toMatchObject({ constraint: 'clinical_note_signed_immutable' });
  });
});

describe('access and audit of reads', () => {
  it('audits every read of one note, and a list, with ids only', async () => {
    const note = await signedNote(ctx, s.doc, s.patientId);
    const seq = await lastAuditSeq(ctx.platform);
    const one = await call(s.lab, 'GET', `/api/v1/notes/${note.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json<Note>().sections).toEqual(note.sections);
    await call(s.lab, 'GET', notesOf(s.patientId));
    const reads = await auditRows(ctx.platform, ['note.read', 'note.list'], seq);
    expect(reads.map((r) => [r.action, r.actor_user_id])).toEqual([
      ['note.read', s.lab.id],
      ['note.list', s.lab.id],
    ]);
    expect(reads[1]?.details.noteIds).toContain(note.id);
  });

  it('refuses users without clinical.read or clinical.write, audited', async () => {
    const note = await signedNote(ctx, s.doc, s.patientId);
    const seq = await lastAuditSeq(ctx.platform);
    const read = await call(s.frontDesk, 'GET', `/api/v1/notes/${note.id}`);
    const list = await call(s.frontDesk, 'GET', notesOf(s.patientId));
    const create = await call(s.lab, 'POST', notesOf(s.patientId), {
      body: { kind: 'progress_soap' },
    });
    expect([read.statusCode, list.statusCode, create.statusCode]).toEqual([403, 403, 403]);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials.length).toBeGreaterThanOrEqual(3);
    expect(denials.every((d) => d.outcome === 'denied')).toBe(true);
  });

  it('asks for break-the-glass on a restricted patient, and answers 404 for unknown ids', async () => {
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const res = await call(s.doc, 'GET', notesOf(vip.id));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'access.break_glass_required', patientId: vip.id });
    const missing = await call(s.doc, 'GET', '/api/v1/notes/0190b1d0-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    const noPatient = await call(s.doc, 'GET', notesOf('0190b1d0-0000-7000-8000-000000000000'));
    expect(noPatient.statusCode).toBe(404);
  });
});
