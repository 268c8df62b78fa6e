import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EncounterDetail, EncounterEntries, EncounterTimelinePage } from '@meridian/contracts';
import { admitPatient } from '../../../../test/admissions-factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import {
  encounterHistoryOf,
  insertEncounters,
  seedIcd10cmCodes,
  testCodes,
} from '../../../../test/clinical-encounters-factories.js';
import { sessionCookieFor, signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createClinic, createPractitioner } from '../../../../test/scheduling-factories.js';
import { createWard } from '../../../../test/admissions-factories.js';
import { signedNote } from '../../../../test/clinical-notes-factories.js';
import { createProblem } from '../../../../test/clinical-problems-factories.js';
import { deterioratingVitals, recordVitals } from '../../../../test/clinical-vitals-factories.js';
import { mergeBody } from '../../../../test/merge-fixtures.js';

let ctx: TestContext;
let facilityId: string;
let doc: { id: string; displayName: string };
let nurseDoc: { id: string; displayName: string };
let physician: { id: string; cookie: string };
let frontDesk: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => physician.cookie,
);
const minute = 60_000;

beforeAll(async () => {
  ctx = await createTestContext();
  const clinic = await createClinic(ctx.platform);
  facilityId = clinic.facilityId;
  doc = await createPractitioner(ctx.platform, { facilityId, displayName: 'Dr. Ada Osei' });
  nurseDoc = await createPractitioner(ctx.platform, { facilityId, displayName: 'Dr. Ben Ito' });
  physician = await signedInStaff(ctx.platform, {
    roles: ['physician'],
    facilityIds: [facilityId],
  });
  frontDesk = await signedInStaff(ctx.platform, {
    roles: ['front_desk'],
    facilityIds: [facilityId],
  });
  await seedIcd10cmCodes(ctx.platform);
});
afterAll(() => ctx.close());
// Sessions idle out after 15 minutes of the test clock.
beforeEach(async () => {
  physician.cookie = await sessionCookieFor(ctx.platform, physician.id);
  frontDesk.cookie = await sessionCookieFor(ctx.platform, frontDesk.id);
});

async function emergency(patientId?: string, extra: Record<string, unknown> = {}) {
  const pid = patientId ?? (await createPatient(ctx.platform)).id;
  const res = await call('POST', '/api/v1/encounters', {
    body: {
      patientId: pid,
      facilityId,
      class: 'emergency',
      reason: 'Chest pain',
      participants: [{ practitionerId: doc.id, role: 'attending' }],
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<EncounterDetail>();
}

describe('starting and changing an encounter by hand', () => {
  it('starts an emergency encounter in progress with its participants, audited', async () => {
    const seq = await lastAuditSeq(ctx.platform);
    const e = await emergency();
    expect(e).toMatchObject({
      class: 'emergency',
      status: 'in_progress',
      reason: 'Chest pain',
      startedAt: ctx.clock.now().toISOString(),
      endedAt: null,
      facility: { id: facilityId, timeZone: 'America/New_York' },
      participants: [{ practitionerId: doc.id, display: 'Dr. Ada Osei', role: 'attending' }],
      diagnoses: [],
      version: 1,
    });
    const audits = await auditRows(ctx.platform, ['encounter.created'], seq);
    expect(audits).toMatchObject([{ entity_type: 'encounter', entity_id: e.id }]);
  });

  it('replays a create sent twice with the same Idempotency-Key', async () => {
    const p = await createPatient(ctx.platform);
    const send = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/encounters',
        headers: { cookie: physician.cookie, 'idempotency-key': `enc-${p.id}` },
        payload: { patientId: p.id, facilityId, class: 'emergency' },
      });
    const first = await send();
    const second = await send();
    expect(second.statusCode).toBe(201);
    expect(second.json<EncounterDetail>().id).toBe(first.json<EncounterDetail>().id);
    const { rows } = await ctx.platform.database.pool.query(
      'select id from encounter where patient_id = $1',
      [p.id],
    );
    expect(rows).toHaveLength(1);
  });

  it.each([
    [{ startedAt: '2026-01-16T09:00:00Z' }, 422, 'encounter.in_future', 'startedAt'],
    [{ class: 'inpatient' }, 400, 'validation.failed', 'class'],
    [
      {
        participants: [{ practitionerId: '0190aaaa-0000-7000-8000-000000000000', role: 'primary' }],
      },
      400,
      'validation.failed',
      'participants.0.practitionerId',
    ],
  ])('refuses %j naming the field', async (change, status, code, path) => {
    const p = await createPatient(ctx.platform);
    const res = await call('POST', '/api/v1/encounters', {
      body: { patientId: p.id, facilityId, class: 'emergency', ...change },
    });
    expect(res.statusCode, res.body).toBe(status);
    const problem = res.json<TestProblem>();
    expect(problem.code).toBe(code);
    expect(problem.errors?.map((e) => e.path)).toContain(path);
  });

  it('updates reason and participants with If-Match, keeping the version it replaced', async () => {
    const e = await emergency();
    const missing = await call('PATCH', `/api/v1/encounters/${e.id}`, { body: { reason: 'x' } });
    expect(missing.statusCode).toBe(428);
    const stale = await call('PATCH', `/api/v1/encounters/${e.id}`, {
      body: { reason: 'x' },
      ifMatch: '"7"',
    });
    expect(stale.statusCode).toBe(412);
    const res = await call('PATCH', `/api/v1/encounters/${e.id}`, {
      body: {
        reason: 'Chest pain, resolved',
        participants: [
          { practitionerId: nurseDoc.id, role: 'attending' },
          { practitionerId: doc.id, role: 'consultant' },
        ],
      },
      ifMatch: '"1"',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json<EncounterDetail>()).toMatchObject({
      reason: 'Chest pain, resolved',
      participants: [
        { practitionerId: nurseDoc.id, role: 'attending' },
        { practitionerId: doc.id, role: 'consultant' },
      ],
    });
    const history = await encounterHistoryOf(ctx.platform, e.id);
    expect(history).toMatchObject([
      {
        version: 1,
        snapshot: {
          reason: 'Chest pain',
          participants: [{ practitioner_id: doc.id, role: 'attending' }],
        },
      },
    ]);
  });

  it('finishes once, not before its start; a finished one cannot be finished again', async () => {
    const e = await emergency();
    const early = await call('POST', `/api/v1/encounters/${e.id}/finish`, {
      body: { endedAt: '2026-01-01T00:00:00Z' },
      ifMatch: '"1"',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'endedAt',
      rule: 'not_before_start',
    });
    ctx.clock.advance(90 * minute);
    physician.cookie = await sessionCookieFor(ctx.platform, physician.id);
    const done = await call('POST', `/api/v1/encounters/${e.id}/finish`, {
      body: {},
      ifMatch: '"1"',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<EncounterDetail>()).toMatchObject({
      status: 'finished',
      endedAt: ctx.clock.now().toISOString(),
    });
    const again = await call('POST', `/api/v1/encounters/${e.id}/finish`, {
      body: {},
      ifMatch: '"2"',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<TestProblem>()).toMatchObject({
      code: 'encounter.invalid_transition',
      errors: [{ path: 'status', rule: 'not_from_finished' }],
    });
  });

  it('enters an encounter in error with a reason; then it takes no changes', async () => {
    const e = await emergency();
    const res = await call('POST', `/api/v1/encounters/${e.id}/entered-in-error`, {
      body: { reason: 'Opened for the wrong patient' },
      ifMatch: '"1"',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<EncounterDetail>()).toMatchObject({
      status: 'entered_in_error',
      statusReason: 'Opened for the wrong patient',
    });
    const edit = await call('PATCH', `/api/v1/encounters/${e.id}`, {
      body: { reason: 'x' },
      ifMatch: '"2"',
    });
    expect(edit.json<TestProblem>().code).toBe('encounter.invalid_transition');
  });

  it("refuses to finish or retire a stay's encounter by hand: the stay decides", async () => {
    const ward = await createWard(ctx.platform, { facilityId, rooms: 1, bedsPerRoom: 1 });
    const p = await createPatient(ctx.platform);
    const stay = await admitPatient(ctx.platform, {
      patientId: p.id,
      facilityId,
      practitionerId: doc.id,
      bedId: ward.beds[0]?.id ?? null,
    });
    const { rows } = await ctx.platform.database.pool.query<{ id: string }>(
      'select id from encounter where stay_id = $1',
      [stay.id],
    );
    const id = rows[0]?.id ?? '';
    for (const step of ['finish', 'entered-in-error']) {
      const res = await call('POST', `/api/v1/encounters/${id}/${step}`, {
        body: step === 'finish' ? {} : { reason: 'Wrong' },
        ifMatch: '"1"',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<TestProblem>().errors?.[0]?.rule).toBe('managed_by_stay');
    }
  });
});

describe('access', () => {
  it('refuses the front desk (no clinical.read) and audits the denial', async () => {
    const e = await emergency();
    const seq = await lastAuditSeq(ctx.platform);
    const list = await call('GET', `/api/v1/patients/${e.patientId}/encounters`, {
      cookie: frontDesk.cookie,
    });
    expect(list.statusCode).toBe(403);
    const one = await call('GET', `/api/v1/encounters/${e.id}`, { cookie: frontDesk.cookie });
    expect(one.statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials.length).toBeGreaterThanOrEqual(2);
    expect(denials[0]).toMatchObject({
      actor_user_id: frontDesk.id,
      details: { permission: 'clinical.read' },
    });
  });

  it("asks to break the glass for a restricted patient's timeline, audited with the patient", async () => {
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/patients/${vip.id}/encounters`);
    expect(res.statusCode).toBe(403);
    expect(res.json<TestProblem>().code).toBe('access.break_glass_required');
    const { rows } = await ctx.platform.database.pool.query<{ patient_id: string }>(
      "select patient_id from audit_event where action = 'access.denied' and seq > $1",
      [seq],
    );
    expect(rows.map((r) => r.patient_id)).toEqual([vip.id]);
  });

  it('audits each read of an encounter and of the timeline', async () => {
    const e = await emergency();
    const seq = await lastAuditSeq(ctx.platform);
    expect((await call('GET', `/api/v1/encounters/${e.id}`)).headers.etag).toBe('"1"');
    await call('GET', `/api/v1/patients/${e.patientId}/encounters`);
    const reads = await auditRows(ctx.platform, ['encounter.read', 'encounter.timeline_read'], seq);
    expect(reads.map((r) => r.action)).toEqual(['encounter.read', 'encounter.timeline_read']);
  });
});

describe('the timeline', () => {
  async function pages(patientId: string, query = '') {
    const seen: EncounterTimelinePage['items'] = [];
    let cursor: string | null = null;
    let count = 0;
    do {
      const res = await call(
        'GET',
        `/api/v1/patients/${patientId}/encounters?limit=20${query}` +
          (cursor ? `&cursor=${cursor}` : ''),
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<EncounterTimelinePage>();
      seen.push(...page.items);
      cursor = page.nextCursor;
      count += 1;
    } while (cursor && count < 20);
    return { seen, count };
  }

  it('pages newest first by (start, id), every encounter once, ties broken by id', async () => {
    const p = await createPatient(ctx.platform);
    const ids = await insertEncounters(ctx.platform, {
      patientId: p.id,
      facilityId,
      practitionerId: doc.id,
      count: 45,
      newest: new Date('2026-01-10T15:00:00Z'),
    });
    const { seen, count } = await pages(p.id);
    expect(count).toBe(3);
    expect(seen).toHaveLength(45);
    expect(new Set(seen.map((i) => i.id)).size).toBe(45);
    const expected = [...seen].sort(
      (a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id),
    );
    expect(seen.map((i) => i.id)).toEqual(expected.map((i) => i.id));
    expect(new Set(seen.map((i) => i.id))).toEqual(new Set(ids));
    expect(seen[0]).toMatchObject({
      class: 'ambulatory',
      status: 'finished',
      facility: { id: facilityId, timeZone: 'America/New_York' },
      participants: [{ practitionerId: doc.id, display: 'Dr. Ada Osei', role: 'primary' }],
      principalDiagnosis: { code: 'I10', display: 'Essential (primary) hypertension' },
      appointmentId: null,
      stayId: null,
    });
  });

  it('keeps its place when a newer encounter starts between pages', async () => {
    const p = await createPatient(ctx.platform);
    await insertEncounters(ctx.platform, {
      patientId: p.id,
      facilityId,
      practitionerId: doc.id,
      count: 5,
      newest: new Date('2026-01-10T15:00:00Z'),
    });
    const first = (
      await call('GET', `/api/v1/patients/${p.id}/encounters?limit=2`)
    ).json<EncounterTimelinePage>();
    const fresh = await emergency(p.id);
    const rest = (
      await call('GET', `/api/v1/patients/${p.id}/encounters?limit=10&cursor=${first.nextCursor}`)
    ).json<EncounterTimelinePage>();
    expect(rest.items).toHaveLength(3);
    expect(rest.items.map((i) => i.id)).not.toContain(fresh.id);
    expect(rest.nextCursor).toBeNull();
  });

  it('leaves out encounters entered in error unless asked', async () => {
    const p = await createPatient(ctx.platform);
    const e = await emergency(p.id);
    await call('POST', `/api/v1/encounters/${e.id}/entered-in-error`, {
      body: { reason: 'Duplicate' },
      ifMatch: '"1"',
    });
    const hidden = await call('GET', `/api/v1/patients/${p.id}/encounters`);
    expect(hidden.json<EncounterTimelinePage>().items).toHaveLength(0);
    const shown = await call(
      'GET',
      `/api/v1/patients/${p.id}/encounters?includeEnteredInError=true`,
    );
    expect(shown.json<EncounterTimelinePage>().items.map((i) => i.status)).toEqual([
      'entered_in_error',
    ]);
  });

  it.each(['garbage', Buffer.from('en1|2026-13-45 00:00:00+00|x').toString('base64url')])(
    'refuses a cursor it did not issue (%s)',
    async (cursor) => {
      const p = await createPatient(ctx.platform);
      const res = await call('GET', `/api/v1/patients/${p.id}/encounters?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.json<TestProblem>().errors?.[0]).toMatchObject({
        path: 'query.cursor',
        rule: 'invalid_cursor',
      });
    },
  );

  it('answers 404 for a patient that does not exist', async () => {
    const res = await call(
      'GET',
      '/api/v1/patients/0190aaaa-0000-7000-8000-000000000000/encounters',
    );
    expect(res.statusCode).toBe(404);
  });
});

describe('diagnoses', () => {
  const add = (id: string, code: string, rank: 'principal' | 'secondary') =>
    call('POST', `/api/v1/encounters/${id}/diagnoses`, { body: { code, rank } });

  it('adds a billable principal and secondaries, display from the code set, in order', async () => {
    const e = await emergency();
    const first = await add(e.id, 'e119', 'principal');
    expect(first.statusCode, first.body).toBe(201);
    await add(e.id, testCodes.hypertension, 'secondary');
    const last = await add(e.id, testCodes.asthma, 'secondary');
    expect(last.json<EncounterDetail>().diagnoses.map((d) => [d.code, d.rank, d.position])).toEqual(
      [
        ['E11.9', 'principal', 0],
        ['I10', 'secondary', 1],
        ['J45.909', 'secondary', 2],
      ],
    );
    expect(last.json<EncounterDetail>().diagnoses[0]?.display).toBe(
      'Type 2 diabetes mellitus without complications',
    );
  });

  it.each([
    ['Z99.999', 'principal', 422, 'encounter.unknown_code', 'unknown_code'],
    [testCodes.retired, 'secondary', 422, 'encounter.unknown_code', 'retired_code'],
    [testCodes.diabetesCategory, 'principal', 422, 'encounter.not_billable', 'billable_principal'],
    ['XYZ', 'principal', 400, 'validation.failed', 'invalid_format'],
  ] as const)('refuses %s as %s: %s %s', async (code, rank, status, problemCode, rule) => {
    const e = await emergency();
    const res = await add(e.id, code, rank);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json<TestProblem>()).toMatchObject({
      code: problemCode,
      errors: [{ path: 'code', rule }],
    });
  });

  it('refuses a second principal and a code twice', async () => {
    const e = await emergency();
    await add(e.id, testCodes.diabetes, 'principal');
    const second = await add(e.id, testCodes.pneumonia, 'principal');
    expect(second.statusCode).toBe(409);
    expect(second.json<TestProblem>().code).toBe('encounter.principal_exists');
    const twice = await add(e.id, testCodes.diabetes, 'secondary');
    expect(twice.json<TestProblem>().code).toBe('encounter.diagnosis_exists');
  });

  it('lets one of two simultaneous principals in', async () => {
    const e = await emergency();
    const answers = await Promise.all([
      add(e.id, testCodes.diabetes, 'principal'),
      add(e.id, testCodes.pneumonia, 'principal'),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('is guaranteed by the database: a second active principal is refused there', async () => {
    const e = await emergency();
    await add(e.id, testCodes.diabetes, 'principal');
    await expect(
      ctx.platform.database.pool.query(
        `insert into encounter_diagnosis (id, encounter_id, code, display, rank)
         values (gen_random_uuid(), $1, 'I10', 'Essential (primary) hypertension', 'principal')`,
        [e.id],
      ),
    ).rejects.toMatchObject({ constraint: 'encounter_diagnosis_one_principal' });
  });

  it('swaps the principal in one request, and refuses a non-billable or stale order', async () => {
    const e = await emergency();
    const a = (await add(e.id, testCodes.diabetes, 'principal')).json<EncounterDetail>();
    const principalId = a.diagnoses[0]?.id ?? '';
    const b = (await add(e.id, testCodes.hypertension, 'secondary')).json<EncounterDetail>();
    const secondId = b.diagnoses[1]?.id ?? '';
    const c = (await add(e.id, testCodes.diabetesCategory, 'secondary')).json<EncounterDetail>();
    const categoryId = c.diagnoses[2]?.id ?? '';

    const swapped = await call('PUT', `/api/v1/encounters/${e.id}/diagnoses/order`, {
      body: { principalId: secondId, secondaryIds: [categoryId, principalId] },
    });
    expect(swapped.statusCode, swapped.body).toBe(200);
    expect(
      swapped.json<EncounterDetail>().diagnoses.map((d) => [d.code, d.rank, d.position]),
    ).toEqual([
      ['I10', 'principal', 0],
      ['E11', 'secondary', 1],
      ['E11.9', 'secondary', 2],
    ]);

    const category = await call('PUT', `/api/v1/encounters/${e.id}/diagnoses/order`, {
      body: { principalId: categoryId, secondaryIds: [secondId, principalId] },
    });
    expect(category.json<TestProblem>()).toMatchObject({
      code: 'encounter.not_billable',
      errors: [{ path: 'principalId' }],
    });
    const stale = await call('PUT', `/api/v1/encounters/${e.id}/diagnoses/order`, {
      body: { principalId: secondId, secondaryIds: [principalId] },
    });
    expect(stale.json<TestProblem>().code).toBe('encounter.diagnoses_changed');
  });

  it('enters a diagnosis in error (kept, with the reason); the code may then be added again', async () => {
    const e = await emergency();
    const added = (await add(e.id, testCodes.diabetes, 'principal')).json<EncounterDetail>();
    const id = added.diagnoses[0]?.id ?? '';
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call('POST', `/api/v1/encounters/${e.id}/diagnoses/${id}/entered-in-error`, {
      body: { reason: 'Coded on the wrong encounter' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<EncounterDetail>().diagnoses).toMatchObject([
      { id, status: 'entered_in_error', removedReason: 'Coded on the wrong encounter' },
    ]);
    expect(
      await auditRows(ctx.platform, ['encounter.diagnosis_entered_in_error'], seq),
    ).toHaveLength(1);
    const again = await add(e.id, testCodes.diabetes, 'principal');
    expect(again.statusCode).toBe(201);
    const twice = await call(
      'POST',
      `/api/v1/encounters/${e.id}/diagnoses/${id}/entered-in-error`,
      {
        body: { reason: 'Again' },
      },
    );
    expect(twice.statusCode).toBe(409);
  });

  it('takes no diagnosis on an encounter entered in error', async () => {
    const e = await emergency();
    await call('POST', `/api/v1/encounters/${e.id}/entered-in-error`, {
      body: { reason: 'Duplicate' },
      ifMatch: '"1"',
    });
    const res = await add(e.id, testCodes.diabetes, 'principal');
    expect(res.statusCode).toBe(409);
    expect(res.json<TestProblem>().code).toBe('encounter.invalid_transition');
  });
});

describe('a patient merge', () => {
  it("moves the duplicate's encounters to the survivor's timeline", async () => {
    const admin = await signedInStaff(ctx.platform, {
      roles: ['admin'],
      facilityIds: [facilityId],
    });
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    await insertEncounters(ctx.platform, {
      patientId: survivor.id,
      facilityId,
      practitionerId: doc.id,
      count: 1,
      newest: new Date('2026-01-02T15:00:00Z'),
    });
    const moving = await insertEncounters(ctx.platform, {
      patientId: duplicate.id,
      facilityId,
      practitionerId: doc.id,
      count: 2,
      newest: new Date('2026-01-05T15:00:00Z'),
    });
    const preview = await call('POST', '/api/v1/patients/merge/preview', {
      cookie: admin.cookie,
      body: { survivorId: survivor.id, duplicateId: duplicate.id },
    });
    expect(preview.json()).toMatchObject({ conflicts: [], moves: { encounters: 2 } });
    const res = await call('POST', '/api/v1/patients/merge', {
      cookie: admin.cookie,
      body: mergeBody(survivor, duplicate),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ moved: { encounters: 2 } });
    const timeline = await call('GET', `/api/v1/patients/${survivor.id}/encounters`);
    const ids = timeline.json<EncounterTimelinePage>().items.map((i) => i.id);
    expect(ids).toHaveLength(3);
    expect(ids.slice(0, 2).sort()).toEqual([...moving].sort());
  });
});

describe('what was recorded during an encounter', () => {
  it('lists the entries of every area newest first with a count per kind, audited', async () => {
    const e = await emergency();
    const other = await emergency(e.patientId);
    const vitals = await recordVitals(ctx, physician.cookie, e.patientId, {
      ...deterioratingVitals(),
      encounterId: e.id,
    });
    ctx.clock.advance(minute);
    await recordVitals(ctx, physician.cookie, e.patientId, {
      ...deterioratingVitals(),
      encounterId: other.id,
    });
    ctx.clock.advance(minute);
    const problem = await createProblem(ctx.platform, {
      patientId: e.patientId,
      code: testCodes.pneumonia,
      display: 'Pneumonia, unspecified organism',
      encounterId: e.id,
    });
    ctx.clock.advance(minute);
    const note = await signedNote(ctx, physician, e.patientId, {
      kind: 'progress_soap',
      encounterId: e.id,
      sections: { assessment: 'Community-acquired pneumonia.' },
    });

    ctx.clock.advance(minute);
    const order = await call('POST', '/api/v1/lab-orders', {
      body: { patientId: e.patientId, encounterId: e.id, facilityId, testCodes: ['6298-4'] },
    });
    expect(order.statusCode, order.body).toBe(201);
    ctx.clock.advance(minute);
    const home = await call('POST', `/api/v1/patients/${e.patientId}/home-medications`, {
      body: { text: "St John's wort", encounterId: e.id },
    });
    expect(home.statusCode, home.body).toBe(201);

    const seq = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/encounters/${e.id}/entries`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<EncounterEntries>();
    expect(body.counts).toEqual({
      vitals: 1,
      problem: 1,
      note: 1,
      lab_order: 1,
      home_medication: 1,
    });
    expect(body.total).toBe(5);
    expect(body.items.slice(0, 2)).toMatchObject([
      { kind: 'home_medication', display: "St John's wort", code: null, status: 'active' },
      {
        kind: 'lab_order',
        id: order.json<{ id: string }>().id,
        display: 'K',
        code: order.json<{ orderNumber: string }>().orderNumber,
        status: 'ordered',
      },
    ]);
    expect(body.items.slice(2).map((i) => [i.kind, i.id])).toEqual([
      ['note', note.id],
      ['problem', problem.id],
      ['vitals', vitals.id],
    ]);
    expect(body.items[3]).toMatchObject({
      display: 'Pneumonia, unspecified organism',
      code: 'J18.9',
      status: 'active',
    });
    expect(body.items[4]).toMatchObject({ status: 'final', news2Total: vitals.news2.total });
    expect(body.items[4]!.news2Total).toBeGreaterThanOrEqual(5);
    const reads = await auditRows(ctx.platform, ['encounter.entries_read'], seq);
    expect(reads).toMatchObject([{ entity_id: e.id, details: { resultCount: 5 } }]);
  });

  it('answers an empty list for an encounter with nothing recorded, and 404 for none', async () => {
    const e = await emergency();
    const res = await call('GET', `/api/v1/encounters/${e.id}/entries`);
    expect(res.json()).toEqual({ items: [], counts: {}, total: 0 });
    const missing = await call(
      'GET',
      '/api/v1/encounters/0193a000-0000-7000-8000-000000000999/entries',
    );
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a reader without clinical.read (the front desk), audited as a denial', async () => {
    const e = await emergency();
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/encounters/${e.id}/entries`, {
      cookie: frontDesk.cookie,
    });
    expect(res.statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials).toMatchObject([
      { actor_user_id: frontDesk.id, details: { permission: 'clinical.read' } },
    ]);
  });
});
