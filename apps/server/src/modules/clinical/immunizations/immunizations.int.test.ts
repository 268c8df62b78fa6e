import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Immunization, ImmunizationPage, Procedure, ProcedurePage } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';

let ctx: TestContext;
let nurse: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => nurse.cookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set(new Date('2026-11-20T10:00:00Z'));
  nurse = await signedInStaff(ctx.platform, { roles: ['nurse'], displayName: 'Nurse Joy' });
});
afterAll(async () => {
  await ctx.close();
});

const immunize = (patientId: string, body: Record<string, unknown>) =>
  call('POST', `/api/v1/patients/${patientId}/immunizations`, { body });
const operate = (patientId: string, body: Record<string, unknown>) =>
  call('POST', `/api/v1/patients/${patientId}/procedures`, { body });

describe('immunizations', () => {
  it('records a CVX-coded vaccine with lot, site, route, dose, performer and audit', async () => {
    const patient = await createPatient(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    const res = await immunize(patient.id, {
      vaccine: { code: '140' },
      occurrenceDate: '2026-10-01',
      lotNumber: 'AB123',
      site: 'LD',
      route: 'IM',
      doseNumber: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const im = res.json<Immunization>();
    expect(im).toMatchObject({
      vaccine: {
        system: 'cvx',
        code: '140',
        display: 'Influenza, seasonal, injectable, preservative free',
      },
      status: 'completed',
      occurrenceDate: '2026-10-01',
      lotNumber: 'AB123',
      site: 'LD',
      route: 'IM',
      doseNumber: 1,
      performer: { id: nurse.id, name: 'Nurse Joy' },
      recordedBy: { id: nurse.id, name: 'Nurse Joy' },
      version: 1,
    });
    expect(await auditRows(ctx.platform, ['immunization.recorded'], seq)).toMatchObject([
      { entity_type: 'immunization', entity_id: im.id, outcome: 'success' },
    ]);
  });

  it('records a vaccine not given with its reason, and one given elsewhere by name', async () => {
    const patient = await createPatient(ctx.platform);
    const refused = await immunize(patient.id, {
      vaccine: { code: '03' },
      status: 'not_done',
      notDoneReason: 'Patient declined',
      occurrenceDate: '2026-11-01',
    });
    expect(refused.json<Immunization>()).toMatchObject({
      status: 'not_done',
      notDoneReason: 'Patient declined',
      performer: null,
    });
    const elsewhere = await immunize(patient.id, {
      vaccine: { code: '998', display: 'Some new vaccine' },
      occurrenceDate: '2020-05-01',
      performerDisplay: 'City Pharmacy',
    });
    expect(elsewhere.json<Immunization>()).toMatchObject({
      vaccine: { code: '998', display: 'Some new vaccine' },
      performer: { id: null, name: 'City Pharmacy' },
    });
  });

  it.each([
    [{ vaccine: { code: 'flu' }, occurrenceDate: '2026-10-01' }, 'vaccine.code', 'invalid_format'],
    [{ vaccine: { code: '998' }, occurrenceDate: '2026-10-01' }, 'vaccine.display', 'required'],
    [{ vaccine: { code: '140' }, occurrenceDate: '2026-12-25' }, 'occurrenceDate', 'not_in_future'],
    [
      { vaccine: { code: '140' }, occurrenceDate: '2026-10-01', status: 'not_done' },
      'notDoneReason',
      'custom',
    ],
    [
      { vaccine: { code: '140' }, occurrenceDate: '2026-10-01', site: 'nose' },
      'site',
      'invalid_value',
    ],
    [
      { vaccine: { code: '140' }, occurrenceDate: '2026-10-01', doseNumber: 0 },
      'doseNumber',
      'too_small',
    ],
    [{ vaccine: { code: '140' } }, 'occurrenceDate', 'invalid_type'],
  ])('refuses %j naming %s (%s)', async (body, path, rule) => {
    const patient = await createPatient(ctx.platform);
    const res = await immunize(patient.id, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const first = res.json<TestProblem>().errors?.[0];
    expect(first?.path).toContain(path);
    expect(first?.rule).toBe(rule);
  });

  it('lists newest first across pages, and hides entered-in-error rows unless asked', async () => {
    const patient = await createPatient(ctx.platform);
    const dates = ['2024-01-10', '2026-03-01', '2025-06-15', '2025-06-15'];
    for (const d of dates) {
      expect(
        (await immunize(patient.id, { vaccine: { code: '08' }, occurrenceDate: d })).statusCode,
      ).toBe(201);
    }
    const url = `/api/v1/patients/${patient.id}/immunizations`;
    const first = (await call('GET', `${url}?limit=3`)).json<ImmunizationPage>();
    expect(first.items.map((i) => i.occurrenceDate)).toEqual([
      '2026-03-01',
      '2025-06-15',
      '2025-06-15',
    ]);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await call('GET', `${url}?limit=3&cursor=${first.nextCursor ?? ''}`)
    ).json<ImmunizationPage>();
    expect(second.items.map((i) => i.occurrenceDate)).toEqual(['2024-01-10']);
    expect(second.nextCursor).toBeNull();
    const bad = await call('GET', `${url}?cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'query.cursor' });

    const target = first.items[0] as Immunization;
    const errorUrl = `/api/v1/immunizations/${target.id}/entered-in-error`;
    expect((await call('POST', errorUrl, { body: { reason: 'x' } })).statusCode).toBe(428);
    expect(
      (await call('POST', errorUrl, { body: { reason: 'x' }, ifMatch: '"9"' })).statusCode,
    ).toBe(412);
    const seq = await lastAuditSeq(ctx.platform);
    const gone = await call('POST', errorUrl, {
      body: { reason: 'wrong patient' },
      ifMatch: '"1"',
    });
    expect(gone.statusCode).toBe(200);
    expect(gone.json<Immunization>()).toMatchObject({
      status: 'entered_in_error',
      errorReason: 'wrong patient',
      version: 2,
    });
    expect(await auditRows(ctx.platform, ['immunization.entered_in_error'], seq)).toHaveLength(1);
    const again = await call('POST', errorUrl, { body: { reason: 'x' }, ifMatch: '"2"' });
    expect(again.statusCode).toBe(409);
    expect((await call('GET', url)).json<ImmunizationPage>().items).toHaveLength(3);
    expect(
      (await call('GET', `${url}?includeEnteredInError=true`)).json<ImmunizationPage>().items,
    ).toHaveLength(4);
  });
});

describe('procedures', () => {
  it('records a SNOMED CT procedure over a period, and a CPT one, keeping system, code and display', async () => {
    const patient = await createPatient(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    const res = await operate(patient.id, {
      code: { system: 'snomed', code: '80146002', display: 'Appendectomy' },
      performedStart: '2026-11-19T08:00:00Z',
      performedEnd: '2026-11-19T09:10:00Z',
      bodySite: { code: '66754008', display: 'Appendix structure' },
      outcome: 'Uncomplicated',
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json<Procedure>();
    expect(p).toMatchObject({
      code: { system: 'snomed', code: '80146002', display: 'Appendectomy' },
      status: 'completed',
      performedStart: '2026-11-19T08:00:00.000Z',
      performedEnd: '2026-11-19T09:10:00.000Z',
      bodySite: { code: '66754008', display: 'Appendix structure' },
      outcome: 'Uncomplicated',
      recordedBy: { id: nurse.id, name: 'Nurse Joy' },
    });
    expect(await auditRows(ctx.platform, ['procedure.recorded'], seq)).toHaveLength(1);
    const cpt = await operate(patient.id, {
      code: { system: 'cpt', code: '45378', display: 'Colonoscopy, diagnostic' },
      performedStart: '2025-02-01T10:00:00Z',
    });
    expect(cpt.statusCode).toBe(201);
    const list = (
      await call('GET', `/api/v1/patients/${patient.id}/procedures`)
    ).json<ProcedurePage>();
    expect(list.items.map((i) => i.code.code)).toEqual(['80146002', '45378']);
  });

  it.each([
    [
      {
        code: { system: 'cpt', code: 'ABCDE', display: 'x' },
        performedStart: '2026-01-01T00:00:00Z',
      },
      'code.code',
      'custom',
    ],
    [
      {
        code: { system: 'loinc', code: '1234-5', display: 'x' },
        performedStart: '2026-01-01T00:00:00Z',
      },
      'code.system',
      'invalid_value',
    ],
    [
      {
        code: { system: 'snomed', code: '80146002', display: 'x' },
        performedStart: '2026-01-01T10:00:00Z',
        performedEnd: '2026-01-01T09:00:00Z',
      },
      'performedEnd',
      'custom',
    ],
    [
      {
        code: { system: 'snomed', code: '80146002', display: 'x' },
        performedStart: '2027-01-01T10:00:00Z',
      },
      'performedStart',
      'not_in_future',
    ],
    [
      {
        code: { system: 'snomed', code: '80146002', display: 'x' },
        performedStart: '2026-01-01T10:00:00Z',
        status: 'entered_in_error',
      },
      'status',
      'invalid_value',
    ],
  ])('refuses %j naming %s (%s)', async (body, path, rule) => {
    const patient = await createPatient(ctx.platform);
    const res = await operate(patient.id, body);
    expect(res.statusCode).toBe(400);
    const first = res.json<TestProblem>().errors?.[0];
    expect(first?.path).toContain(path);
    expect(first?.rule).toBe(rule);
  });

  it('marks a procedure entered in error with a reason', async () => {
    const patient = await createPatient(ctx.platform);
    const p = (
      await operate(patient.id, {
        code: { system: 'hcpcs', code: 'G0121', display: 'Colorectal cancer screening' },
        performedStart: '2026-01-01T10:00:00Z',
      })
    ).json<Procedure>();
    const res = await call('POST', `/api/v1/procedures/${p.id}/entered-in-error`, {
      body: { reason: 'duplicate entry' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Procedure>()).toMatchObject({ status: 'entered_in_error', version: 2 });
    expect(
      (await call('GET', `/api/v1/patients/${patient.id}/procedures`)).json<ProcedurePage>().items,
    ).toEqual([]);
  });
});

describe('access', () => {
  it('refuses front desk and restricted records, audits the denials, and writes nothing', async () => {
    const desk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const patient = await createPatient(ctx.platform);
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const seq = await lastAuditSeq(ctx.platform);
    expect(
      (await call('GET', `/api/v1/patients/${patient.id}/immunizations`, { cookie: desk.cookie }))
        .statusCode,
    ).toBe(403);
    const write = await immunize(vip.id, {
      vaccine: { code: '140' },
      occurrenceDate: '2026-10-01',
    });
    expect(write.json<TestProblem>().code).toBe('access.break_glass_required');
    expect((await call('GET', `/api/v1/patients/${vip.id}/procedures`)).statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials.map((d) => d.actor_user_id)).toEqual([desk.id, nurse.id, nurse.id]);
    const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
      'select count(*)::int as n from immunization where patient_id = $1',
      [vip.id],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('answers 404 for a patient that does not exist', async () => {
    const missing = '0190a4a4-0000-7000-8000-000000000001';
    expect((await call('GET', `/api/v1/patients/${missing}/procedures`)).statusCode).toBe(404);
  });
});
