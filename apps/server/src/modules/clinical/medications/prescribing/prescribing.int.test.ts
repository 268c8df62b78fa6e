import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, DrugHit, Prescription } from '@meridian/contracts';
import {
  caller,
  createPrescribingScene,
  draft,
  orderBody,
  prescribe,
  products,
  recordAllergy,
  type PrescribingScene,
} from '../../../../../test/clinical-medications-factories.js';
import { auditRows, lastAuditSeq } from '../../../../../test/auth-helpers.js';
import { createTestContext, type TestContext } from '../../../../../test/harness.js';
import { createPatient } from '../../../../../test/patient-factories.js';

let ctx: TestContext;
let s: PrescribingScene;
const call = caller(() => ctx);

beforeAll(async () => {
  ctx = await createTestContext();
  s = await createPrescribingScene(ctx.platform);
});
afterAll(() => ctx.close());

async function check(id: string): Promise<CheckResult> {
  const res = await call('POST', `/api/v1/prescriptions/${id}/check`, { cookie: s.doc.cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CheckResult>();
}

async function newPatient(birthDate = '1980-01-01') {
  return createPatient(ctx.platform, { birthDate });
}

describe('the drug catalogue', () => {
  it('finds products and ingredients by part of the name, prefix matches first', async () => {
    const res = await call('GET', '/api/v1/drugs?q=ibupro', { cookie: s.doc.cookie });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: DrugHit[] }>().items;
    expect(items[0]).toMatchObject({ type: 'ingredient', rxcui: '5640', classes: ['nsaids'] });
    const tablet = items.find((i) => i.rxcui === products.ibuprofen400);
    expect(tablet).toMatchObject({
      type: 'product',
      formUnit: 'tablet',
      ingredients: [{ rxcui: '5640', mgPerUnit: 400 }],
    });
  });

  it('lists the pharmacologic drug classes for the allergy picker', async () => {
    const res = await call('GET', '/api/v1/drug-classes?kind=pharmacologic', {
      cookie: s.nurse.cookie,
    });
    expect(res.statusCode).toBe(200);
    const codes = res.json<{ items: { code: string; kind: string }[] }>().items.map((c) => c.code);
    expect(codes).toContain('penicillins');
    expect(codes).not.toContain('qt-high-risk');
  });
});

describe('prescription validation', () => {
  it.each([
    ['no dose', { doseValue: undefined }, 'doseValue'],
    ['a negative quantity', { quantity: -5 }, 'quantity'],
    ['an unknown frequency', { frequency: 'q3d' }, 'frequency'],
    ['an unknown product', { productRxcui: '999999999' }, 'productRxcui'],
    [
      'a PRN maximum above the frequency',
      { isPrn: true, frequency: 'q8h', prnMaxDosesPerDay: 6 },
      'prnMaxDosesPerDay',
    ],
    ['a dose unit the product is not given in', { doseUnit: 'mL' }, 'doseUnit'],
  ])('refuses %s naming the field', async (_name, change, path) => {
    const patient = await newPatient();
    const res = await call('POST', `/api/v1/patients/${patient.id}/prescriptions`, {
      cookie: s.doc.cookie,
      body: orderBody(products.ibuprofen400, change),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
  });

  it('refuses prescribing to a nurse (no prescription.write)', async () => {
    const patient = await newPatient();
    const res = await call('POST', `/api/v1/patients/${patient.id}/prescriptions`, {
      cookie: s.nurse.cookie,
      body: orderBody(products.ibuprofen400),
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a new prescription or a renewal for a deceased patient, naming the rule', async () => {
    const patient = await newPatient();
    const active = await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.omeprazole20, { doseUnit: 'capsule' }),
    );
    await ctx.platform.database.pool.query(
      "update patient set deceased = true, deceased_date = '2026-01-02' where id = $1",
      [patient.id],
    );
    for (const [url, body] of [
      [`/api/v1/patients/${patient.id}/prescriptions`, orderBody(products.ibuprofen400)],
      [
        `/api/v1/prescriptions/${active.id}/renew`,
        orderBody(products.omeprazole20, { doseUnit: 'capsule' }),
      ],
    ] as const) {
      const res = await call('POST', url, { cookie: s.doc.cookie, body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ errors: unknown[] }>().errors).toEqual([
        { path: 'patientId', rule: 'not_deceased', message: 'the patient is deceased' },
      ]);
    }
    const { rows } = await ctx.platform.database.pool.query(
      'select status from prescription where patient_id = $1',
      [patient.id],
    );
    expect(rows).toEqual([{ status: 'active' }]);
  });

  it('generates the patient instructions', async () => {
    const patient = await newPatient();
    const d = await draft(ctx, s.doc.cookie, patient.id, {
      ...orderBody(products.ibuprofen400, { frequency: 'q8h', durationDays: 5 }),
      isPrn: true,
      prnReason: 'pain',
    });
    expect(d.instructions).toBe(
      'Take 1 tablet (400 mg) by mouth every 8 hours as needed for pain for 5 days',
    );
  });
});

describe('decision support', () => {
  it('alerts warfarin + ibuprofen (PDDI-CDS), with the age factor for a 70-year-old', async () => {
    const patient = await newPatient('1950-03-01');
    await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.warfarin5, { frequency: 'once_daily' }),
    );
    const d = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.ibuprofen400, { frequency: 'tid' }),
    );
    const { alerts } = await check(d.id);
    const ddi = alerts.find((a) => a.ruleId === 'pddi.warfarin-nsaids');
    expect(ddi).toMatchObject({ kind: 'interaction', severity: 'high' });
    expect(ddi?.reason).toContain('bleeding');
    expect(ddi?.source).toContain('PDDI-CDS');
    expect(ddi?.factors.join(' ')).toContain('65 or older');
  });

  it('alerts warfarin + ibuprofen when warfarin is a home medication', async () => {
    const patient = await newPatient();
    const home = await call('POST', `/api/v1/patients/${patient.id}/home-medications`, {
      cookie: s.nurse.cookie,
      body: {
        productRxcui: products.warfarin5,
        doseValue: 5,
        doseUnit: 'mg',
        frequency: 'once_daily',
      },
    });
    expect(home.statusCode, home.body).toBe(201);
    const d = await draft(ctx, s.doc.cookie, patient.id, orderBody(products.ibuprofen400));
    expect((await check(d.id)).alerts.map((a) => a.ruleId)).toContain('pddi.warfarin-nsaids');
  });

  it('alerts digoxin + cyclosporine (PDDI-CDS)', async () => {
    const patient = await newPatient();
    await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.digoxin125, { frequency: 'once_daily' }),
    );
    const d = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.cyclosporine100, { doseUnit: 'capsule' }),
    );
    expect((await check(d.id)).alerts.map((a) => a.ruleId)).toContain('pddi.digoxin-cyclosporine');
  });

  it('alerts a penicillin allergy against amoxicillin (class), and a cephalosporin-free order not', async () => {
    const patient = await newPatient();
    await recordAllergy(ctx.platform, {
      patientId: patient.id,
      system: 'rxnorm',
      code: '7980',
      display: 'Penicillin G',
    });
    const amox = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.amoxicillin500, { doseUnit: 'capsule', frequency: 'tid' }),
    );
    const alert = (await check(amox.id)).alerts.find((a) => a.kind === 'allergy');
    expect(alert).toMatchObject({ ruleId: 'allergy.class', severity: 'contraindicated' });
    const lisinopril = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.lisinopril10, { frequency: 'once_daily' }),
    );
    expect((await check(lisinopril.id)).alerts).toEqual([]);
  });

  it('alerts an allergy recorded by drug class, and ignores a refuted one', async () => {
    const patient = await newPatient();
    await recordAllergy(ctx.platform, {
      patientId: patient.id,
      system: 'drug-class',
      code: 'penicillins',
      display: 'Penicillins',
      criticality: 'low',
    });
    await recordAllergy(ctx.platform, {
      patientId: patient.id,
      system: 'rxnorm',
      code: '5640',
      display: 'Ibuprofen',
      verification: 'refuted',
    });
    const pen = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.penicillinV250, { frequency: 'qid' }),
    );
    expect((await check(pen.id)).alerts).toMatchObject([
      { ruleId: 'allergy.class', severity: 'high' },
    ]);
    const ibu = await draft(ctx, s.doc.cookie, patient.id, orderBody(products.ibuprofen400));
    expect((await check(ibu.id)).alerts.filter((a) => a.kind === 'allergy')).toEqual([]);
  });

  it('flags duplicate therapy: same ingredient and same class', async () => {
    const patient = await newPatient();
    await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.lisinopril10, { frequency: 'once_daily' }),
    );
    await prescribe(ctx, s.doc.cookie, patient.id, orderBody(products.naproxen500));
    const same = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.lisinopril20, { frequency: 'once_daily' }),
    );
    expect((await check(same.id)).alerts.map((a) => a.ruleId)).toEqual([
      'duplicate.same_ingredient',
    ]);
    const cls = await draft(ctx, s.doc.cookie, patient.id, orderBody(products.ibuprofen400));
    expect((await check(cls.id)).alerts.map((a) => a.ruleId)).toEqual(['duplicate.same_class']);
  });

  it('flags a daily dose above the maximum (ibuprofen 800 mg q4h = 4,800 mg)', async () => {
    const patient = await newPatient();
    const d = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.ibuprofen800, { frequency: 'q4h' }),
    );
    const alert = (await check(d.id)).alerts.find((a) => a.kind === 'max_dose');
    expect(alert?.reason).toContain('4800 mg/day');
    expect(alert?.reason).toContain('3200 mg/day');
    const ok = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.ibuprofen800, { frequency: 'tid' }),
    );
    expect((await check(ok.id)).alerts).toEqual([]);
  });

  it('counts acetaminophen across prescriptions toward the daily maximum', async () => {
    const patient = await newPatient();
    await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.acetaminophen500, { doseValue: 2, frequency: 'qid' }),
    );
    const d = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.acetaminophen500, { frequency: 'q6h' }),
    );
    const alert = (await check(d.id)).alerts.find((a) => a.kind === 'max_dose');
    expect(alert?.reason).toContain('plus 4000 mg/day in other active prescriptions');
  });

  it('says a check could not run when the allergy list cannot be read', async () => {
    const patient = await newPatient();
    const d = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.lisinopril10, { frequency: 'once_daily' }),
    );
    const pool = ctx.platform.database.pool;
    await pool.query('alter table allergy_intolerance rename to allergy_intolerance_away');
    try {
      const result = await check(d.id);
      expect(result.checks.allergy).toBe('failed');
      expect(result.alerts).toMatchObject([
        { ruleId: 'cds.allergy_check_failed', kind: 'check_unavailable' },
      ]);
    } finally {
      await pool.query('alter table allergy_intolerance_away rename to allergy_intolerance');
    }
  });

  it('says checks could not run for a product without catalogue ingredients', async () => {
    const patient = await newPatient();
    const pool = ctx.platform.database.pool;
    await pool.query(
      `insert into drug_product (rxcui, name, tty, dose_form, route, form_unit, source)
       values ('900000001', 'Uncoded 10 MG Oral Tablet', 'SCD', 'Oral Tablet', 'oral', 'tablet', 'test')`,
    );
    const d = await draft(ctx, s.doc.cookie, patient.id, orderBody('900000001'));
    const result = await check(d.id);
    expect(result.alerts).toMatchObject([
      { ruleId: 'cds.product_not_in_catalogue', severity: 'high' },
    ]);
    expect(result.checks).toEqual({
      allergy: 'failed',
      interaction: 'failed',
      duplicate: 'failed',
      maxDose: 'failed',
    });
  });

  it('says a free-text home medication was not checked', async () => {
    const patient = await newPatient();
    await call('POST', `/api/v1/patients/${patient.id}/home-medications`, {
      cookie: s.nurse.cookie,
      body: { text: 'Herbal sleep remedy' },
    });
    const d = await draft(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.lisinopril10, { frequency: 'once_daily' }),
    );
    expect((await check(d.id)).alerts.map((a) => a.ruleId)).toEqual(['cds.medication_not_coded']);
  });
});

describe('signing with alerts', () => {
  it('refuses to sign without override reasons, then signs with them, audited', async () => {
    const patient = await newPatient();
    await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.warfarin5, { frequency: 'once_daily' }),
    );
    const d = await draft(ctx, s.doc.cookie, patient.id, orderBody(products.ibuprofen400));
    const refused = await call('POST', `/api/v1/prescriptions/${d.id}/sign`, {
      cookie: s.doc.cookie,
      body: {},
    });
    expect(refused.statusCode, refused.body).toBe(409);
    const problem = refused.json<{ code: string; alerts: { key: string; ruleId: string }[] }>();
    expect(problem.code).toBe('medication.alerts_need_override');
    expect(problem.alerts.map((a) => a.ruleId)).toEqual(['pddi.warfarin-nsaids']);
    const stillDraft = await call('GET', `/api/v1/prescriptions/${d.id}`, { cookie: s.doc.cookie });
    expect(stillDraft.json<Prescription>().status).toBe('draft');

    const seq = await lastAuditSeq(ctx.platform);
    const signed = await call('POST', `/api/v1/prescriptions/${d.id}/sign`, {
      cookie: s.doc.cookie,
      body: { overrides: [{ key: problem.alerts[0]?.key, reason: 'short course, INR monitored' }] },
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json<Prescription>()).toMatchObject({ status: 'active' });
    const audits = await auditRows(
      ctx.platform,
      ['prescription.alert_overridden', 'prescription.signed'],
      seq,
    );
    expect(audits.map((a) => a.action)).toEqual([
      'prescription.alert_overridden',
      'prescription.signed',
    ]);
    expect(audits[0]?.details).toMatchObject({ ruleId: 'pddi.warfarin-nsaids' });
    const { rows } = await ctx.platform.database.pool.query<{ override_reason: string }>(
      'select override_reason from medication_alert where prescription_id = $1',
      [d.id],
    );
    expect(rows).toEqual([{ override_reason: 'short course, INR monitored' }]);
  });

  it("refuses to sign another prescriber's draft", async () => {
    const patient = await newPatient();
    const d = await draft(ctx, s.doc.cookie, patient.id, orderBody(products.lisinopril10));
    const res = await call('POST', `/api/v1/prescriptions/${d.id}/sign`, {
      cookie: s.otherDoc.cookie,
      body: {},
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ code: string }>().code).toBe('medication.not_your_draft');
  });

  it('answers override rates per rule for a date range', async () => {
    const today = ctx.platform.clock.now().toISOString().slice(0, 10);
    const res = await call(
      'GET',
      `/api/v1/medication-alerts/override-rates?from=${today}&to=${today}`,
      {
        cookie: s.doc.cookie,
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    const rate = res
      .json<{ items: { ruleId: string; shown: number; overridden: number }[] }>()
      .items.find((r) => r.ruleId === 'pddi.warfarin-nsaids');
    const { rows } = await ctx.platform.database.pool.query<{ shown: number; overridden: number }>(
      `select count(*)::int as shown, count(overridden_at)::int as overridden
         from medication_alert where rule_id = 'pddi.warfarin-nsaids'`,
    );
    expect(rate).toMatchObject(rows[0] ?? {});
    expect(rate?.shown).toBeGreaterThan(rate?.overridden ?? 0);
  });
});

describe('stop, modify and renew keep history', () => {
  it('modifying a prescription stops the original when the new version is signed', async () => {
    const patient = await newPatient();
    const first = await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.lisinopril10, { frequency: 'once_daily' }),
    );
    const res = await call('POST', `/api/v1/prescriptions/${first.id}/modify`, {
      cookie: s.doc.cookie,
      body: orderBody(products.lisinopril20, { frequency: 'once_daily' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const revision = res.json<Prescription>();
    // The original is left out of the revision's checks: no duplicate with itself.
    expect((await check(revision.id)).alerts).toEqual([]);
    const signed = await call('POST', `/api/v1/prescriptions/${revision.id}/sign`, {
      cookie: s.doc.cookie,
      body: {},
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const old = await call('GET', `/api/v1/prescriptions/${first.id}`, { cookie: s.doc.cookie });
    const detail = old.json<Prescription & { history: { status: string }[] }>();
    expect(detail.status).toBe('stopped');
    expect(detail.history.map((h) => h.status)).toEqual(['draft', 'active', 'stopped']);
  });

  it('stops an active prescription with a reason, and refuses to stop it twice', async () => {
    const patient = await newPatient();
    const p = await prescribe(
      ctx,
      s.doc.cookie,
      patient.id,
      orderBody(products.lisinopril10, { frequency: 'once_daily' }),
    );
    const stop = await call('POST', `/api/v1/prescriptions/${p.id}/stop`, {
      cookie: s.doc.cookie,
      body: { reason: 'cough' },
      ifMatch: p.version,
    });
    expect(stop.statusCode, stop.body).toBe(200);
    const again = await call('POST', `/api/v1/prescriptions/${p.id}/stop`, {
      cookie: s.doc.cookie,
      body: { reason: 'cough' },
    });
    expect(again.statusCode).toBe(409);
  });
});
