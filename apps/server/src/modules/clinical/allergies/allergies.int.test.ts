import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Allergy,
  AllergyAssessment,
  AllergyHistory,
  AllergyList,
  AllergySummary,
} from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import {
  createAllergy,
  createNoKnownAllergies,
} from '../../../../test/clinical-allergies-factories.js';

let ctx: TestContext;
let doctor: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => doctor.cookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set(new Date('2026-11-20T10:00:00Z'));
  doctor = await signedInStaff(ctx.platform, { roles: ['physician'], displayName: 'Dr Ada' });
});
afterAll(async () => {
  await ctx.close();
});

const amoxicillin = { system: 'rxnorm', code: '723', display: 'amoxicillin' };
const penicillins = { system: 'drug-class', code: 'penicillins', display: 'Penicillins' };
const peanut = { system: 'snomed', code: '762952008', display: 'Peanut' };

function record(patientId: string, body: Record<string, unknown>) {
  return call('POST', `/api/v1/patients/${patientId}/allergies`, { body });
}
async function recorded(patientId: string, body: Record<string, unknown>) {
  const res = await record(patientId, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Allergy>();
}
async function summary(patientId: string) {
  const res = await call('GET', `/api/v1/patients/${patientId}/allergies/summary`);
  expect(res.statusCode).toBe(200);
  return res.json<AllergySummary>();
}
const nka = (patientId: string) =>
  call('POST', `/api/v1/patients/${patientId}/allergies/no-known-allergies`, { body: {} });
const etag = (a: { version: number }) => `"${a.version}"`;
const count = async (sqlText: string, params: unknown[]) =>
  (await ctx.platform.database.pool.query<{ n: number }>(sqlText, params)).rows[0]?.n;

describe('recording an allergy', () => {
  it('records a drug allergy by RxNorm ingredient with reactions, ETag, history and audit', async () => {
    const patient = await createPatient(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    const res = await record(patient.id, {
      category: 'medication',
      substance: amoxicillin,
      criticality: 'high',
      reactions: [
        { manifestation: 'Anaphylaxis', manifestationCode: '39579001', severity: 'severe' },
      ],
      onset: '2019',
      note: 'secret note',
    });
    expect(res.statusCode).toBe(201);
    const a = res.json<Allergy>();
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/allergies/${a.id}`);
    expect(a).toMatchObject({
      patientId: patient.id,
      category: 'medication',
      substance: { system: 'rxnorm', code: '723', display: 'amoxicillin' },
      type: 'allergy',
      criticality: 'high',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      onset: '2019',
      recordedBy: { id: doctor.id, name: 'Dr Ada' },
      recordedAt: '2026-11-20T10:00:00.000Z',
      version: 1,
    });
    const audits = await auditRows(ctx.platform, ['allergy.recorded'], seq);
    expect(audits).toMatchObject([{ entity_type: 'allergy', entity_id: a.id, outcome: 'success' }]);
    expect(JSON.stringify(audits[0]?.details)).not.toContain('secret');
    expect(
      await count(
        "select count(*)::int as n from allergy_history where entity_type = 'allergy' and entity_id = $1",
        [a.id],
      ),
    ).toBe(1);
  });

  it('records a drug class allergy, a food by SNOMED CT and a free-text substance', async () => {
    const patient = await createPatient(ctx.platform);
    await recorded(patient.id, { category: 'medication', substance: penicillins });
    await recorded(patient.id, { category: 'food', substance: peanut, type: 'allergy' });
    const text = await recorded(patient.id, {
      category: 'environment',
      substance: { system: 'text', display: 'Cat hair' },
      type: 'intolerance',
      criticality: 'low',
    });
    expect(text.substance).toEqual({ system: 'text', code: null, display: 'Cat hair' });
  });

  it.each([
    [
      { category: 'medication', substance: { ...amoxicillin, code: '999999' } },
      'substance.code',
      'unknown_rxnorm_ingredient',
    ],
    [
      { category: 'medication', substance: { ...penicillins, code: 'no-such-class' } },
      'substance.code',
      'unknown_drug_class',
    ],
    [{ category: 'food', substance: amoxicillin }, 'substance.system', 'custom'],
    [
      { category: 'food', substance: { system: 'text', code: '1', display: 'x' } },
      'substance.code',
      'custom',
    ],
    [
      { category: 'food', substance: { system: 'snomed', display: 'Peanut' } },
      'substance.code',
      'custom',
    ],
    [
      {
        category: 'food',
        substance: peanut,
        reactions: [{ manifestation: 'Hives', severity: 'awful' }],
      },
      'reactions.0.severity',
      'invalid_value',
    ],
    [
      { category: 'food', substance: peanut, lastOccurrence: '2026-12-25' },
      'lastOccurrence',
      'not_in_future',
    ],
    [
      { category: 'food', substance: peanut, criticality: 'extreme' },
      'criticality',
      'invalid_value',
    ],
    [
      { category: 'food', substance: peanut, verificationStatus: 'entered_in_error' },
      'verificationStatus',
      'invalid_value',
    ],
    [{ category: 'drink', substance: peanut }, 'category', 'invalid_value'],
    [{ category: 'food', substance: peanut, colour: 'red' }, '', 'unrecognized_keys'],
  ])('refuses %j naming %s (%s)', async (body, path, rule) => {
    const patient = await createPatient(ctx.platform);
    const res = await record(patient.id, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<TestProblem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors?.[0]?.path).toContain(path);
    expect(problem.errors?.[0]?.rule).toBe(rule);
    expect(
      await count('select count(*)::int as n from allergy_intolerance where patient_id = $1', [
        patient.id,
      ]),
    ).toBe(0);
  });

  it('refuses a second active allergy to the same substance with a clear 409', async () => {
    const patient = await createPatient(ctx.platform);
    const first = await recorded(patient.id, { category: 'medication', substance: amoxicillin });
    const res = await record(patient.id, {
      category: 'medication',
      substance: { ...amoxicillin, display: 'Amoxil' },
      verificationStatus: 'unconfirmed',
    });
    expect(res.statusCode).toBe(409);
    const problem = res.json<TestProblem & { detail: string }>();
    expect(problem.code).toBe('allergy.duplicate_active');
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'substance', rule: 'one_active_per_substance' }),
    ]);
    expect(problem.detail).toContain(first.id);
    // Free text compares without case; a resolved one may sit beside the active one.
    await recorded(patient.id, {
      category: 'food',
      substance: { system: 'text', display: 'Kiwi' },
    });
    expect(
      (
        await record(patient.id, {
          category: 'food',
          substance: { system: 'text', display: ' KIWI ' },
        })
      ).statusCode,
    ).toBe(409);
    await recorded(patient.id, {
      category: 'medication',
      substance: amoxicillin,
      clinicalStatus: 'resolved',
    });
  });

  it('has the database refuse a duplicate that gets past the check', async () => {
    const patient = await createPatient(ctx.platform);
    await createAllergy(ctx.platform, { patientId: patient.id });
    await expect(createAllergy(ctx.platform, { patientId: patient.id })).rejects.toThrow();
    expect(
      await count('select count(*)::int as n from allergy_intolerance where patient_id = $1', [
        patient.id,
      ]),
    ).toBe(1);
  });

  it('answers 404 for a patient that does not exist', async () => {
    const missing = '0190a4a4-0000-7000-8000-000000000001';
    expect((await record(missing, { category: 'food', substance: peanut })).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/patients/${missing}/allergies/summary`)).statusCode).toBe(
      404,
    );
  });
});

describe('no known allergies', () => {
  it('distinguishes not recorded, NKA and allergies, and retires NKA when an allergy is recorded', async () => {
    const patient = await createPatient(ctx.platform);
    expect(await summary(patient.id)).toEqual({
      state: 'not_recorded',
      assessedAt: null,
      items: [],
    });
    const seq = await lastAuditSeq(ctx.platform);
    const res = await nka(patient.id);
    expect(res.statusCode).toBe(200);
    expect(res.json<AllergyAssessment>()).toMatchObject({
      status: 'no_known_allergies',
      assessedBy: { id: doctor.id, name: 'Dr Ada' },
      version: 1,
    });
    expect((await summary(patient.id)).state).toBe('no_known_allergies');

    const a = await recorded(patient.id, {
      category: 'food',
      substance: peanut,
      criticality: 'high',
    });
    const s = await summary(patient.id);
    expect(s.state).toBe('allergies');
    expect(s.items).toEqual([
      expect.objectContaining({ id: a.id, display: 'Peanut', criticality: 'high' }),
    ]);
    const list = (
      await call('GET', `/api/v1/patients/${patient.id}/allergies`)
    ).json<AllergyList>();
    expect(list.state).toBe('allergies');
    expect(list.assessment).toMatchObject({ status: 'reviewed', version: 2 });
    const audits = await auditRows(
      ctx.platform,
      ['allergy.nka_recorded', 'allergy.nka_retired'],
      seq,
    );
    expect(audits.map((r) => r.action)).toEqual(['allergy.nka_recorded', 'allergy.nka_retired']);
  });

  it('refuses NKA with a 409 while an allergy is active, and accepts it once none is', async () => {
    const patient = await createPatient(ctx.platform);
    const a = await recorded(patient.id, { category: 'medication', substance: amoxicillin });
    const refused = await nka(patient.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<TestProblem>()).toMatchObject({
      code: 'allergy.nka_conflict',
      errors: [expect.objectContaining({ path: 'status', rule: 'no_active_allergies' })],
    });
    const gone = await call('POST', `/api/v1/allergies/${a.id}/entered-in-error`, {
      body: { reason: 'wrong patient' },
      ifMatch: etag(a),
    });
    expect(gone.statusCode).toBe(200);
    expect((await nka(patient.id)).statusCode).toBe(200);
    expect((await summary(patient.id)).state).toBe('no_known_allergies');
  });

  it('keeps the invariant in the database for writers that bypass the API (the importer)', async () => {
    const patient = await createPatient(ctx.platform);
    await createNoKnownAllergies(ctx.platform, patient.id);
    await createAllergy(ctx.platform, { patientId: patient.id });
    const { rows } = await ctx.platform.database.pool.query<{ status: string }>(
      'select status from allergy_assessment where patient_id = $1',
      [patient.id],
    );
    expect(rows).toEqual([{ status: 'reviewed' }]);
    const refused: unknown = await createNoKnownAllergies(ctx.platform, patient.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as { cause?: { constraint?: string } } | null)?.cause?.constraint).toBe(
      'allergy_assessment_nka_conflict',
    );
  });

  it('never ends with NKA beside an active allergy when both are written at once', async () => {
    for (let i = 0; i < 4; i += 1) {
      const patient = await createPatient(ctx.platform);
      const [n, a] = await Promise.all([
        nka(patient.id),
        record(patient.id, { category: 'food', substance: peanut }),
      ]);
      expect(a.statusCode).toBe(201);
      expect([200, 409]).toContain(n.statusCode);
      expect((await summary(patient.id)).state).toBe('allergies');
    }
  });
});

describe('changing an allergy', () => {
  it('updates with If-Match, keeps every version, and refuses a missing or stale version', async () => {
    const patient = await createPatient(ctx.platform);
    const a = await recorded(patient.id, { category: 'medication', substance: amoxicillin });
    const url = `/api/v1/allergies/${a.id}`;
    expect((await call('PATCH', url, { body: { criticality: 'low' } })).statusCode).toBe(428);
    const res = await call('PATCH', url, {
      body: { criticality: 'low', reactions: [{ manifestation: 'Rash', severity: 'mild' }] },
      ifMatch: etag(a),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json<Allergy>()).toMatchObject({ criticality: 'low', version: 2 });
    const stale = await call('PATCH', url, { body: { criticality: 'high' }, ifMatch: etag(a) });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<TestProblem>().code).toBe('resource.version_mismatch');
    const history = (await call('GET', `${url}/history`)).json<AllergyHistory>();
    expect(history.items.map((h) => [h.version, h.criticality])).toEqual([
      [2, 'low'],
      [1, 'unable_to_assess'],
    ]);
  });

  it('refuses reactivating an allergy when another is active to the same substance', async () => {
    const patient = await createPatient(ctx.platform);
    const old = await recorded(patient.id, {
      category: 'medication',
      substance: amoxicillin,
      clinicalStatus: 'resolved',
    });
    await recorded(patient.id, { category: 'medication', substance: amoxicillin });
    const res = await call('PATCH', `/api/v1/allergies/${old.id}`, {
      body: { clinicalStatus: 'active' },
      ifMatch: etag(old),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<TestProblem>().code).toBe('allergy.duplicate_active');
  });

  it('marks an allergy entered in error with a reason; it leaves the list and cannot change again', async () => {
    const patient = await createPatient(ctx.platform);
    const a = await recorded(patient.id, { category: 'food', substance: peanut });
    const url = `/api/v1/allergies/${a.id}/entered-in-error`;
    const noReason = await call('POST', url, { body: {}, ifMatch: etag(a) });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'reason' });
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call('POST', url, { body: { reason: 'wrong chart' }, ifMatch: etag(a) });
    expect(res.statusCode).toBe(200);
    expect(res.json<Allergy>()).toMatchObject({
      verificationStatus: 'entered_in_error',
      statusReason: 'wrong chart',
      version: 2,
    });
    expect(await auditRows(ctx.platform, ['allergy.entered_in_error'], seq)).toHaveLength(1);
    const list = (
      await call('GET', `/api/v1/patients/${patient.id}/allergies`)
    ).json<AllergyList>();
    expect(list.items).toEqual([]);
    expect(list.state).toBe('not_recorded');
    const all = (
      await call('GET', `/api/v1/patients/${patient.id}/allergies?includeEnteredInError=true`)
    ).json<AllergyList>();
    expect(all.items.map((i) => i.id)).toEqual([a.id]);
    const again = await call('PATCH', `/api/v1/allergies/${a.id}`, {
      body: { note: 'x' },
      ifMatch: '"2"',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<TestProblem>().code).toBe('allergy.invalid_transition');
  });
});

describe('reads and access', () => {
  it('lists high criticality first in the summary and audits each read', async () => {
    const patient = await createPatient(ctx.platform);
    await recorded(patient.id, { category: 'food', substance: peanut, criticality: 'low' });
    await recorded(patient.id, {
      category: 'medication',
      substance: penicillins,
      criticality: 'high',
    });
    const seq = await lastAuditSeq(ctx.platform);
    const s = await summary(patient.id);
    expect(s.items.map((i) => [i.display, i.criticality])).toEqual([
      ['Penicillins', 'high'],
      ['Peanut', 'low'],
    ]);
    await call('GET', `/api/v1/patients/${patient.id}/allergies`);
    const audits = await auditRows(ctx.platform, ['allergy.summary_read', 'allergy.list'], seq);
    expect(audits.map((r) => [r.action, r.actor_user_id])).toEqual([
      ['allergy.summary_read', doctor.id],
      ['allergy.list', doctor.id],
    ]);
  });

  it('refuses a restricted record without break-the-glass, and audits the denial', async () => {
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const seq = await lastAuditSeq(ctx.platform);
    const read = await call('GET', `/api/v1/patients/${vip.id}/allergies/summary`);
    expect(read.statusCode).toBe(403);
    expect(read.json<TestProblem>().code).toBe('access.break_glass_required');
    expect((await record(vip.id, { category: 'food', substance: peanut })).statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials).toHaveLength(2);
    expect(
      await count('select count(*)::int as n from allergy_intolerance where patient_id = $1', [
        vip.id,
      ]),
    ).toBe(0);
  });

  it('lets lab staff read but not write, and front desk not even read', async () => {
    const patient = await createPatient(ctx.platform);
    const lab = await signedInStaff(ctx.platform, { roles: ['lab'] });
    const desk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const url = `/api/v1/patients/${patient.id}/allergies`;
    expect((await call('GET', url, { cookie: lab.cookie })).statusCode).toBe(200);
    const seq = await lastAuditSeq(ctx.platform);
    const body = { category: 'food', substance: peanut };
    expect((await call('POST', url, { cookie: lab.cookie, body })).statusCode).toBe(403);
    expect(
      (await call('POST', `${url}/no-known-allergies`, { cookie: lab.cookie, body: {} }))
        .statusCode,
    ).toBe(403);
    expect((await call('GET', `${url}/summary`, { cookie: desk.cookie })).statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials.map((d) => d.actor_user_id)).toEqual([lab.id, lab.id, desk.id]);
  });
});
