import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNoteScene,
  draftNote,
  signedNote,
} from '../../../../test/clinical-notes-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller } from '../../../../test/http.js';
import { mergeBody, patientRow } from '../../../../test/merge-fixtures.js';
import { createPatient } from '../../../../test/patient-factories.js';

let ctx: TestContext;
let adminCookie: string;
const admin = apiCaller(
  () => ctx,
  () => adminCookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  adminCookie = (await signedInStaff(ctx.platform, { roles: ['admin'] })).cookie;
});
afterAll(() => ctx.close());

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

describe("merging patients' notes", () => {
  it("moves the duplicate's signed notes and drafts to the survivor, unchanged", async () => {
    const s = await createNoteScene(ctx.platform);
    const survivor = await createPatient(ctx.platform);
    const signed = await signedNote(ctx, s.doc, s.patientId);
    const draft = await draftNote(ctx, s.doc, s.patientId);
    const [before] = await q<{ row: Record<string, unknown> }>(
      'select to_jsonb(n) - $2::text as row from clinical_note n where id = $1',
      [signed.id, 'patient_id'],
    );

    const res = await admin('POST', '/api/v1/patients/merge', {
      body: mergeBody(
        await patientRow(ctx.platform, survivor.id),
        await patientRow(ctx.platform, s.patientId),
      ),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ moved: { clinical_notes: 2 } });
    const owners = await q<{ id: string; patient_id: string }>(
      'select id, patient_id from clinical_note where id = any($1)',
      [[signed.id, draft.id]],
    );
    expect(owners.map((o) => o.patient_id)).toEqual([survivor.id, survivor.id]);
    const [after] = await q<{ row: Record<string, unknown> }>(
      'select to_jsonb(n) - $2::text as row from clinical_note n where id = $1',
      [signed.id, 'patient_id'],
    );
    expect(after?.row).toEqual(before?.row);
  });

  it('refuses moving a signed note to any record other than the one its patient merged into', async () => {
    const s = await createNoteScene(ctx.platform);
    const other = await createPatient(ctx.platform);
    const signed = await signedNote(ctx, s.doc, s.patientId);
    await expect(
      q('update clinical_note set patient_id = $2 where id = $1', [signed.id, other.id]),
    ).rejects.toThrow(/cannot be changed|keeps its patient/);
  });
});
