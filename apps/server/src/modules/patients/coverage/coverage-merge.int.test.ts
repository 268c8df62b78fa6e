import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coverage } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { coverageHistory, createPayerWithPlans } from '../../../../test/coverage-factories.js';
import type { MergeHandler } from '../../../platform/patient-merge.js';

let ctx: TestContext;
let frontDesk: { id: string; cookie: string };
let payerId: string;
let handler: MergeHandler;

beforeAll(async () => {
  ctx = await createTestContext();
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  const billing = await signedInStaff(ctx.platform, { roles: ['billing'] });
  payerId = (await createPayerWithPlans(ctx, billing.cookie, { name: 'Cigna', payerId: '62308' }))
    .id;
  const found = ctx.platform.patientMerge.handlers().find((h) => h.name === 'coverage');
  if (!found) throw new Error('the coverage merge handler is not registered');
  handler = found;
});
afterAll(async () => {
  await ctx.close();
});

async function addCoverage(
  patientId: string,
  c: { priority: string; from: string; to?: string; memberId?: string },
): Promise<Coverage> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/coverages`,
    headers: { cookie: frontDesk.cookie },
    payload: {
      payerId,
      memberId: c.memberId ?? 'M1',
      subscriberRelationship: 'self',
      effectiveFrom: c.from,
      ...(c.to ? { effectiveTo: c.to } : {}),
      priority: c.priority,
    },
  });
  if (res.statusCode !== 201) throw new Error(`coverage not added: ${res.body}`);
  return res.json<Coverage>();
}

async function cancel(patientId: string, cov: Coverage): Promise<void> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/coverages/${cov.id}/status`,
    headers: { cookie: frontDesk.cookie, 'if-match': `"${cov.version}"` },
    payload: { status: 'cancelled', reason: 'ended' },
  });
  if (res.statusCode !== 200) throw new Error(`coverage not cancelled: ${res.body}`);
}

async function patientOf(coverageId: string): Promise<string> {
  const { rows } = await ctx.platform.database.pool.query<{ patient_id: string }>(
    'select patient_id from coverage where id = $1',
    [coverageId],
  );
  return rows[0]!.patient_id;
}

describe('the coverage merge handler', () => {
  it('previews the moves of a duplicate whose coverages fit beside the survivor’s', async () => {
    const survivorId = (await createPatient(ctx.platform)).id;
    const duplicateId = (await createPatient(ctx.platform)).id;
    await addCoverage(survivorId, { priority: 'primary', from: '2025-01-01' });
    await addCoverage(duplicateId, { priority: 'primary', from: '2024-01-01', to: '2024-12-31' });
    await addCoverage(duplicateId, { priority: 'secondary', from: '2025-01-01' });
    const old = await addCoverage(duplicateId, { priority: 'primary', from: '2025-02-01' });
    await cancel(duplicateId, old);

    const preview = await ctx.platform.db.transaction((tx) =>
      handler.preview(tx, { survivorId, duplicateId }),
    );
    expect(preview).toEqual({ moves: 3, conflicts: [] });
  });

  it('reports a conflict when an active coverage would overlap the survivor’s of that priority', async () => {
    const survivorId = (await createPatient(ctx.platform)).id;
    const duplicateId = (await createPatient(ctx.platform)).id;
    const kept = await addCoverage(survivorId, { priority: 'primary', from: '2025-01-01' });
    const clash = await addCoverage(duplicateId, {
      priority: 'primary',
      from: '2024-06-01',
      to: '2025-01-01',
    });
    await addCoverage(duplicateId, { priority: 'secondary', from: '2025-01-01' });

    const preview = await ctx.platform.db.transaction((tx) =>
      handler.preview(tx, { survivorId, duplicateId }),
    );
    expect(preview.moves).toBe(2);
    expect(preview.conflicts).toEqual([
      {
        source: 'coverage',
        field: 'coverages.primary',
        message: expect.stringContaining(`${clash.id}`) as string,
      },
    ]);
    expect(preview.conflicts[0]?.message).toContain(kept.id);
  });

  it('moves every coverage to the survivor with a merged_in version in its history', async () => {
    const survivorId = (await createPatient(ctx.platform)).id;
    const duplicateId = (await createPatient(ctx.platform)).id;
    await addCoverage(survivorId, { priority: 'primary', from: '2025-01-01' });
    const a = await addCoverage(duplicateId, { priority: 'secondary', from: '2025-01-01' });
    const b = await addCoverage(duplicateId, {
      priority: 'primary',
      from: '2023-01-01',
      to: '2023-12-31',
    });

    const moved = await ctx.platform.db.transaction(async (tx) => {
      const preview = await handler.preview(tx, { survivorId, duplicateId });
      expect(preview.conflicts).toEqual([]);
      return handler.apply(tx, { survivorId, duplicateId });
    });
    expect(moved).toBe(2);
    expect(await patientOf(a.id)).toBe(survivorId);
    expect(await patientOf(b.id)).toBe(survivorId);

    const history = await coverageHistory(ctx, a.id);
    expect(history.map((h) => [h.version, h.action, h.patient_id])).toEqual([
      [1, 'created', duplicateId],
      [2, 'merged_in', survivorId],
    ]);
    expect(history[1]?.snapshot).toMatchObject({ id: a.id, patientId: survivorId, version: 2 });

    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${survivorId}/coverages`,
      headers: { cookie: frontDesk.cookie },
    });
    expect(list.json<{ items: Coverage[] }>().items).toHaveLength(3);
  });

  it('cannot be forced past a conflict: the exclusion constraint refuses the move', async () => {
    const survivorId = (await createPatient(ctx.platform)).id;
    const duplicateId = (await createPatient(ctx.platform)).id;
    const kept = await addCoverage(survivorId, { priority: 'primary', from: '2025-01-01' });
    const clash = await addCoverage(duplicateId, { priority: 'primary', from: '2025-03-01' });

    await expect(
      ctx.platform.db.transaction((tx) => handler.apply(tx, { survivorId, duplicateId })),
    ).rejects.toMatchObject({ cause: { constraint: 'coverage_priority_overlap' } });
    expect(await patientOf(clash.id)).toBe(duplicateId);
    expect(await patientOf(kept.id)).toBe(survivorId);
    expect(await coverageHistory(ctx, clash.id)).toHaveLength(1);
  });
});
