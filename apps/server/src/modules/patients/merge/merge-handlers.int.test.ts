import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { apiCaller } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { mergeBody, patientRow } from '../../../../test/merge-fixtures.js';
import { newId } from '../../../platform/ids.js';
import type { MergeHandler, MergePair } from '../../../platform/patient-merge.js';

// "Another module": a real table of rows that belong to a patient, and its merge handler,
// which moves them and refuses when both records hold a primary note (one must go first).

let ctx: TestContext;
let adminCookie: string;
const call = apiCaller(
  () => ctx,
  () => adminCookie,
);
const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

const calls: { step: 'preview' | 'apply'; pair: MergePair }[] = [];
let unregister: (() => void) | null = null;

const notesHandler: MergeHandler = {
  name: 'test_notes',
  async preview(tx, pair) {
    calls.push({ step: 'preview', pair });
    const { rows } = await tx.execute<{ patient_id: string; code: string }>(sql`
      select patient_id, code from test_merge_note
       where patient_id in (${pair.survivorId}, ${pair.duplicateId}) for update`);
    const primaries = rows.filter((r) => r.code === 'PRIMARY');
    const conflicts =
      primaries.length > 1
        ? [{ source: 'test_notes', field: 'notes.primary', message: 'both have a primary note' }]
        : [];
    return { moves: rows.filter((r) => r.patient_id === pair.duplicateId).length, conflicts };
  },
  async apply(tx, pair) {
    calls.push({ step: 'apply', pair });
    const result = await tx.execute(sql`
      update test_merge_note set patient_id = ${pair.survivorId}
       where patient_id = ${pair.duplicateId}`);
    return result.rowCount ?? 0;
  },
};

async function addNote(patientId: string, code: string): Promise<void> {
  await q('insert into test_merge_note (id, patient_id, code) values ($1, $2, $3)', [
    newId(),
    patientId,
    code,
  ]);
}

const notesOf = (patientId: string) =>
  q<{ code: string }>('select code from test_merge_note where patient_id = $1 order by code', [
    patientId,
  ]).then((rows) => rows.map((r) => r.code));

beforeAll(async () => {
  ctx = await createTestContext();
  adminCookie = (await signedInStaff(ctx.platform, { roles: ['admin'] })).cookie;
  await q(`create table test_merge_note (
    id uuid primary key,
    patient_id uuid not null references patient (id),
    code text not null)`);
});
afterEach(() => {
  unregister?.();
  unregister = null;
  calls.length = 0;
});
afterAll(() => ctx.close());

describe("another module's merge handler", () => {
  it('is called with the pair, previews its moves and moves its rows to the survivor', async () => {
    unregister = ctx.platform.patientMerge.register(notesHandler);
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    await addNote(survivor.id, 'PRIMARY');
    await addNote(duplicate.id, 'A');
    await addNote(duplicate.id, 'B');
    const pair = { survivorId: survivor.id, duplicateId: duplicate.id };

    const preview = await call('POST', '/api/v1/patients/merge/preview', { body: pair });
    expect(preview.json()).toMatchObject({ conflicts: [], moves: { test_notes: 2 } });

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate),
    });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ moved: { test_notes: 2 } });
    expect(await notesOf(survivor.id)).toEqual(['A', 'B', 'PRIMARY']);
    expect(await notesOf(duplicate.id)).toEqual([]);
    expect(calls).toEqual([
      { step: 'preview', pair },
      { step: 'preview', pair },
      { step: 'apply', pair },
    ]);
  });

  it('blocks the merge with its conflict, and nothing of either record moves', async () => {
    unregister = ctx.platform.patientMerge.register(notesHandler);
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform, {
      phones: [{ kind: 'mobile', number: '+12025550166', preferred: false }],
    });
    await addNote(survivor.id, 'PRIMARY');
    await addNote(duplicate.id, 'PRIMARY');

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate),
    });

    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'patient.merge_conflict',
      conflicts: [{ source: 'test_notes', field: 'notes.primary' }],
    });
    expect(calls.map((c) => c.step)).toEqual(['preview']);
    expect(await notesOf(duplicate.id)).toEqual(['PRIMARY']);
    expect(await patientRow(ctx.platform, survivor.id)).toMatchObject({ version: 1, phones: [] });
    expect(await patientRow(ctx.platform, duplicate.id)).toMatchObject({ status: 'active' });
  });

  it('rolls the whole merge back when a handler fails while moving', async () => {
    unregister = ctx.platform.patientMerge.register({
      ...notesHandler,
      apply: () => Promise.reject(new Error('disk on fire')),
    });
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform, {
      phones: [{ kind: 'mobile', number: '+12025550177', preferred: false }],
    });

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate),
    });

    expect(res.statusCode).toBe(500);
    expect(await patientRow(ctx.platform, survivor.id)).toMatchObject({ version: 1, phones: [] });
    expect(await patientRow(ctx.platform, duplicate.id)).toMatchObject({
      version: 1,
      status: 'active',
      mergedIntoId: null,
    });
    expect(await q('select 1 from patient_mrn_alias where mrn = $1', [duplicate.mrn])).toEqual([]);
    expect(await q('select 1 from patient_merge where duplicate_id = $1', [duplicate.id])).toEqual(
      [],
    );
  });
});

describe('concurrent merges', () => {
  it('lets one of two merges of the same duplicate into different survivors win', async () => {
    const duplicate = await createPatient(ctx.platform);
    const first = await createPatient(ctx.platform);
    const second = await createPatient(ctx.platform);

    const results = await Promise.all([
      call('POST', '/api/v1/patients/merge', { body: mergeBody(first, duplicate) }),
      call('POST', '/api/v1/patients/merge', { body: mergeBody(second, duplicate) }),
    ]);

    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 412)).toHaveLength(1);
    const winner = statuses[0] === 200 ? first : second;
    expect(await patientRow(ctx.platform, duplicate.id)).toMatchObject({
      status: 'merged',
      mergedIntoId: winner.id,
    });
    expect(
      await q('select survivor_id from patient_merge where duplicate_id = $1', [duplicate.id]),
    ).toEqual([{ survivor_id: winner.id }]);
  });

  it('settles merges of A into B and B into A at once without a deadlock', async () => {
    const a = await createPatient(ctx.platform);
    const b = await createPatient(ctx.platform);

    const results = await Promise.all([
      call('POST', '/api/v1/patients/merge', { body: mergeBody(b, a) }),
      call('POST', '/api/v1/patients/merge', { body: mergeBody(a, b) }),
    ]);

    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
    expect(results.some((r) => r.json<{ code?: string }>().code === 'resource.conflict')).toBe(
      false,
    );
    const rows = await q<{ status: string }>(
      'select status from patient where id = any($1) order by status',
      [[a.id, b.id]],
    );
    expect(rows.map((r) => r.status)).toEqual(['active', 'merged']);
  });
});
