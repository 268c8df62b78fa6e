import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { auditRows } from '../../../../test/auth-helpers.js';
import { seedDemoPayers } from './demo-payers.js';

let ctx: TestContext;
let billing: { id: string; cookie: string };
let frontDesk: { id: string; cookie: string };

beforeAll(async () => {
  ctx = await createTestContext();
  billing = await signedInStaff(ctx.platform, { roles: ['billing'] });
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
});
afterAll(async () => {
  await ctx.close();
});

const call = apiCaller(
  () => ctx,
  () => billing.cookie,
);

interface PayerBody {
  id: string;
  name: string;
  payerId: string;
  phone: string | null;
  isActive: boolean;
  version: number;
}

describe('the payer directory', () => {
  let aetna: PayerBody;

  it('adds a payer with its ETag and location, audited without a patient', async () => {
    const res = await call('POST', '/api/v1/payers', {
      body: {
        name: 'Aetna',
        payerId: '60054',
        phone: '(800) 555-0101',
        address: { line1: '151 Farmington Avenue', city: 'Hartford', state: 'CT' },
      },
    });
    expect(res.statusCode).toBe(201);
    aetna = res.json<PayerBody>();
    expect(aetna).toMatchObject({
      name: 'Aetna',
      payerId: '60054',
      phone: '+18005550101',
      isActive: true,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/payers/${aetna.id}`);
    const [audit] = await auditRows(ctx.platform, ['payer.created']);
    expect(audit).toMatchObject({ actor_user_id: billing.id, entity_id: aetna.id });
    const { rows } = await ctx.platform.database.pool.query<{ patient_id: string | null }>(
      `select patient_id from audit_event where action = 'payer.created'`,
    );
    expect(rows).toEqual([{ patient_id: null }]);
  });

  it('refuses a second payer with the same payer id, naming payerId', async () => {
    const res = await call('POST', '/api/v1/payers', { body: { name: 'Other', payerId: '60054' } });
    expect(res.statusCode).toBe(409);
    const problem = res.json<TestProblem>();
    expect(problem.code).toBe('payer.payer_id_taken');
    expect(problem.errors?.[0]).toMatchObject({ path: 'payerId' });
  });

  it('answers payer.payer_id_taken from the constraint when two creates race', async () => {
    const body = { name: 'Racer', payerId: 'RACE1' };
    const [a, b] = await Promise.all([
      call('POST', '/api/v1/payers', { body }),
      call('POST', '/api/v1/payers', { body }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json<TestProblem>()).toMatchObject({
      code: 'payer.payer_id_taken',
      errors: [{ path: 'payerId' }],
    });
  });

  it('refuses a payer id that is not 2-15 upper-case letters or digits', async () => {
    const res = await call('POST', '/api/v1/payers', { body: { name: 'Bad', payerId: 'ab-1' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'payerId' });
  });

  it('lets front-desk staff read and search payers but not change them', async () => {
    const list = await call('GET', '/api/v1/payers?q=aet', { cookie: frontDesk.cookie });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: PayerBody[] }>().items.map((p) => p.id)).toEqual([aetna.id]);
    const byCode = await call('GET', '/api/v1/payers?q=6005', { cookie: frontDesk.cookie });
    expect(byCode.json<{ items: PayerBody[] }>().items.map((p) => p.id)).toEqual([aetna.id]);
    const one = await call('GET', `/api/v1/payers/${aetna.id}`, { cookie: frontDesk.cookie });
    expect(one.statusCode).toBe(200);
    expect(one.headers.etag).toBe('"1"');
    const create = await call('POST', '/api/v1/payers', {
      cookie: frontDesk.cookie,
      body: { name: 'Cigna', payerId: '62308' },
    });
    expect(create.statusCode).toBe(403);
  });

  it('edits a payer only with the current version in If-Match', async () => {
    const url = `/api/v1/payers/${aetna.id}`;
    const missing = await call('PATCH', url, { body: { name: 'Aetna Inc.' } });
    expect(missing.statusCode).toBe(428);
    const stale = await call('PATCH', url, { body: { name: 'Aetna Inc.' }, ifMatch: '"9"' });
    expect(stale.statusCode).toBe(412);
    const ok = await call('PATCH', url, {
      body: { name: 'Aetna Inc.', phone: null },
      ifMatch: '"1"',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Aetna Inc.', phone: null, version: 2 });
    const [audit] = await auditRows(ctx.platform, ['payer.updated']);
    expect(audit?.details).toEqual({ changed: ['name', 'phone'] });
  });

  it('refuses to give a payer another payer’s id', async () => {
    const other = await call('POST', '/api/v1/payers', {
      body: { name: 'Cigna', payerId: '62308' },
    });
    const res = await call('PATCH', `/api/v1/payers/${other.json<PayerBody>().id}`, {
      body: { payerId: '60054' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<TestProblem>().code).toBe('payer.payer_id_taken');
  });

  it('hides retired payers unless asked to include them', async () => {
    const retired = await call('PATCH', `/api/v1/payers/${aetna.id}`, {
      body: { isActive: false },
      ifMatch: '"2"',
    });
    expect(retired.json()).toMatchObject({ isActive: false, version: 3 });
    const active = await call('GET', '/api/v1/payers?q=aetna');
    expect(active.json<{ items: unknown[] }>().items).toEqual([]);
    const all = await call('GET', '/api/v1/payers?q=aetna&includeInactive=true');
    expect(all.json<{ items: PayerBody[] }>().items.map((p) => p.id)).toEqual([aetna.id]);
  });

  it('answers 404 for a payer that does not exist', async () => {
    const res = await call('GET', '/api/v1/payers/0190a000-0000-7000-8000-000000000000');
    expect(res.statusCode).toBe(404);
  });
});

describe('plans', () => {
  let payerId: string;
  let planId: string;

  beforeAll(async () => {
    const res = await call('POST', '/api/v1/payers', {
      body: { name: 'UnitedHealthcare', payerId: '87726' },
    });
    payerId = res.json<PayerBody>().id;
  });

  it('adds plans to a payer and lists them under it', async () => {
    const res = await call('POST', `/api/v1/payers/${payerId}/plans`, {
      body: { name: 'Choice Plus', type: 'ppo' },
    });
    expect(res.statusCode).toBe(201);
    planId = res.json<{ id: string }>().id;
    expect(res.json()).toMatchObject({ payerId, name: 'Choice Plus', type: 'ppo', version: 1 });
    const list = await call('GET', `/api/v1/payers/${payerId}/plans`, { cookie: frontDesk.cookie });
    expect(list.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([planId]);
    const [audit] = await auditRows(ctx.platform, ['plan.created']);
    expect(audit).toMatchObject({ entity_id: planId, details: { payerId } });
  });

  it('refuses a plan of an unknown plan type', async () => {
    const res = await call('POST', `/api/v1/payers/${payerId}/plans`, {
      body: { name: 'Mystery', type: 'gold' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'type' });
  });

  it('edits a plan with If-Match and retires it', async () => {
    const missing = await call('PATCH', `/api/v1/plans/${planId}`, { body: { isActive: false } });
    expect(missing.statusCode).toBe(428);
    const stale = await call('PATCH', `/api/v1/plans/${planId}`, {
      body: { isActive: false },
      ifMatch: '"4"',
    });
    expect(stale.statusCode).toBe(412);
    const ok = await call('PATCH', `/api/v1/plans/${planId}`, {
      body: { isActive: false, name: 'Choice Plus (closed)' },
      ifMatch: '"1"',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ isActive: false, name: 'Choice Plus (closed)', version: 2 });
  });

  it('refuses new plans for a retired payer', async () => {
    const retire = await call('PATCH', `/api/v1/payers/${payerId}`, {
      body: { isActive: false },
      ifMatch: '"1"',
    });
    expect(retire.statusCode).toBe(200);
    const res = await call('POST', `/api/v1/payers/${payerId}/plans`, {
      body: { name: 'Late plan', type: 'hmo' },
    });
    expect(res.statusCode).toBe(409);
  });

  it('answers 404 for the plans of a payer that does not exist', async () => {
    const res = await call('GET', '/api/v1/payers/0190a000-0000-7000-8000-000000000000/plans');
    expect(res.statusCode).toBe(404);
  });
});

describe('the demo payer directory', () => {
  it('seeds well-known payers with plans once, and a second run changes nothing', async () => {
    const now = ctx.clock.now();
    const first = await ctx.platform.db.transaction((tx) => seedDemoPayers(tx, now));
    expect(first.payers.length).toBeGreaterThanOrEqual(8);
    expect(first.payers.map((p) => p.payerId)).toEqual(
      expect.arrayContaining(['60054', '62308', '87726', '61101']),
    );
    // Aetna, Cigna and UnitedHealthcare were added by the tests above: left as they were.
    const aetna = first.payers.find((p) => p.payerId === '60054');
    expect(aetna?.planIds).toEqual([]);
    const humana = first.payers.find((p) => p.payerId === '61101');
    expect(humana?.planIds.length).toBeGreaterThanOrEqual(2);

    const second = await ctx.platform.db.transaction((tx) => seedDemoPayers(tx, now));
    expect(second).toEqual(first);
    const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
      `select count(*)::int as n from payer where payer_id = '61101'`,
    );
    expect(rows[0]?.n).toBe(1);
  });
});
