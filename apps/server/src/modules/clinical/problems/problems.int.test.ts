import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  PatientProblem,
  ProblemHistory,
  ProblemPage,
  ProblemWriteAnswer,
} from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { createProblem } from '../../../../test/clinical-problems-factories.js';

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

async function add(patientId: string, body: Record<string, unknown>) {
  return call('POST', `/api/v1/patients/${patientId}/problems`, { body });
}
async function added(patientId: string, body: Record<string, unknown>) {
  const res = await add(patientId, body);
  expect(res.statusCode).toBe(201);
  return res.json<ProblemWriteAnswer>();
}
const etag = (p: { version: number }) => `"${p.version}"`;

describe('adding a problem', () => {
  it('records a coded problem with its description, recorder, ETag and audit row', async () => {
    const patient = await createPatient(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    const res = await add(patient.id, { code: 'e119', onsetDate: '2019-03-01', note: ' diet ' });
    expect(res.statusCode).toBe(201);
    const p = res.json<ProblemWriteAnswer>();
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/problems/${p.id}`);
    expect(p).toMatchObject({
      patientId: patient.id,
      code: 'E11.9',
      isBillable: true,
      display: 'Type 2 diabetes mellitus without complications',
      onsetDate: '2019-03-01',
      abatementDate: null,
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      note: 'diet',
      recordedBy: { id: doctor.id, name: 'Dr Ada' },
      recordedAt: '2026-11-20T10:00:00.000Z',
      version: 1,
      warnings: [],
    });
    const audits = await auditRows(ctx.platform, ['problem.created'], seq);
    expect(audits).toMatchObject([{ entity_type: 'problem', entity_id: p.id, outcome: 'success' }]);
    expect(JSON.stringify(audits[0]?.details)).not.toContain('diet');
  });

  it('accepts a category code and warns that it is not billable', async () => {
    const patient = await createPatient(ctx.platform);
    const p = await added(patient.id, { code: 'E11' });
    expect(p.isBillable).toBe(false);
    expect(p.warnings).toEqual([
      expect.objectContaining({ code: 'icd10cm.not_billable', path: 'code' }),
    ]);
  });

  it.each([
    [{ code: 'E11.99' }, 'code', 'unknown_icd10cm_code'],
    [{ code: 'diabetes' }, 'code', 'invalid_format'],
    [{ code: 'E11.9', onsetDate: '2026-12-25' }, 'onsetDate', 'not_in_future'],
    [{ code: 'E11.9', onsetDate: '2019-02-30' }, 'onsetDate', 'invalid_format'],
    [{ code: 'E11.9', clinicalStatus: 'resolved' }, 'clinicalStatus', 'invalid_value'],
    [
      { code: 'E11.9', encounterId: '0190a4a4-0000-7000-8000-000000000000' },
      'encounterId',
      'not_found',
    ],
    [{ code: 'E11.9', colour: 'red' }, '', 'unrecognized_keys'],
  ])('refuses %j naming %s (%s)', async (body, path, rule) => {
    const patient = await createPatient(ctx.platform);
    const res = await add(patient.id, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<TestProblem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors?.[0]?.path ?? '').toContain(path);
    expect(problem.errors?.[0]?.rule).toBe(rule);
  });

  it('refuses a second active problem with the same code with a clear 409', async () => {
    const patient = await createPatient(ctx.platform);
    const first = await added(patient.id, { code: 'I10' });
    const res = await add(patient.id, { code: 'i10', verificationStatus: 'provisional' });
    expect(res.statusCode).toBe(409);
    const problem = res.json<TestProblem & { detail: string }>();
    expect(problem.code).toBe('problem.duplicate_active');
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'code', rule: 'one_active_per_code' }),
    ]);
    expect(problem.detail).toContain(first.id);
    // An inactive one with the same code may sit beside it.
    expect((await add(patient.id, { code: 'I10', clinicalStatus: 'inactive' })).statusCode).toBe(
      201,
    );
  });

  it('has the database refuse a duplicate that gets past the check', async () => {
    const patient = await createPatient(ctx.platform);
    await createProblem(ctx.platform, { patientId: patient.id, code: 'J45.909' });
    await expect(
      createProblem(ctx.platform, { patientId: patient.id, code: 'J45.909' }),
    ).rejects.toThrow();
    const { rows } = await ctx.platform.database.pool.query(
      'select count(*)::int as n from problem where patient_id = $1',
      [patient.id],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('answers 404 for a patient that does not exist', async () => {
    const res = await add('0190a4a4-0000-7000-8000-000000000001', { code: 'E11.9' });
    expect(res.statusCode).toBe(404);
  });
});

describe('changing a problem', () => {
  it('updates with If-Match, keeps every version, and refuses a stale version with 412', async () => {
    const patient = await createPatient(ctx.platform);
    const p = await added(patient.id, { code: 'J45.20' });
    const url = `/api/v1/problems/${p.id}`;
    const noMatch = await call('PATCH', url, { body: { note: 'x' } });
    expect(noMatch.statusCode).toBe(428);
    const res = await call('PATCH', url, {
      body: { onsetDate: '2010-05-01', note: 'seasonal' },
      ifMatch: etag(p),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json<PatientProblem>()).toMatchObject({ onsetDate: '2010-05-01', note: 'seasonal' });
    const stale = await call('PATCH', url, { body: { note: 'again' }, ifMatch: '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<TestProblem>().code).toBe('resource.version_mismatch');

    const history = await call('GET', `${url}/history`);
    expect(history.statusCode).toBe(200);
    const items = history.json<ProblemHistory>().items;
    expect(items.map((i) => [i.version, i.action])).toEqual([
      [2, 'updated'],
      [1, 'created'],
    ]);
    expect(items[1]?.problem).toMatchObject({ onsetDate: null, note: null, version: 1 });
    expect(items[0]?.problem).toMatchObject({ onsetDate: '2010-05-01', note: 'seasonal' });
    expect(items[0]?.recordedBy).toEqual({ id: doctor.id, name: 'Dr Ada' });
  });

  it('refuses an abatement before the onset, naming the field', async () => {
    const patient = await createPatient(ctx.platform);
    const p = await added(patient.id, { code: 'R51.9', onsetDate: '2026-01-10' });
    const res = await call('PATCH', `/api/v1/problems/${p.id}`, {
      body: { clinicalStatus: 'resolved', abatementDate: '2026-01-01' },
      ifMatch: etag(p),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'abatementDate',
      rule: 'not_before_onset',
    });
  });

  it('resolves (abatement today by default) and reopening refuses a duplicate', async () => {
    const patient = await createPatient(ctx.platform);
    const p = await added(patient.id, { code: 'E11.65' });
    const res = await call('POST', `/api/v1/problems/${p.id}/resolve`, {
      body: {},
      ifMatch: etag(p),
    });
    expect(res.statusCode).toBe(200);
    const resolved = res.json<ProblemWriteAnswer>();
    expect(resolved).toMatchObject({ clinicalStatus: 'resolved', abatementDate: '2026-11-20' });
    const again = await call('POST', `/api/v1/problems/${p.id}/resolve`, {
      body: {},
      ifMatch: etag(resolved),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<TestProblem>().code).toBe('problem.invalid_transition');

    // A new active E11.65 is fine now; reopening the old one would make two.
    await added(patient.id, { code: 'E11.65' });
    const reopen = await call('PATCH', `/api/v1/problems/${p.id}`, {
      body: { clinicalStatus: 'recurrence' },
      ifMatch: etag(resolved),
    });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json<TestProblem>().code).toBe('problem.duplicate_active');
  });

  it('marks a problem entered in error with a reason; then it changes no more', async () => {
    const patient = await createPatient(ctx.platform);
    const p = await added(patient.id, { code: 'A00.0' });
    const url = `/api/v1/problems/${p.id}`;
    const noReason = await call('POST', `${url}/entered-in-error`, {
      body: {},
      ifMatch: etag(p),
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<TestProblem>().errors?.[0]?.path).toContain('reason');
    const res = await call('POST', `${url}/entered-in-error`, {
      body: { reason: 'wrong patient' },
      ifMatch: etag(p),
    });
    expect(res.statusCode).toBe(200);
    const retired = res.json<PatientProblem>();
    expect(retired).toMatchObject({
      verificationStatus: 'entered_in_error',
      enteredInErrorReason: 'wrong patient',
      version: 2,
    });
    const edit = await call('PATCH', url, { body: { note: 'x' }, ifMatch: etag(retired) });
    expect(edit.statusCode).toBe(409);
    expect(edit.json<TestProblem>().code).toBe('problem.invalid_transition');
    // The same code may be recorded again, correctly this time.
    expect((await add(patient.id, { code: 'A00.0' })).statusCode).toBe(201);
  });
});

describe('the problem list', () => {
  it('lists active first, hides entered-in-error, filters by status and pages by cursor', async () => {
    const patient = await createPatient(ctx.platform);
    const at = (iso: string) => ctx.clock.set(new Date(iso));
    at('2026-11-01T09:00:00Z');
    const resolved = await added(patient.id, { code: 'J45.20' });
    await call('POST', `/api/v1/problems/${resolved.id}/resolve`, {
      body: { abatementDate: '2026-11-01' },
      ifMatch: etag(resolved),
    });
    at('2026-11-02T09:00:00Z');
    const wrong = await added(patient.id, { code: 'R51.9' });
    await call('POST', `/api/v1/problems/${wrong.id}/entered-in-error`, {
      body: { reason: 'duplicate entry' },
      ifMatch: etag(wrong),
    });
    at('2026-11-03T09:00:00Z');
    const older = await added(patient.id, { code: 'I10' });
    at('2026-11-04T09:00:00Z');
    const newer = await added(patient.id, { code: 'E11.9' });
    at('2026-11-20T10:00:00Z');

    const url = `/api/v1/patients/${patient.id}/problems`;
    const all = (await call('GET', url)).json<ProblemPage>();
    expect(all.items.map((p) => p.id)).toEqual([newer.id, older.id, resolved.id]);
    expect(all.nextCursor).toBeNull();

    const first = (await call('GET', `${url}?limit=2`)).json<ProblemPage>();
    expect(first.items.map((p) => p.id)).toEqual([newer.id, older.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await call('GET', `${url}?limit=2&cursor=${first.nextCursor ?? ''}`)
    ).json<ProblemPage>();
    expect(second.items.map((p) => p.id)).toEqual([resolved.id]);
    expect(second.nextCursor).toBeNull();

    const onlyResolved = (await call('GET', `${url}?status=resolved`)).json<ProblemPage>();
    expect(onlyResolved.items.map((p) => p.id)).toEqual([resolved.id]);
    const withErrors = (await call('GET', `${url}?includeEnteredInError=true`)).json<ProblemPage>();
    expect(withErrors.items.map((p) => p.id)).toEqual([newer.id, older.id, resolved.id, wrong.id]);

    const bad = await call('GET', `${url}?cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<TestProblem>().errors?.[0]?.path).toBe('query.cursor');
  });

  it('audits the read', async () => {
    const patient = await createPatient(ctx.platform);
    const seq = await lastAuditSeq(ctx.platform);
    expect((await call('GET', `/api/v1/patients/${patient.id}/problems`)).statusCode).toBe(200);
    const audits = await auditRows(ctx.platform, ['problem.list'], seq);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.actor_user_id).toBe(doctor.id);
  });
});

describe('access', () => {
  it('refuses a restricted record without break-the-glass, and audits the denial', async () => {
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const seq = await lastAuditSeq(ctx.platform);
    const list = await call('GET', `/api/v1/patients/${vip.id}/problems`);
    expect(list.statusCode).toBe(403);
    expect(list.json<TestProblem>().code).toBe('access.break_glass_required');
    const write = await add(vip.id, { code: 'E11.9' });
    expect(write.statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials).toHaveLength(2);
    expect(denials.every((d) => d.outcome === 'denied')).toBe(true);
    const { rows } = await ctx.platform.database.pool.query(
      'select count(*)::int as n from problem where patient_id = $1',
      [vip.id],
    );
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('lets lab staff read but not write, and front desk not even read', async () => {
    const patient = await createPatient(ctx.platform);
    const lab = await signedInStaff(ctx.platform, { roles: ['lab'] });
    const desk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const url = `/api/v1/patients/${patient.id}/problems`;
    expect((await call('GET', url, { cookie: lab.cookie })).statusCode).toBe(200);
    const seq = await lastAuditSeq(ctx.platform);
    const write = await call('POST', url, { cookie: lab.cookie, body: { code: 'E11.9' } });
    expect(write.statusCode).toBe(403);
    expect((await call('GET', url, { cookie: desk.cookie })).statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials.map((d) => d.actor_user_id)).toEqual([lab.id, desk.id]);
  });
});
