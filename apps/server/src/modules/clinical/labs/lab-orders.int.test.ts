import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  LabCumulative,
  LabOrder,
  LabResult,
  LabResultHistory,
  LabSeries,
} from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import {
  collect,
  createLabPatient,
  createLabScene,
  num,
  orderTests,
  type LabScene,
} from '../../../../test/clinical-labs-factories.js';

let ctx: TestContext;
let scene: LabScene;
const call = apiCaller(
  () => ctx,
  () => scene.lab.cookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  scene = await createLabScene(ctx);
});
afterAll(() => ctx.close());

const bmpValues = (o: Record<string, ReturnType<typeof num>> = {}) =>
  Object.entries({
    '2947-0': num(140, 'mmol/L'),
    '6298-4': num(4.2, 'mmol/L'),
    '2069-3': num(101, 'mmol/L'),
    '20565-8': num(25, 'mmol/L'),
    '6299-2': num(14, 'mg/dL'),
    '38483-4': num(0.9, 'mg/dL'),
    '2339-0': num(92, 'mg/dL'),
    '49765-1': num(9.4, 'mg/dL'),
    ...o,
  }).map(([testCode, value]) => ({ testCode, value }));

describe('the catalogue', () => {
  it('finds panels by name or abbreviation, with LOINC-coded components, units and ranges', async () => {
    const res = await call('GET', '/api/v1/lab-tests?q=cbc', { cookie: scene.physician.cookie });
    expect(res.statusCode).toBe(200);
    const [cbc] = res.json<{
      items: { code: string; components: { code: string; unit: string }[] }[];
    }>().items;
    expect(cbc?.code).toBe('58410-2');
    expect(cbc?.components.map((c) => c.code)).toEqual([
      '6690-2',
      '789-8',
      '718-7',
      '4544-3',
      '787-2',
      '785-6',
      '786-4',
      '788-0',
      '777-3',
    ]);
    const chem = await call('GET', '/api/v1/lab-tests?q=potassium', {
      cookie: scene.physician.cookie,
    });
    expect(chem.json<{ items: { code: string }[] }>().items.map((i) => i.code)).toEqual(
      expect.arrayContaining(['6298-4', '51990-0', '24323-8']),
    );
  });
});

describe('ordering', () => {
  it('orders a BMP once per Idempotency-Key, audited', async () => {
    const patient = await createLabPatient(ctx);
    const since = await lastAuditSeq(ctx.platform);
    const send = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/lab-orders',
        headers: { cookie: scene.physician.cookie, 'idempotency-key': `bmp-${patient.id}` },
        payload: {
          patientId: patient.id,
          facilityId: scene.facilityId,
          testCodes: ['51990-0'],
          priority: 'stat',
        },
      });
    const first = await send();
    const again = await send();
    expect(first.statusCode).toBe(201);
    expect(again.json<LabOrder>().id).toBe(first.json<LabOrder>().id);
    expect(first.json<LabOrder>()).toMatchObject({ status: 'ordered', priority: 'stat' });
    expect(first.json<LabOrder>().orderNumber).toMatch(/^L\d{7}$/);
    const audits = await auditRows(ctx.platform, ['lab.order_created'], since);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.entity_id).toBe(first.json<LabOrder>().id);
  });

  it.each([
    [['9999-9'], 'lab.unknown_test', 'testCodes.0'],
    [['6690-2'], 'lab.unknown_test', 'testCodes.0'],
    [['58410-2', '58410-2'], 'validation.failed', 'testCodes'],
  ])('refuses %j (%s at %s)', async (testCodes, code, path) => {
    const patient = await createLabPatient(ctx);
    const res = await call('POST', '/api/v1/lab-orders', {
      cookie: scene.physician.cookie,
      body: { patientId: patient.id, facilityId: scene.facilityId, testCodes },
    });
    expect(res.json<TestProblem>().code).toBe(code);
    expect(res.json<TestProblem>().errors?.[0]?.path).toBe(path);
  });

  it('refuses an order from the lab (no order.write)', async () => {
    const patient = await createLabPatient(ctx);
    const res = await call('POST', '/api/v1/lab-orders', {
      body: { patientId: patient.id, facilityId: scene.facilityId, testCodes: ['718-7'] },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('the order state machine', () => {
  it('refuses results before collection, and collection twice', async () => {
    const patient = await createLabPatient(ctx);
    const order = await orderTests(ctx, scene, patient.id, ['6298-4']);
    const early = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: { status: 'final', results: [{ testCode: '6298-4', value: num(4, 'mmol/L') }] },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<TestProblem>()).toMatchObject({
      code: 'lab.invalid_transition',
      errors: [{ path: 'status', rule: 'not_from_ordered' }],
    });
    expect(early.headers['content-type']).toContain('application/problem+json');
    await collect(ctx, scene, order.id);
    const twice = await call('POST', `/api/v1/lab-orders/${order.id}/collect`, {
      body: { specimenType: 'venous_blood' },
    });
    expect(twice.json<TestProblem>().code).toBe('lab.invalid_transition');
  });

  it('lets a nurse collect, and refuses a collection in the future or before the order', async () => {
    const patient = await createLabPatient(ctx);
    const order = await orderTests(ctx, scene, patient.id, ['718-7']);
    const future = await call('POST', `/api/v1/lab-orders/${order.id}/collect`, {
      cookie: scene.nurse.cookie,
      body: { specimenType: 'venous_blood', collectedAt: '2099-01-01T00:00:00Z' },
    });
    expect(future.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'collectedAt',
      rule: 'not_in_future',
    });
    const before = await call('POST', `/api/v1/lab-orders/${order.id}/collect`, {
      cookie: scene.nurse.cookie,
      body: { specimenType: 'venous_blood', collectedAt: '2020-01-01T00:00:00Z' },
    });
    expect(before.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'collectedAt',
      rule: 'not_before_order',
    });
    const ok = await call('POST', `/api/v1/lab-orders/${order.id}/collect`, {
      cookie: scene.nurse.cookie,
      body: { specimenType: 'capillary_blood' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<LabOrder>()).toMatchObject({
      status: 'collected',
      specimenType: 'capillary_blood',
    });
  });

  it('cancels before results with a reason, and refuses cancelling a resulted order', async () => {
    const patient = await createLabPatient(ctx);
    const order = await orderTests(ctx, scene, patient.id, ['3016-3']);
    const cancelled = await call('POST', `/api/v1/lab-orders/${order.id}/cancel`, {
      cookie: scene.physician.cookie,
      body: { reason: 'Duplicate order' },
    });
    expect(cancelled.json<LabOrder>()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Duplicate order',
    });
    const other = await orderTests(ctx, scene, patient.id, ['3016-3']);
    await collect(ctx, scene, other.id);
    await call('POST', `/api/v1/lab-orders/${other.id}/results`, {
      body: { status: 'final', results: [{ testCode: '3016-3', value: num(2.1, 'm[IU]/L') }] },
    });
    const late = await call('POST', `/api/v1/lab-orders/${other.id}/cancel`, {
      cookie: scene.physician.cookie,
      body: { reason: 'Too late' },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json<TestProblem>().code).toBe('lab.invalid_transition');
  });

  it('refuses a stale If-Match with 412', async () => {
    const patient = await createLabPatient(ctx);
    const order = await orderTests(ctx, scene, patient.id, ['718-7']);
    const res = await call('POST', `/api/v1/lab-orders/${order.id}/collect`, {
      ifMatch: '"7"',
      body: { specimenType: 'venous_blood' },
    });
    expect(res.statusCode).toBe(412);
  });
});

describe('entering results', () => {
  it('refuses a unit that does not convert, naming the field, and writes nothing', async () => {
    const patient = await createLabPatient(ctx);
    const order = await collect(
      ctx,
      scene,
      (await orderTests(ctx, scene, patient.id, ['51990-0'])).id,
    );
    const res = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: { status: 'preliminary', results: bmpValues({ '6298-4': num(4.2, 'mg/dL') }) },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'lab.unit_mismatch',
      errors: [{ path: 'results.1.value.unit', rule: 'convertible_unit' }],
    });
    const after = await call('GET', `/api/v1/lab-orders/${order.id}`);
    expect(after.json<LabOrder>()).toMatchObject({ status: 'collected', results: [] });
  });

  it('converts SI units, flags from the patient’s range, and needs every test for a final report', async () => {
    const patient = await createLabPatient(ctx);
    const order = await collect(
      ctx,
      scene,
      (await orderTests(ctx, scene, patient.id, ['51990-0'])).id,
    );
    const partial = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: { status: 'final', results: bmpValues().slice(0, 3) },
    });
    expect(partial.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'status',
      rule: 'complete',
    });
    const res = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: {
        status: 'final',
        results: bmpValues({
          '2339-0': num(7.5, 'mmol/L'),
          '38483-4': num(1.2, 'mg/dL'),
          '2947-0': num(131, 'meq/L'),
        }),
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<LabOrder>();
    expect(body).toMatchObject({ status: 'resulted', reportStatus: 'final' });
    const byCode = new Map(body.results.map((r) => [r.testCode, r]));
    // 7.5 mmol/L x 18.016 = 135 mg/dL: high.
    expect(byCode.get('2339-0')).toMatchObject({
      valueNumeric: 135,
      unit: 'mg/dL',
      enteredUnit: 'mmol/L',
      flag: 'H',
    });
    // A creatinine of 1.2 mg/dL is high for a woman (0.59-1.04).
    expect(byCode.get('38483-4')).toMatchObject({ flag: 'H', rangeHigh: 1.04 });
    expect(byCode.get('2947-0')).toMatchObject({ valueNumeric: 131, flag: 'L' });
    expect(byCode.get('6298-4')?.flag).toBeNull();
  });

  it('refuses a test that is not part of the order', async () => {
    const patient = await createLabPatient(ctx);
    const order = await collect(
      ctx,
      scene,
      (await orderTests(ctx, scene, patient.id, ['718-7'])).id,
    );
    const res = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: { status: 'final', results: [{ testCode: '6298-4', value: num(4, 'mmol/L') }] },
    });
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'lab.unknown_test',
      errors: [{ path: 'results.0.testCode', rule: 'in_order' }],
    });
  });
});

describe('amendments', () => {
  it('keeps the prior value in history, and the database refuses editing a final result in place', async () => {
    const patient = await createLabPatient(ctx);
    const order = await collect(
      ctx,
      scene,
      (await orderTests(ctx, scene, patient.id, ['718-7'])).id,
    );
    const prelim = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: { status: 'preliminary', results: [{ testCode: '718-7', value: num(11.2, 'g/dL') }] },
    });
    const final = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: { status: 'final', results: [{ testCode: '718-7', value: num(11.4, 'g/dL') }] },
    });
    expect(final.json<LabOrder>().reportStatus).toBe('final');
    const result = final.json<LabOrder>().results[0] as LabResult;
    expect(result.id).toBe(prelim.json<LabOrder>().results[0]?.id);
    const noReason = await call('POST', `/api/v1/lab-results/${result.id}/amend`, {
      body: { value: num(12.4, 'g/dL') },
    });
    expect(noReason.json<TestProblem>().errors?.[0]?.path).toBe('reason');
    const amended = await call('POST', `/api/v1/lab-results/${result.id}/amend`, {
      body: { value: num(12.4, 'g/dL'), reason: 'Transcription error' },
    });
    expect(amended.json<LabResult>()).toMatchObject({
      status: 'amended',
      valueNumeric: 12.4,
      flag: null,
      revision: 3,
    });
    const history = await call('GET', `/api/v1/lab-results/${result.id}/history`, {
      cookie: scene.physician.cookie,
    });
    expect(
      history
        .json<LabResultHistory>()
        .items.map((i) => [i.status, i.valueNumeric, i.flag, i.reason]),
    ).toEqual([
      ['preliminary', 11.2, 'L', null],
      ['final', 11.4, 'L', null],
      ['amended', 12.4, null, 'Transcription error'],
    ]);
    const pool = ctx.platform.database.pool;
    await expect(
      pool.query(`update lab_result set value_numeric = 99 where id = $1`, [result.id]),
    ).rejects.toMatchObject({ constraint: 'lab_result_final_amend_only' });
    await expect(
      pool.query(`update lab_result set status = 'final', revision = revision + 1 where id = $1`, [
        result.id,
      ]),
    ).rejects.toMatchObject({ constraint: 'lab_result_final_amend_only' });
    // Even a well-formed next revision is refused unless its history row is written too.
    await expect(
      pool.query(
        `update lab_result set value_numeric = 99, revision = revision + 1 where id = $1`,
        [result.id],
      ),
    ).rejects.toMatchObject({ constraint: 'lab_result_revision_exists' });
    await expect(
      ctx.platform.database.pool.query(`delete from lab_result_revision where result_id = $1`, [
        result.id,
      ]),
    ).rejects.toMatchObject({ constraint: 'lab_result_revision_append_only' });
  });

  it('refuses amending a preliminary result', async () => {
    const patient = await createLabPatient(ctx);
    const order = await collect(
      ctx,
      scene,
      (await orderTests(ctx, scene, patient.id, ['718-7'])).id,
    );
    const prelim = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
      body: { status: 'preliminary', results: [{ testCode: '718-7', value: num(13, 'g/dL') }] },
    });
    const res = await call(
      'POST',
      `/api/v1/lab-results/${prelim.json<LabOrder>().results[0]?.id}/amend`,
      {
        body: { value: num(13.1, 'g/dL'), reason: 'Recheck' },
      },
    );
    expect(res.json<TestProblem>().code).toBe('lab.invalid_transition');
  });
});

describe('cumulative results', () => {
  it('lays out tests by collection, newest first, paged by time, with a trend series', async () => {
    const patient = await createLabPatient(ctx);
    for (const k of [3.9, 4.4, 5.6]) {
      ctx.clock.advance(3 * 60_000);
      const order = await collect(
        ctx,
        scene,
        (await orderTests(ctx, scene, patient.id, ['6298-4'])).id,
      );
      await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
        body: { status: 'final', results: [{ testCode: '6298-4', value: num(k, 'mmol/L') }] },
      });
    }
    const url = `/api/v1/patients/${patient.id}/lab-results/cumulative?limit=2`;
    const first = (
      await call('GET', url, { cookie: scene.physician.cookie })
    ).json<LabCumulative>();
    expect(first.columns).toHaveLength(2);
    expect(first.rows.map((r) => [r.testCode, r.cells.map((c) => c?.valueNumeric)])).toEqual([
      ['6298-4', [5.6, 4.4]],
    ]);
    expect(first.rows[0]?.cells[0]?.flag).toBe('H');
    const next = (
      await call('GET', `${url}&cursor=${first.nextCursor ?? ''}`, {
        cookie: scene.physician.cookie,
      })
    ).json<LabCumulative>();
    expect(next.rows[0]?.cells.map((c) => c?.valueNumeric)).toEqual([3.9]);
    expect(next.nextCursor).toBeNull();
    const series = await call(
      'GET',
      `/api/v1/patients/${patient.id}/lab-results/series?code=6298-4`,
      {
        cookie: scene.physician.cookie,
      },
    );
    expect(series.json<LabSeries>().points.map((p) => p.value)).toEqual([5.6, 4.4, 3.9]);
  });
});

describe('access', () => {
  it('denies reading results without clinical.read, and audits the denial', async () => {
    const patient = await createLabPatient(ctx);
    const since = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/lab-orders?patientId=${patient.id}`, {
      cookie: scene.frontDesk.cookie,
    });
    expect(res.statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], since);
    expect(denials.map((d) => d.details['permission'])).toContain('clinical.read');
  });

  it('needs break-the-glass for a restricted patient’s results, audited with the patient', async () => {
    const patient = await createLabPatient(ctx, { flags: { vip: true } });
    const since = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/lab-orders?patientId=${patient.id}`, {
      cookie: scene.physician.cookie,
    });
    expect(res.json<TestProblem>().code).toBe('access.break_glass_required');
    const { rows } = await ctx.platform.database.pool.query<{ patient_id: string }>(
      `select patient_id from audit_event where action = 'access.denied' and seq > $1`,
      [since],
    );
    expect(rows.map((r) => r.patient_id)).toContain(patient.id);
  });

  it('audits every read of a patient’s orders', async () => {
    const patient = await createLabPatient(ctx);
    const since = await lastAuditSeq(ctx.platform);
    await call('GET', `/api/v1/lab-orders?patientId=${patient.id}`, {
      cookie: scene.physician.cookie,
    });
    const reads = await auditRows(ctx.platform, ['lab.order_list'], since);
    expect(reads).toHaveLength(1);
  });

  it('shows the lab its facility’s worklist, stat first', async () => {
    const patient = await createLabPatient(ctx);
    const routine = await orderTests(ctx, scene, patient.id, ['718-7']);
    const stat = await orderTests(ctx, scene, patient.id, ['6298-4'], { priority: 'stat' });
    const res = await call(
      'GET',
      `/api/v1/lab-worklist?facilityId=${scene.facilityId}&stage=collection`,
    );
    expect(res.statusCode).toBe(200);
    const ids = res.json<{ items: { order: LabOrder }[] }>().items.map((i) => i.order.id);
    expect(ids.indexOf(stat.id)).toBeLessThan(ids.indexOf(routine.id));
    const forbidden = await call('GET', `/api/v1/lab-worklist?facilityId=${scene.facilityId}`, {
      cookie: scene.physician.cookie,
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
