import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BedBoard,
  Flowsheet,
  LatestVitals,
  Spo2ScaleSetting,
  VitalSet,
  VitalSetPage,
} from '@meridian/contracts';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { placeInBed } from '../../../../test/board-scene.js';
import { createWard } from '../../../../test/admissions-factories.js';
import {
  createEncounterRow,
  deterioratingVitals,
  normalVitals,
  postVitals,
  recordVitals,
  seedHeartRates,
} from '../../../../test/clinical-vitals-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import type { TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createClinic, createPractitioner } from '../../../../test/scheduling-factories.js';

// The clock: 2026-03-10 12:00 UTC.
const now = new Date('2026-03-10T12:00:00Z');
let ctx: TestContext;
let facilityId: string;
let nurse: { id: string; cookie: string };
let doctor: { id: string; cookie: string };
let frontDesk: { cookie: string };
let labTech: { cookie: string };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set(now);
  facilityId = (await createClinic(ctx.platform)).facilityId;
  nurse = await signedInStaff(ctx.platform, { roles: ['nurse'], facilityIds: [facilityId] });
  doctor = await signedInStaff(ctx.platform, { roles: ['physician'], facilityIds: [facilityId] });
  frontDesk = await signedInStaff(ctx.platform, {
    roles: ['front_desk'],
    facilityIds: [facilityId],
  });
  labTech = await signedInStaff(ctx.platform, { roles: ['lab'], facilityIds: [facilityId] });
});
afterAll(() => ctx.close());

const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();

async function counts(patientId: string): Promise<{ sets: number; values: number }> {
  const { rows } = await ctx.platform.database.pool.query<{ sets: number; values: number }>(
    `select (select count(*) from vital_set where patient_id = $1)::int as sets,
            (select count(*) from observation where patient_id = $1)::int as values`,
    [patientId],
  );
  return rows[0]!;
}

function get(url: string, cookie = nurse.cookie) {
  return ctx.app.inject({ method: 'GET', url, headers: { cookie } });
}

describe('recording a vital set', () => {
  it('stores LOINC-coded values in canonical UCUM units with NEWS2 0 (low) and audits it', async () => {
    const p = await createPatient(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    const res = await postVitals(
      ctx,
      nurse.cookie,
      p.id,
      normalVitals({
        takenAt: at(5),
        weight: { value: 70 },
        height: { value: 175 },
        pain: { value: 2 },
      }),
    );
    expect(res.statusCode).toBe(201);
    const set = res.json<VitalSet>();
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/vital-sets/${set.id}`);
    expect(set).toMatchObject({
      patientId: p.id,
      takenAt: at(5),
      recordedBy: nurse.id,
      status: 'final',
      news2: {
        total: 0,
        band: 'low',
        isAlert: false,
        hasRedScore: false,
        missing: [],
        spo2Scale: 1,
      },
    });
    const byCode = Object.fromEntries(
      set.observations.map((o) => [o.code, [o.value ?? o.valueCode, o.unit]]),
    );
    expect(byCode).toEqual({
      '8480-6': [122, 'mm[Hg]'],
      '8462-4': [78, 'mm[Hg]'],
      '8867-4': [72, '/min'],
      '9279-1': [16, '/min'],
      '8310-5': [36.8, 'Cel'],
      '59408-5': [97, '%'],
      '29463-7': [70, 'kg'],
      '8302-2': [175, 'cm'],
      '39156-5': [22.9, 'kg/m2'],
      '72514-3': [2, '{score}'],
      '67775-7': ['A', null],
    });
    const [audit] = await auditRows(ctx.platform, ['vitals.recorded'], seq);
    expect(audit).toMatchObject({
      entity_type: 'vital_set',
      entity_id: set.id,
      outcome: 'success',
    });
  });

  it('converts °F, lb and in to Cel, kg and cm, and takes the latest height for the BMI', async () => {
    const p = await createPatient(ctx.platform);
    await recordVitals(ctx, nurse.cookie, p.id, {
      height: { value: 70, unit: '[in_i]' },
      takenAt: at(60),
    });
    const set = await recordVitals(ctx, nurse.cookie, p.id, {
      temperature: { value: 100.4, unit: '[degF]' },
      weight: { value: 154, unit: '[lb_av]' },
    });
    const value = (code: string) => set.observations.find((o) => o.code === code);
    expect(value('8310-5')).toMatchObject({ value: 38, unit: 'Cel' });
    expect(value('29463-7')).toMatchObject({ value: 69.853, unit: 'kg' });
    // 69.853 kg / (1.778 m)^2 = 22.1
    expect(value('39156-5')).toMatchObject({ value: 22.1, unit: 'kg/m2' });
    expect(value('8302-2')).toBeUndefined();
    // Incomplete: no aggregate, but the parameters recorded are scored (38.0 °C -> 0).
    expect(set.news2).toMatchObject({ total: null, band: null, isAlert: false });
    expect(set.news2.scores.temperature).toBe(0);
  });

  it.each([
    ['SpO2 over 100 %', { spo2: { value: 101 } }, 'spo2.value', 'physiological_range'],
    ['a heart rate of 0', { heartRate: { value: 0 } }, 'heartRate.value', 'physiological_range'],
    [
      'a heart rate over 300',
      { heartRate: { value: 301 } },
      'heartRate.value',
      'physiological_range',
    ],
    [
      'a respiratory rate over 80',
      { respiratoryRate: { value: 81 } },
      'respiratoryRate.value',
      'physiological_range',
    ],
    [
      'a temperature under 25 °C',
      { temperature: { value: 24.9 } },
      'temperature.value',
      'physiological_range',
    ],
    [
      'a temperature over 45 °C (in °F)',
      { temperature: { value: 114, unit: '[degF]' } },
      'temperature.value',
      'physiological_range',
    ],
    [
      'systolic not above diastolic',
      { systolic: { value: 80 }, diastolic: { value: 80 } },
      'systolic.value',
      'systolic_above_diastolic',
    ],
    [
      'a systolic without its diastolic',
      { systolic: { value: 120 }, diastolic: undefined },
      'diastolic',
      'blood_pressure_pair',
    ],
    ['a fractional heart rate', { heartRate: { value: 72.5 } }, 'heartRate.value', 'integer'],
    ['oxygen flow while on air', { oxygenFlowLpm: 2 }, 'oxygenFlowLpm', 'requires_oxygen'],
    [
      'a heart rate in mm[Hg]',
      { heartRate: { value: 72, unit: 'mm[Hg]' } },
      'heartRate.unit',
      'invalid_value',
    ],
    [
      'a weight in stones',
      { weight: { value: 11, unit: '[stone_av]' } },
      'weight.unit',
      'invalid_value',
    ],
    ['an unknown field', { glucose: { value: 5 } }, 'glucose', 'unrecognized_keys'],
  ] as const)(
    'refuses %s (400 naming the field and rule) and stores nothing',
    async (_name, change, path, rule) => {
      const p = await createPatient(ctx.platform);
      const res = await postVitals(ctx, nurse.cookie, p.id, {
        ...normalVitals(),
        ...change,
      });
      expect(res.statusCode).toBe(400);
      const problem = res.json<TestProblem>();
      expect(problem.code).toBe('validation.failed');
      expect(problem.errors).toContainEqual(expect.objectContaining({ path, rule }));
      expect(await counts(p.id)).toEqual({ sets: 0, values: 0 });
    },
  );

  it('refuses an empty set', async () => {
    const p = await createPatient(ctx.platform);
    const res = await postVitals(ctx, nurse.cookie, p.id, {});
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors).toContainEqual(
      expect.objectContaining({ rule: 'at_least_one_vital' }),
    );
  });

  it('asks to confirm implausible values (422 listing them), then stores them when confirmed', async () => {
    const p = await createPatient(ctx.platform);
    const body = normalVitals({
      heartRate: { value: 230 },
      temperature: { value: 42.5 },
      spo2: { value: 65 },
    });
    const refused = await postVitals(ctx, nurse.cookie, p.id, body);
    expect(refused.statusCode).toBe(422);
    const problem = refused.json<TestProblem>();
    expect(problem.code).toBe('vitals.implausible_unconfirmed');
    expect(problem.errors?.map((e) => [e.path, e.rule])).toEqual([
      ['heartRate.value', 'implausible'],
      ['temperature.value', 'implausible'],
      ['spo2.value', 'implausible'],
    ]);
    expect(await counts(p.id)).toEqual({ sets: 0, values: 0 });

    const confirmed = await postVitals(ctx, nurse.cookie, p.id, {
      ...body,
      confirmImplausible: true,
    });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json<VitalSet>().news2).toMatchObject({ isAlert: true, band: 'high' });
  });

  it('refuses a set in the future and an encounter of another patient', async () => {
    const p = await createPatient(ctx.platform);
    const other = await createPatient(ctx.platform);
    const future = await postVitals(
      ctx,
      nurse.cookie,
      p.id,
      normalVitals({ takenAt: '2026-03-10T12:10:00Z' }),
    );
    expect(future.json<TestProblem>().errors).toContainEqual(
      expect.objectContaining({ path: 'takenAt', rule: 'not_in_future' }),
    );
    const theirs = await createEncounterRow(ctx.platform, { patientId: other.id });
    const wrong = await postVitals(ctx, nurse.cookie, p.id, normalVitals({ encounterId: theirs }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<TestProblem>().errors).toContainEqual(
      expect.objectContaining({ path: 'encounterId', rule: 'not_found' }),
    );
    const mine = await createEncounterRow(ctx.platform, { patientId: p.id });
    const set = await recordVitals(ctx, nurse.cookie, p.id, normalVitals({ encounterId: mine }));
    expect(set.encounterId).toBe(mine);
    expect(await counts(p.id)).toMatchObject({ sets: 1 });
  });

  it('replays a retry with the same Idempotency-Key instead of storing the set twice', async () => {
    const p = await createPatient(ctx.platform);
    const headers = { 'idempotency-key': `vitals-${p.id}` };
    const first = await postVitals(ctx, nurse.cookie, p.id, normalVitals(), headers);
    const again = await postVitals(ctx, nurse.cookie, p.id, normalVitals(), headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<VitalSet>().id).toBe(first.json<VitalSet>().id);
    expect((await counts(p.id)).sets).toBe(1);
    const changed = await postVitals(
      ctx,
      nurse.cookie,
      p.id,
      normalVitals({ heartRate: { value: 80 } }),
      headers,
    );
    expect(changed.statusCode).toBe(422);
    expect(changed.json<TestProblem>().code).toBe('request.idempotency_key_reused');
  });
});

describe('NEWS2 and the SpO2 scale', () => {
  it('raises the alert for an aggregate of 5+ and shows it as the latest NEWS2', async () => {
    const p = await createPatient(ctx.platform);
    await recordVitals(ctx, nurse.cookie, p.id, normalVitals({ takenAt: at(120) }));
    const bad = await recordVitals(
      ctx,
      nurse.cookie,
      p.id,
      deterioratingVitals({ takenAt: at(10) }),
    );
    expect(bad.news2).toMatchObject({ total: 8, band: 'high', isAlert: true });
    // A later weight alone does not hide the alert: the latest *scored* set counts.
    await recordVitals(ctx, nurse.cookie, p.id, { weight: { value: 80 }, takenAt: at(1) });
    const latest = (await get(`/api/v1/patients/${p.id}/vitals/latest`)).json<LatestVitals>();
    expect(latest.news2).toMatchObject({
      vitalSetId: bad.id,
      total: 8,
      band: 'high',
      isAlert: true,
    });
    expect(latest.items.find((i) => i.code === '8867-4')).toMatchObject({ value: 115, at: at(10) });
    expect(latest.items.find((i) => i.code === '29463-7')).toMatchObject({ value: 80, at: at(1) });
  });

  it('raises the alert for a single red score (new confusion): low-medium', async () => {
    const p = await createPatient(ctx.platform);
    const set = await recordVitals(ctx, nurse.cookie, p.id, normalVitals({ consciousness: 'C' }));
    expect(set.news2).toMatchObject({
      total: 3,
      band: 'low_medium',
      hasRedScore: true,
      isAlert: true,
    });
  });

  it('scores a hypercapnic patient on scale 2 once a clinician sets it, with history and audit', async () => {
    const p = await createPatient(ctx.platform);
    const onOxygen = normalVitals({
      spo2: { value: 90 },
      onSupplementalOxygen: true,
      oxygenFlowLpm: 2,
      oxygenDevice: 'nasal_cannula',
    });
    const before = await recordVitals(ctx, nurse.cookie, p.id, onOxygen);
    expect(before.news2).toMatchObject({ spo2Scale: 1, total: 5, isAlert: true });
    expect(before.news2.scores.spo2).toBe(3);

    const url = `/api/v1/patients/${p.id}/spo2-scale`;
    const body = {
      scale: 2,
      reason: 'COPD with type 2 respiratory failure; target 88-92 % prescribed',
    };
    const initial = await get(url);
    expect(initial.headers.etag).toBe('"0"');
    expect(initial.json<Spo2ScaleSetting>()).toMatchObject({ scale: 1, version: 0, history: [] });
    const put = (cookie: string, ifMatch?: string) =>
      ctx.app.inject({
        method: 'PUT',
        url,
        headers: { cookie, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        payload: body,
      });
    expect((await put(doctor.cookie)).statusCode).toBe(428);
    expect((await put(labTech.cookie, '"0"')).statusCode).toBe(403);
    const seq = await lastAuditSeq(ctx.platform);
    const set = await put(doctor.cookie, '"0"');
    expect(set.statusCode).toBe(200);
    expect(set.headers.etag).toBe('"1"');
    expect(set.json<Spo2ScaleSetting>()).toMatchObject({
      scale: 2,
      version: 1,
      history: [{ scale: 2, version: 1, changedBy: doctor.id, reason: body.reason }],
    });
    expect(await auditRows(ctx.platform, ['vitals.spo2_scale_changed'], seq)).toHaveLength(1);
    expect((await put(doctor.cookie, '"0"')).statusCode).toBe(412);

    const after = await recordVitals(ctx, nurse.cookie, p.id, onOxygen);
    expect(after.news2).toMatchObject({ spo2Scale: 2, total: 2, isAlert: false });
    expect(after.news2.scores.spo2).toBe(0);
    // Over-oxygenation is what scale 2 scores: 97 % on oxygen is a red score.
    const high = await recordVitals(ctx, nurse.cookie, p.id, { ...onOxygen, spo2: { value: 97 } });
    expect(high.news2).toMatchObject({ total: 5, hasRedScore: true, isAlert: true });
    // The earlier set keeps the scale it was scored on.
    const reread = (await get(`/api/v1/vital-sets/${before.id}`)).json<VitalSet>();
    expect(reread.news2).toMatchObject({ spo2Scale: 1, total: 5 });
    expect(
      (await get(`/api/v1/patients/${p.id}/vitals/latest`)).json<LatestVitals>().spo2Scale,
    ).toBe(2);
  });
});

describe('entered in error', () => {
  it('retires the set and its values with a reason, behind If-Match, once', async () => {
    const p = await createPatient(ctx.platform);
    const good = await recordVitals(ctx, nurse.cookie, p.id, normalVitals({ takenAt: at(30) }));
    const wrong = await recordVitals(
      ctx,
      nurse.cookie,
      p.id,
      deterioratingVitals({ takenAt: at(5) }),
    );
    const url = `/api/v1/vital-sets/${wrong.id}/entered-in-error`;
    const mark = (ifMatch?: string, cookie = nurse.cookie) =>
      ctx.app.inject({
        method: 'POST',
        url,
        headers: { cookie, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        payload: { reason: 'Recorded on the wrong patient' },
      });
    expect((await mark()).statusCode).toBe(428);
    expect((await mark('"7"')).statusCode).toBe(412);
    expect((await mark('"1"', labTech.cookie)).statusCode).toBe(403);
    const seq = await lastAuditSeq(ctx.platform);
    const res = await mark('"1"');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json<VitalSet>()).toMatchObject({
      status: 'entered_in_error',
      errorReason: 'Recorded on the wrong patient',
    });
    expect(await auditRows(ctx.platform, ['vitals.entered_in_error'], seq)).toHaveLength(1);
    const { rows } = await ctx.platform.database.pool.query<{ status: string }>(
      'select distinct status from observation where vital_set_id = $1',
      [wrong.id],
    );
    expect(rows).toEqual([{ status: 'entered_in_error' }]);
    const latest = (await get(`/api/v1/patients/${p.id}/vitals/latest`)).json<LatestVitals>();
    expect(latest.news2?.vitalSetId).toBe(good.id);
    expect(latest.items.find((i) => i.code === '8867-4')).toMatchObject({ value: 72 });
    const again = await mark('"2"');
    expect(again.statusCode).toBe(409);
    expect(again.json<TestProblem>().code).toBe('vitals.invalid_transition');
  });
});

describe('reading vitals', () => {
  it('lists sets newest first with a cursor, and refuses a forged cursor', async () => {
    const p = await createPatient(ctx.platform);
    const ids = [];
    for (const m of [50, 40, 30])
      ids.push((await recordVitals(ctx, nurse.cookie, p.id, normalVitals({ takenAt: at(m) }))).id);
    const first = (await get(`/api/v1/patients/${p.id}/vital-sets?limit=2`)).json<VitalSetPage>();
    expect(first.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]?.recordedByName).toMatch(/nurse/);
    const second = (
      await get(`/api/v1/patients/${p.id}/vital-sets?limit=2&cursor=${first.nextCursor}`)
    ).json<VitalSetPage>();
    expect(second.items.map((s) => s.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    const forged = await get(`/api/v1/patients/${p.id}/vital-sets?cursor=abc`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'query.cursor' });
  });

  it('answers the flowsheet: values per code over the range, and the NEWS2 row', async () => {
    const p = await createPatient(ctx.platform);
    await recordVitals(ctx, nurse.cookie, p.id, normalVitals({ takenAt: at(60 * 24 * 10) }));
    const a = await recordVitals(ctx, nurse.cookie, p.id, normalVitals({ takenAt: at(120) }));
    const b = await recordVitals(ctx, nurse.cookie, p.id, deterioratingVitals({ takenAt: at(60) }));
    const sheet = (await get(`/api/v1/patients/${p.id}/vitals/flowsheet`)).json<Flowsheet>();
    const hr = sheet.rows.find((r) => r.code === '8867-4');
    expect(hr).toMatchObject({ kind: 'heartRate', unit: '/min' });
    expect(hr?.points.map((x) => [x.at, x.value])).toEqual([
      [at(120), 72],
      [at(60), 115],
    ]);
    expect(sheet.news2.map((n) => [n.vitalSetId, n.total, n.band])).toEqual([
      [a.id, 0, 'low'],
      [b.id, 8, 'high'],
    ]);
    const one = (
      await get(
        `/api/v1/patients/${p.id}/vitals/flowsheet?code=9279-1&from=${encodeURIComponent(at(90))}`,
      )
    ).json<Flowsheet>();
    expect(one.rows.map((r) => [r.code, r.points.map((x) => x.value)])).toEqual([['9279-1', [26]]]);
    const backwards = await get(
      `/api/v1/patients/${p.id}/vitals/flowsheet?from=${encodeURIComponent(at(1))}&to=${encodeURIComponent(at(5))}`,
    );
    expect(backwards.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'query.from',
      rule: 'before_to',
    });
  });

  it('keeps the flowsheet on its index for a patient with 10,000 observations', async () => {
    const p = await createPatient(ctx.platform);
    await seedHeartRates(ctx.platform, { patientId: p.id, count: 10_000, end: now });
    await ctx.platform.database.pool.query('analyze observation');
    const sheet = (
      await get(`/api/v1/patients/${p.id}/vitals/flowsheet?code=8867-4&limit=500`)
    ).json<Flowsheet>();
    // 10,000 minutes is just under 7 days: all in the default range, the newest 500 kept.
    expect(sheet.rows[0]?.points).toHaveLength(500);
    expect(sheet.rows[0]?.points.at(-1)?.at).toBe(at(1));
    const { rows } = await ctx.platform.database.pool.query<{ 'QUERY PLAN': string }>(
      `explain select * from observation x
        where x.patient_id = $1 and x.code = '8867-4'
          and x.status <> 'entered_in_error' and x.status <> 'cancelled'
          and x.effective_at >= $2 and x.effective_at < $3
        order by x.effective_at desc, x.id desc limit 200`,
      [p.id, at(60 * 24 * 7), now.toISOString()],
    );
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('observation_patient_code_time');
  });
});

describe('access and audit', () => {
  it('refuses staff without clinical.read and writes without clinical.write', async () => {
    const p = await createPatient(ctx.platform);
    expect((await get(`/api/v1/patients/${p.id}/vital-sets`, frontDesk.cookie)).statusCode).toBe(
      403,
    );
    expect((await get(`/api/v1/patients/${p.id}/vitals/latest`, labTech.cookie)).statusCode).toBe(
      200,
    );
    expect((await postVitals(ctx, labTech.cookie, p.id, normalVitals())).statusCode).toBe(403);
    expect((await counts(p.id)).sets).toBe(0);
  });

  it('answers 404 for a missing patient and audits each read', async () => {
    const missing = await get(
      '/api/v1/patients/0193a000-0000-7000-8000-000000000099/vitals/latest',
    );
    expect(missing.statusCode).toBe(404);
    const p = await createPatient(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    await get(`/api/v1/patients/${p.id}/vital-sets`);
    await get(`/api/v1/patients/${p.id}/vitals/flowsheet`);
    await get(`/api/v1/patients/${p.id}/vitals/latest`);
    const rows = await auditRows(
      ctx.platform,
      ['vitals.list', 'vitals.flowsheet', 'vitals.latest'],
      seq,
    );
    expect(rows.map((r) => r.action)).toEqual(['vitals.list', 'vitals.flowsheet', 'vitals.latest']);
  });

  it('asks for break-the-glass on a restricted record, audited as a denial', async () => {
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const seq = await lastAuditSeq(ctx.platform);
    const res = await postVitals(ctx, nurse.cookie, vip.id, normalVitals());
    expect(res.statusCode).toBe(403);
    expect(res.json<TestProblem>().code).toBe('access.break_glass_required');
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials.length).toBeGreaterThan(0);
    expect((await counts(vip.id)).sets).toBe(0);
  });
});

describe('the bed board', () => {
  it("shows the latest NEWS2 and its alert on the admitted patient's bed", async () => {
    const doc = await createPractitioner(ctx.platform, { facilityId });
    const ward = await createWard(ctx.platform, { facilityId, rooms: 1, bedsPerRoom: 2 });
    const sick = await createPatient(ctx.platform);
    const well = await createPatient(ctx.platform);
    const [bedA, bedB] = ward.beds;
    await placeInBed(ctx.platform, {
      facilityId,
      practitionerId: doc.id,
      bedId: bedA!.id,
      patientId: sick.id,
      admittedAt: new Date(at(600)),
    });
    await placeInBed(ctx.platform, {
      facilityId,
      practitionerId: doc.id,
      bedId: bedB!.id,
      patientId: well.id,
      admittedAt: new Date(at(600)),
    });
    const board = async () => {
      const b = (
        await get(`/api/v1/bed-board?facilityId=${facilityId}&wardId=${ward.ward.id}`)
      ).json<BedBoard>();
      const beds = b.wards.flatMap((w) => w.beds);
      return (id: string) => beds.find((x) => x.id === id)?.occupant?.news2;
    };
    expect((await board())(bedA!.id)).toBeNull();
    await recordVitals(ctx, nurse.cookie, well.id, normalVitals({ takenAt: at(20) }));
    const alert = await recordVitals(
      ctx,
      nurse.cookie,
      sick.id,
      deterioratingVitals({ takenAt: at(15) }),
    );
    const seen = await board();
    expect(seen(bedA!.id)).toEqual({ total: 8, band: 'high', isAlert: true, at: at(15) });
    expect(seen(bedB!.id)).toEqual({ total: 0, band: 'low', isAlert: false, at: at(20) });
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/vital-sets/${alert.id}/entered-in-error`,
      headers: { cookie: nurse.cookie, 'if-match': '"1"' },
      payload: { reason: 'Wrong patient' },
    });
    expect((await board())(bedA!.id)).toBeNull();
  });
});
