import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotePage } from '@meridian/contracts';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import {
  createNoteScene,
  draftNote,
  notesApi,
  signedNote,
  type NoteScene,
} from '../../../../test/clinical-notes-factories.js';
import { sessionCookieFor } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';

let ctx: TestContext;
let s: NoteScene;
const call = notesApi(() => ctx);
const day = 86_400_000;
const ids: Record<string, string> = {};
let startedAt: Date;

async function search(query: string, who: { cookie: string } = s.doc): Promise<NotePage> {
  const res = await call(who, 'GET', `/api/v1/patients/${s.patientId}/notes?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<NotePage>();
}

const titles = (page: NotePage) => page.items.map((n) => n.title);

/** A day later, with fresh sessions (the old ones timed out while idle). */
async function nextDay(): Promise<void> {
  ctx.clock.advance(day);
  for (const user of [s.doc, s.otherDoc, s.nurse, s.lab, s.frontDesk]) {
    user.cookie = await sessionCookieFor(ctx.platform, user.id);
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  s = await createNoteScene(ctx.platform);
  startedAt = ctx.clock.now();
  // Day 0: an H&P by doc; day 1: a SOAP note by otherDoc with an addendum; day 2: doc's
  // discharge summary, entered in error; day 3: doc's draft.
  ids.hp = (
    await signedNote(ctx, s.doc, s.patientId, {
      kind: 'history_physical',
      title: 'Admission H&P',
      sections: {
        chief_complaint: 'Crushing chest pain since this morning.',
        hpi: 'Pain radiates to the left arm; diaphoretic.',
        plan: 'Serial troponins, aspirin.',
      },
    })
  ).id;
  await nextDay();
  const soap = await signedNote(ctx, s.otherDoc, s.patientId, {
    kind: 'progress_soap',
    title: 'Day 2 progress',
    sections: { subjective: 'Slept well.', assessment: 'Improving.' },
  });
  ids.soap = soap.id;
  await call(s.otherDoc, 'POST', `/api/v1/notes/${soap.id}/addenda`, {
    body: { text: 'Echocardiogram shows preserved ejection fraction.' },
  });
  await nextDay();
  ids.dc = (
    await signedNote(ctx, s.doc, s.patientId, {
      kind: 'discharge_summary',
      title: 'Discharge summary',
      sections: { hospital_course: 'Uneventful; chest pain resolved.' },
    })
  ).id;
  await call(s.doc, 'POST', `/api/v1/notes/${ids.dc}/entered-in-error`, {
    body: { reason: 'Wrong patient' },
  });
  await nextDay();
  ids.draft = (
    await draftNote(ctx, s.doc, s.patientId, {
      kind: 'progress_soap',
      title: 'Day 4 progress',
      sections: { plan: 'Discharge tomorrow if pain free.' },
    })
  ).id;
  // Another patient's note with the same words never shows.
  const other = await createPatient(ctx.platform);
  await signedNote(ctx, s.doc, other.id, {
    kind: 'progress_soap',
    sections: { subjective: 'Chest pain.' },
  });
});
afterAll(() => ctx.close());

describe("a patient's notes", () => {
  it('lists newest first without discarded drafts, with cursor pages', async () => {
    expect(titles(await search(''))).toEqual([
      'Day 4 progress',
      'Discharge summary',
      'Day 2 progress',
      'Admission H&P',
    ]);
    const first = await search('limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await search(`limit=3&cursor=${first.nextCursor ?? ''}`);
    expect(titles(second)).toEqual(['Admission H&P']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await call(s.doc, 'GET', `/api/v1/patients/${s.patientId}/notes?cursor=bogus`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ path: 'query.cursor' }] });
  });

  it('finds words by their stem across title, sections and addenda', async () => {
    expect(titles(await search('q=pains')).sort()).toEqual([
      'Admission H&P',
      'Day 4 progress',
      'Discharge summary',
    ]);
    expect(titles(await search('q=echocardiogram'))).toEqual(['Day 2 progress']);
    expect(titles(await search('q=admission'))).toEqual(['Admission H&P']);
    expect(titles(await search(`q=${encodeURIComponent('"chest pain" -resolved')}`))).toEqual([
      'Admission H&P',
    ]);
    expect((await search('q=appendicitis')).items).toEqual([]);
  });

  it('answers a snippet with the matches marked, and none without a search', async () => {
    const [hit] = (await search('q=ejection')).items;
    expect(hit?.snippet?.filter((p) => p.isMatch).map((p) => p.text)).toEqual(['ejection']);
    expect(hit?.snippet?.map((p) => p.text).join('')).toContain('preserved ejection fraction');
    expect((await search('')).items.every((n) => n.snippet === null)).toBe(true);
  });

  it('filters by kind, author, status and creation time', async () => {
    expect(titles(await search('kind=progress_soap'))).toEqual([
      'Day 4 progress',
      'Day 2 progress',
    ]);
    expect(titles(await search('kind=history_physical&kind=discharge_summary'))).toEqual([
      'Discharge summary',
      'Admission H&P',
    ]);
    expect(titles(await search(`authorId=${s.otherDoc.id}`))).toEqual(['Day 2 progress']);
    expect(titles(await search('status=entered_in_error'))).toEqual(['Discharge summary']);
    expect(titles(await search('status=signed'))).toEqual(['Day 2 progress', 'Admission H&P']);
    expect(titles(await search('status=draft&q=pain'))).toEqual(['Day 4 progress']);
    const from = new Date(startedAt.getTime() + day).toISOString();
    const to = new Date(startedAt.getTime() + 3 * day).toISOString();
    expect(
      titles(await search(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)),
    ).toEqual(['Discharge summary', 'Day 2 progress']);
    const backwards = await call(
      s.doc,
      'GET',
      `/api/v1/patients/${s.patientId}/notes?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
    );
    expect(backwards.statusCode).toBe(400);
  });

  it('marks entered-in-error and counts addenda in the list', async () => {
    const page = await search('');
    const byId = new Map(page.items.map((n) => [n.id, n]));
    expect(byId.get(ids.dc ?? '')?.status).toBe('entered_in_error');
    expect(byId.get(ids.soap ?? '')?.addendumCount).toBe(1);
    expect(byId.get(ids.soap ?? '')?.author.id).toBe(s.otherDoc.id);
  });

  it('audits a search with the ids shown and never the words searched for', async () => {
    const seq = await lastAuditSeq(ctx.platform);
    await search('q=diaphoretic', s.nurse);
    const [row, ...more] = await auditRows(ctx.platform, ['note.search', 'note.list'], seq);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ action: 'note.search', actor_user_id: s.nurse.id });
    expect(row?.details.noteIds).toEqual([ids.hp]);
    expect(JSON.stringify(row)).not.toContain('diaphoretic');
  });

  it('refuses a reader without clinical.read', async () => {
    const res = await call(s.frontDesk, 'GET', `/api/v1/patients/${s.patientId}/notes?q=pain`);
    expect(res.statusCode).toBe(403);
  });
});
