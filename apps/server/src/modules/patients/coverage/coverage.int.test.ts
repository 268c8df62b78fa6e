import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coverage } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  coverageHistory,
  createPayerWithPlans,
  markMerged,
  patientAuditRows,
} from '../../../../test/coverage-factories.js';

let ctx: TestContext;
let frontDesk: { id: string; cookie: string };
let billing: { id: string; cookie: string };
let aetna: { id: string; planIds: string[] };
let cigna: { id: string; planIds: string[] };

beforeAll(async () => {
  ctx = await createTestContext();
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  billing = await signedInStaff(ctx.platform, { roles: ['billing'] });
  aetna = await createPayerWithPlans(ctx, billing.cookie, { name: 'Aetna', payerId: '60054' }, [
    { name: 'Choice POS II', type: 'pos' },
  ]);
  cigna = await createPayerWithPlans(ctx, billing.cookie, { name: 'Cigna', payerId: '62308' }, [
    { name: 'Open Access Plus', type: 'ppo' },
  ]);
});
afterAll(async () => {
  await ctx.close();
});

const call = apiCaller(
  () => ctx,
  () => frontDesk.cookie,
);

const coveragesOf = (patientId: string) => `/api/v1/patients/${patientId}/coverages`;

function primaryFor(payerId: string, more: Record<string, unknown> = {}) {
  return {
    payerId,
    memberId: 'W123456789',
    groupNumber: 'GRP-001',
    subscriberRelationship: 'self',
    effectiveFrom: '2025-01-01',
    priority: 'primary',
    ...more,
  };
}

/** Resolves once some session of this database waits on a row or constraint lock. */
async function waitForALockWaiter(): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no request ever waited on the uncommitted coverage');
}

async function rowCount(patientId: string): Promise<number> {
  const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
    'select count(*)::int as n from coverage where patient_id = $1',
    [patientId],
  );
  return rows[0]!.n;
}

describe('adding a coverage', () => {
  let patientId: string;
  let first: Coverage;

  beforeAll(async () => {
    patientId = (await createPatient(ctx.platform)).id;
  });

  it('adds a primary coverage with its ETag, a history version and an audit row', async () => {
    const res = await call('POST', coveragesOf(patientId), {
      body: primaryFor(aetna.id, { planId: aetna.planIds[0] }),
    });
    expect(res.statusCode).toBe(201);
    first = res.json<Coverage>();
    expect(first).toMatchObject({
      patientId,
      payer: { id: aetna.id, name: 'Aetna', payerId: '60054' },
      plan: { id: aetna.planIds[0], name: 'Choice POS II', type: 'pos' },
      memberId: 'W123456789',
      subscriber: null,
      effectiveTo: null,
      status: 'active',
      hasCardFront: false,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`${coveragesOf(patientId)}/${first.id}`);

    const history = await coverageHistory(ctx, first.id);
    expect(history).toEqual([
      {
        patient_id: patientId,
        version: 1,
        action: 'created',
        snapshot: first,
        recorded_by: frontDesk.id,
      },
    ]);
    const audits = await patientAuditRows(ctx, 'coverage.created', patientId);
    expect(audits).toEqual([
      {
        actor_user_id: frontDesk.id,
        entity_type: 'coverage',
        entity_id: first.id,
        details: { coverageId: first.id },
      },
    ]);
  });

  it('keeps a subscriber who is not the patient, and requires one then', async () => {
    const missing = await call('POST', coveragesOf(patientId), {
      body: primaryFor(cigna.id, { priority: 'secondary', subscriberRelationship: 'spouse' }),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'subscriber' });

    const res = await call('POST', coveragesOf(patientId), {
      body: primaryFor(cigna.id, {
        priority: 'secondary',
        subscriberRelationship: 'spouse',
        subscriber: {
          name: { given: 'José', family: 'Nguyễn' },
          birthDate: '1979-03-04',
          sexAtBirth: 'male',
          phone: '(518) 555-0134',
        },
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<Coverage>().subscriber).toEqual({
      name: { given: 'José', family: 'Nguyễn' },
      birthDate: '1979-03-04',
      sexAtBirth: 'male',
      phone: '+15185550134',
    });
  });

  it('refuses an unknown payer, naming payerId, and writes nothing', async () => {
    const before = await rowCount(patientId);
    const res = await call('POST', coveragesOf(patientId), {
      body: primaryFor('0190a000-0000-7000-8000-000000000000', { priority: 'tertiary' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'payerId', rule: 'unknown_payer' }],
    });
    expect(await rowCount(patientId)).toBe(before);
  });

  it('refuses a plan that belongs to another payer, naming planId', async () => {
    const res = await call('POST', coveragesOf(patientId), {
      body: primaryFor(aetna.id, { priority: 'tertiary', planId: cigna.planIds[0] }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'planId', rule: 'plan_not_of_payer' }),
    ]);
  });

  it('refuses a coverage that ends before it starts, naming effectiveTo', async () => {
    const res = await call('POST', coveragesOf(patientId), {
      body: primaryFor(aetna.id, {
        priority: 'tertiary',
        effectiveFrom: '2025-06-01',
        effectiveTo: '2025-05-31',
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'effectiveTo' });
  });

  it('refuses a second active primary on overlapping dates, naming priority', async () => {
    const res = await call('POST', coveragesOf(patientId), {
      body: primaryFor(cigna.id, { effectiveFrom: '2026-01-01', memberId: 'C999' }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'coverage.priority_overlap',
      errors: [{ path: 'priority' }],
    });
  });

  it('refuses a write from billing staff, who may read patients but not change them', async () => {
    const res = await call('POST', coveragesOf(patientId), {
      cookie: billing.cookie,
      body: primaryFor(aetna.id, { priority: 'tertiary' }),
    });
    expect(res.statusCode).toBe(403);
  });

  it('lists the coverages, primary first, and audits the read with the patient', async () => {
    const res = await call('GET', coveragesOf(patientId), { cookie: billing.cookie });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Coverage[] }>().items;
    expect(items.map((c) => c.priority)).toEqual(['primary', 'secondary']);
    expect(items[0]).toEqual(first);
    const [read] = await patientAuditRows(ctx, 'coverage.read', patientId);
    expect(read).toMatchObject({
      actor_user_id: billing.id,
      details: { coverageIds: items.map((c) => c.id) },
    });
  });
});

describe('two primaries added at the same moment', () => {
  it('lets one win and answers the other coverage.priority_overlap (the constraint decides)', async () => {
    const patientId = (await createPatient(ctx.platform)).id;
    const [a, b] = await Promise.all([
      call('POST', coveragesOf(patientId), { body: primaryFor(aetna.id) }),
      call('POST', coveragesOf(patientId), { body: primaryFor(cigna.id, { memberId: 'C1' }) }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json<TestProblem>()).toMatchObject({
      code: 'coverage.priority_overlap',
      errors: [{ path: 'priority' }],
    });
    expect(await rowCount(patientId)).toBe(1);
    const { rows } = await ctx.platform.database.pool.query(
      `select 1 from patient_history where patient_id = $1`,
      [patientId],
    );
    expect(rows).toHaveLength(1);
  });
});

describe('a primary written while another transaction holds one uncommitted', () => {
  it('is refused by the exclusion constraint with the same code and field', async () => {
    const patientId = (await createPatient(ctx.platform)).id;
    // The other writer has inserted but not committed: the friendly check cannot see its
    // row, so only coverage_priority_overlap stands between the two primaries.
    const other = await ctx.platform.database.pool.connect();
    try {
      await other.query('begin');
      await other.query(
        `insert into coverage (id, patient_id, payer_id, member_id, subscriber_relationship,
           effective_from, priority, created_at, updated_at)
         values (gen_random_uuid(), $1, $2, 'X1', 'self', '2025-01-01', 'primary', now(), now())`,
        [patientId, cigna.id],
      );
      const pending = call('POST', coveragesOf(patientId), { body: primaryFor(aetna.id) });
      await waitForALockWaiter();
      await other.query('commit');
      const res = await pending;
      expect(res.statusCode).toBe(409);
      expect(res.json<TestProblem & { detail: string }>()).toMatchObject({
        code: 'coverage.priority_overlap',
        // The constraint's message (coverage.errors.ts), not the friendly check's.
        detail: 'the patient already has an active coverage of this priority for these dates',
        errors: [{ path: 'priority', rule: 'conflict' }],
      });
    } finally {
      other.release();
    }
    expect(await rowCount(patientId)).toBe(1);
  });
});

describe('editing a coverage', () => {
  let patientId: string;
  let cov: Coverage;

  beforeAll(async () => {
    patientId = (await createPatient(ctx.platform)).id;
    const res = await call('POST', coveragesOf(patientId), { body: primaryFor(aetna.id) });
    cov = res.json<Coverage>();
  });

  const url = () => `${coveragesOf(patientId)}/${cov.id}`;

  it('asks for If-Match (428) and refuses a stale version (412)', async () => {
    const body = primaryFor(aetna.id, { memberId: 'W000000001' });
    const missing = await call('PUT', url(), { body });
    expect(missing.statusCode).toBe(428);
    const stale = await call('PUT', url(), { body, ifMatch: '"3"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<TestProblem>().code).toBe('resource.version_mismatch');
  });

  it('replaces the whole coverage, keeping the prior version in the history', async () => {
    const res = await call('PUT', url(), {
      body: primaryFor(aetna.id, {
        memberId: 'W000000001',
        groupNumber: undefined,
        effectiveTo: '2025-12-31',
      }),
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const updated = res.json<Coverage>();
    expect(updated).toMatchObject({
      memberId: 'W000000001',
      groupNumber: null,
      effectiveTo: '2025-12-31',
      version: 2,
    });
    const history = await coverageHistory(ctx, cov.id);
    expect(history.map((h) => [h.version, h.action])).toEqual([
      [1, 'created'],
      [2, 'updated'],
    ]);
    expect(history[0]?.snapshot.memberId).toBe('W123456789');
    expect(history[1]?.snapshot).toEqual(updated);
    const [audit] = await patientAuditRows(ctx, 'coverage.updated', patientId);
    expect(audit?.details).toEqual({
      coverageId: cov.id,
      changed: ['memberId', 'groupNumber', 'effectiveTo'],
    });
    cov = updated;
  });

  it('treats a PUT of the same coverage as no change (no version, no history)', async () => {
    const res = await call('PUT', url(), {
      body: primaryFor(aetna.id, {
        memberId: 'W000000001',
        groupNumber: undefined,
        effectiveTo: '2025-12-31',
      }),
      ifMatch: '"2"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(await coverageHistory(ctx, cov.id)).toHaveLength(2);
  });

  it('lets a new primary start after this one ends, but not move this one onto it', async () => {
    const next = await call('POST', coveragesOf(patientId), {
      body: primaryFor(cigna.id, { effectiveFrom: '2026-01-01', memberId: 'C42' }),
    });
    expect(next.statusCode).toBe(201);
    const overlap = await call('PUT', url(), {
      body: primaryFor(aetna.id, { memberId: 'W000000001', effectiveTo: '2026-03-31' }),
      ifMatch: '"2"',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json<TestProblem>().code).toBe('coverage.priority_overlap');
  });

  it('lets a coverage keep a payer retired since, but not switch to a retired one', async () => {
    const retired = await createPayerWithPlans(ctx, billing.cookie, {
      name: 'Gone Health',
      payerId: 'GONE1',
    });
    const other = await call('POST', coveragesOf(patientId), {
      body: primaryFor(retired.id, { priority: 'tertiary' }),
    });
    expect(other.statusCode).toBe(201);
    const retire = await call('PATCH', `/api/v1/payers/${retired.id}`, {
      cookie: billing.cookie,
      body: { isActive: false },
      ifMatch: '"1"',
    });
    expect(retire.statusCode).toBe(200);

    const end = await call('PUT', `${coveragesOf(patientId)}/${other.json<Coverage>().id}`, {
      body: primaryFor(retired.id, { priority: 'tertiary', effectiveTo: '2025-03-31' }),
      ifMatch: '"1"',
    });
    expect(end.statusCode).toBe(200);
    const switchTo = await call('PUT', url(), {
      body: primaryFor(retired.id, { effectiveTo: '2025-12-31' }),
      ifMatch: '"2"',
    });
    expect(switchTo.statusCode).toBe(400);
    expect(switchTo.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'payerId', rule: 'inactive_payer' }),
    ]);
  });

  it('answers 404 for a coverage that belongs to another patient', async () => {
    const stranger = (await createPatient(ctx.platform)).id;
    const res = await call('PUT', `${coveragesOf(stranger)}/${cov.id}`, {
      body: primaryFor(aetna.id),
      ifMatch: '"2"',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('ending a coverage by status', () => {
  let patientId: string;
  let cov: Coverage;

  beforeAll(async () => {
    patientId = (await createPatient(ctx.platform)).id;
    cov = (
      await call('POST', coveragesOf(patientId), { body: primaryFor(aetna.id) })
    ).json<Coverage>();
  });

  const statusUrl = () => `${coveragesOf(patientId)}/${cov.id}/status`;

  it('asks for If-Match and refuses a stale version', async () => {
    const body = { status: 'cancelled', reason: 'Policy terminated by employer' };
    expect((await call('POST', statusUrl(), { body })).statusCode).toBe(428);
    expect((await call('POST', statusUrl(), { body, ifMatch: '"2"' })).statusCode).toBe(412);
  });

  it('cancels with a reason kept on the coverage and never in the audit trail', async () => {
    const res = await call('POST', statusUrl(), {
      body: { status: 'cancelled', reason: 'Policy terminated by employer' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'cancelled',
      statusReason: 'Policy terminated by employer',
      version: 2,
    });
    const history = await coverageHistory(ctx, cov.id);
    expect(history.map((h) => h.action)).toEqual(['created', 'status_changed']);
    const [audit] = await patientAuditRows(ctx, 'coverage.status_changed', patientId);
    expect(audit?.details).toEqual({ coverageId: cov.id, changed: ['status', 'statusReason'] });
    expect(JSON.stringify(audit)).not.toContain('terminated');
  });

  it('frees the priority: a new primary may cover the same dates', async () => {
    const res = await call('POST', coveragesOf(patientId), {
      body: primaryFor(cigna.id, { memberId: 'C77' }),
    });
    expect(res.statusCode).toBe(201);
  });

  it('marks a cancelled coverage entered in error, after which it is final', async () => {
    const res = await call('POST', statusUrl(), {
      body: { status: 'entered_in_error', reason: 'Wrong patient' },
      ifMatch: '"2"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'entered_in_error', version: 3 });
    const edit = await call('PUT', `${coveragesOf(patientId)}/${cov.id}`, {
      body: primaryFor(aetna.id),
      ifMatch: '"3"',
    });
    expect(edit.statusCode).toBe(409);
    const again = await call('POST', statusUrl(), {
      body: { status: 'cancelled', reason: 'x' },
      ifMatch: '"3"',
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a status other than cancelled or entered_in_error', async () => {
    const res = await call('POST', statusUrl(), {
      body: { status: 'active', reason: 'undo' },
      ifMatch: '"3"',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'status' });
  });
});

describe('the patient behind the coverages', () => {
  it('answers 404 for a patient that does not exist', async () => {
    const missing = '0190a000-0000-7000-8000-00000000beef';
    expect((await call('GET', coveragesOf(missing))).statusCode).toBe(404);
    const add = await call('POST', coveragesOf(missing), { body: primaryFor(aetna.id) });
    expect(add.statusCode).toBe(404);
  });

  it('answers patient.merged with the survivor for a merged record', async () => {
    const survivor = (await createPatient(ctx.platform)).id;
    const duplicate = (await createPatient(ctx.platform)).id;
    await markMerged(ctx, duplicate, survivor);
    const res = await call('POST', coveragesOf(duplicate), { body: primaryFor(aetna.id) });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'patient.merged', mergedIntoId: survivor });
    expect((await call('GET', coveragesOf(duplicate))).statusCode).toBe(409);
  });

  it('needs break-the-glass for a restricted record, and audits the denial', async () => {
    const vip = (await createPatient(ctx.platform, { flags: { vip: true } })).id;
    const res = await call('GET', coveragesOf(vip));
    expect(res.statusCode).toBe(403);
    expect(res.json<TestProblem>().code).toBe('access.break_glass_required');
    const [denied] = await patientAuditRows(ctx, 'access.denied', vip);
    expect(denied?.details).toMatchObject({ reason: 'break_glass_required' });
    expect(await patientAuditRows(ctx, 'coverage.read', vip)).toEqual([]);
  });
});
