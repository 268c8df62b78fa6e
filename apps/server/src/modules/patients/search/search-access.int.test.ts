import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mrnFromSequence,
  type AuditEventPage,
  type PatientByMrn,
  type PatientSummary,
} from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import type { PatientRow } from '../patients.tables.js';

let ctx: TestContext;
let deskCookie: string;
let deskUserId: string;
let adminCookie: string;
const call = apiCaller(
  () => ctx,
  () => deskCookie,
);

interface Page {
  items: PatientSummary[];
  nextCursor: string | null;
}

const url = (query: Record<string, string | number>) =>
  `/api/v1/patients?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;

let survivor: PatientRow;
let retired: PatientRow;
let vip: PatientRow;

/** Merges `dup` into `into` the way the merge tool leaves the rows (status, alias). */
async function mergeDirectly(dup: PatientRow, into: PatientRow): Promise<void> {
  const pool = ctx.platform.database.pool;
  await pool.query(
    `update patient set status = 'merged', merged_into_id = $1, merged_at = now() where id = $2`,
    [into.id, dup.id],
  );
  await pool.query(
    `insert into patient_mrn_alias (mrn, patient_id, retired_patient_id, created_at)
     values ($1, $2, $3, now())`,
    [dup.mrn, into.id, dup.id],
  );
}

beforeAll(async () => {
  ctx = await createTestContext();
  const desk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  deskCookie = desk.cookie;
  deskUserId = desk.id;
  adminCookie = (await signedInStaff(ctx.platform, { roles: ['admin'] })).cookie;
  survivor = await createPatient(ctx.platform, {
    name: { given: 'Samuel', family: 'Survivorson' },
  });
  retired = await createPatient(ctx.platform, {
    name: { given: 'Sam', family: 'Mergedahl' },
  });
  await mergeDirectly(retired, survivor);
  vip = await createPatient(ctx.platform, {
    name: { given: 'Valentina', family: 'Famosa' },
    birthDate: '1970-02-02',
    flags: { vip: true },
  });
});
afterAll(async () => {
  await ctx.close();
});

describe('merged records', () => {
  it('never lists a merged record', async () => {
    const page = (await call('GET', url({ q: 'mergedahl' }))).json<Page>();
    expect(page.items).toEqual([]);
  });

  it('finds the survivor by the retired MRN', async () => {
    const page = (await call('GET', url({ q: retired.mrn }))).json<Page>();
    expect(page.items.map((i) => [i.id, i.mrn, i.matchedBy])).toEqual([
      [survivor.id, survivor.mrn, ['mrn_alias']],
    ]);
  });

  it('follows a survivor that was itself merged later', async () => {
    const last = await createPatient(ctx.platform, { name: { given: 'Sol', family: 'Lastly' } });
    const middle = await createPatient(ctx.platform, { name: { given: 'Mo', family: 'Middling' } });
    const first = await createPatient(ctx.platform, { name: { given: 'Fi', family: 'Firstly' } });
    await mergeDirectly(first, middle);
    await mergeDirectly(middle, last);
    const res = await call('GET', `/api/v1/patients/by-mrn/${first.mrn}`);
    expect(res.json<PatientByMrn>()).toMatchObject({ id: last.id, retired: true });
  });
});

describe('GET /api/v1/patients/by-mrn/:mrn', () => {
  it('resolves a current MRN (with a hyphen) to the record, audited with the patient id', async () => {
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call(
      'GET',
      `/api/v1/patients/by-mrn/${survivor.mrn.slice(0, 3)}-${survivor.mrn.slice(3)}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<PatientByMrn>()).toMatchObject({
      id: survivor.id,
      retired: false,
      matchedBy: ['mrn'],
      name: { given: 'Samuel', family: 'Survivorson' },
    });
    const [row] = await auditRows(ctx.platform, ['patient.lookup_mrn'], seq);
    expect(row).toMatchObject({ entity_id: survivor.id, details: { retired: false } });
  });

  it('resolves a retired MRN to the survivor and says it was retired', async () => {
    const res = await call('GET', `/api/v1/patients/by-mrn/${retired.mrn}`);
    expect(res.json<PatientByMrn>()).toMatchObject({
      id: survivor.id,
      mrn: survivor.mrn,
      retired: true,
      matchedBy: ['mrn_alias'],
    });
  });

  it('refuses an MRN with a wrong check digit, naming params.mrn', async () => {
    const wrong = `${survivor.mrn.slice(0, -1)}${(Number(survivor.mrn.at(-1)) + 1) % 10}`;
    const res = await call('GET', `/api/v1/patients/by-mrn/${wrong}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'params.mrn', rule: 'check_digit' }),
    ]);
  });

  it('answers 404 for a valid MRN nobody has', async () => {
    const res = await call('GET', `/api/v1/patients/by-mrn/${mrnFromSequence(987654321)}`);
    expect(res.statusCode).toBe(404);
  });
});

describe('restricted records', () => {
  it('lists a restricted record masked to a reader without a grant', async () => {
    const [hit] = (await call('GET', url({ q: 'famosa' }))).json<Page>().items;
    expect(hit).toMatchObject({
      id: vip.id,
      mrn: vip.mrn,
      restricted: true,
      name: null,
      birthDate: null,
      phone: null,
    });
  });

  it('shows it in full once the reader broke the glass', async () => {
    const nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    const grant = await call('POST', '/api/v1/access/break-glass', {
      cookie: nurse.cookie,
      body: { patientId: vip.id, reason: 'patient in the emergency department, unconscious' },
    });
    expect(grant.statusCode, grant.body).toBe(201);
    const [hit] = (await call('GET', url({ q: 'famosa' }), { cookie: nurse.cookie })).json<Page>()
      .items;
    expect(hit).toMatchObject({ id: vip.id, restricted: true, name: { family: 'Famosa' } });
  });

  it('masks a restricted record found by MRN too', async () => {
    const res = await call('GET', `/api/v1/patients/by-mrn/${vip.mrn}`);
    expect(res.json<PatientByMrn>()).toMatchObject({ id: vip.id, name: null, restricted: true });
  });
});

describe('audit', () => {
  it('records one patient.search event listing the ids shown, never the query', async () => {
    const seq = await lastAuditSeq(ctx.platform);
    const page = (await call('GET', url({ q: 'Samuel Survivorson' }))).json<Page>();
    expect(page.items.map((i) => i.id)).toEqual([survivor.id]);
    const rows = await auditRows(ctx.platform, ['patient.search'], seq);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_user_id: deskUserId,
      outcome: 'success',
      details: { patientIds: [survivor.id], resultCount: 1 },
    });
    expect(JSON.stringify(rows[0])).not.toMatch(/samuel|survivorson/i);
  });

  it('lets the audit log search by patient find the search event', async () => {
    await call('GET', url({ q: 'famosa' }));
    const res = await call('GET', `/api/v1/audit-events?patientId=${vip.id}&limit=50`, {
      cookie: adminCookie,
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json<AuditEventPage>().items;
    const search = events.find((e) => e.action === 'patient.search');
    expect(search?.details).toMatchObject({ patientIds: [vip.id] });
    // The patient's own rows still come too (the by-MRN lookup above).
    expect(events.some((e) => e.action === 'patient.lookup_mrn' && e.patientId === vip.id)).toBe(
      true,
    );
  });

  it('audits a search that found nothing as an event with no ids', async () => {
    const seq = await lastAuditSeq(ctx.platform);
    await call('GET', url({ q: 'nobodyhasthisname' }));
    const rows = await auditRows(ctx.platform, ['patient.search'], seq);
    expect(rows.map((r) => r.details)).toEqual([{ patientIds: [], resultCount: 0 }]);
  });
});

describe('bad input', () => {
  it.each([
    ['limit 0', { q: 'smith', limit: 0 }, 'query.limit'],
    ['limit 101', { q: 'smith', limit: 101 }, 'query.limit'],
    ['an unknown filter', { q: 'smith', ward: 'B' }, 'query.ward'],
    ['ageMin above ageMax', { q: 'smith', ageMin: 50, ageMax: 40 }, 'query.ageMin'],
    ['a negative age', { ageMin: -1 }, 'query.ageMin'],
    ['no query and no filter', {}, 'query.q'],
    ['a blank query and no filter', { q: '   ' }, 'query.q'],
    ['a date that does not exist', { q: '02/30/1980' }, 'query.q'],
    ['a bad sex', { q: 'smith', sex: 'x' }, 'query.sex'],
    ['a bad facility id', { facilityId: 'not-a-uuid' }, 'query.facilityId'],
    ['a forged cursor', { q: 'smith', cursor: 'bm90LWEtY3Vyc29y' }, 'query.cursor'],
  ])('refuses %s, naming %s', async (_label, query, path) => {
    const res = await call('GET', url(query));
    expect(res.statusCode, res.body).toBe(400);
    const problem = res.json<TestProblem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors?.map((e) => e.path)).toEqual([path]);
  });

  it('refuses a user without patient.read', async () => {
    const portal = await signedInStaff(ctx.platform, { roles: ['patient'] });
    const res = await call('GET', url({ q: 'smith' }), { cookie: portal.cookie });
    expect(res.statusCode).toBe(403);
  });
});
