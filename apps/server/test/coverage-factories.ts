import type { Coverage } from '@meridian/contracts';
import type { TestContext } from './harness.js';

/** A payer (and plans) written through the API by a user who may manage payers. */
export async function createPayerWithPlans(
  ctx: TestContext,
  cookie: string,
  payer: { name: string; payerId: string },
  plans: { name: string; type: string }[] = [],
): Promise<{ id: string; planIds: string[] }> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/payers',
    headers: { cookie },
    payload: payer,
  });
  if (res.statusCode !== 201) throw new Error(`payer not created: ${res.body}`);
  const id = res.json<{ id: string }>().id;
  const planIds: string[] = [];
  for (const plan of plans) {
    const p = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/payers/${id}/plans`,
      headers: { cookie },
      payload: plan,
    });
    if (p.statusCode !== 201) throw new Error(`plan not created: ${p.body}`);
    planIds.push(p.json<{ id: string }>().id);
  }
  return { id, planIds };
}

/** The patient's history rows of one coverage, oldest first. */
export async function coverageHistory(ctx: TestContext, coverageId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    patient_id: string;
    version: number;
    action: string;
    snapshot: Coverage;
    recorded_by: string | null;
  }>(
    `select patient_id, version, action, snapshot, recorded_by from patient_history
      where entity_type = 'coverage' and entity_id = $1 order by version`,
    [coverageId],
  );
  return rows;
}

/** Audit rows of the action about one patient, oldest first. */
export async function patientAuditRows(ctx: TestContext, action: string, patientId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    actor_user_id: string | null;
    entity_type: string | null;
    entity_id: string | null;
    details: Record<string, unknown>;
  }>(
    `select actor_user_id, entity_type, entity_id, details from audit_event
      where action = $1 and patient_id = $2 order by seq`,
    [action, patientId],
  );
  return rows;
}

/** Retires a patient as a merge would, straight in the database. */
export async function markMerged(ctx: TestContext, duplicateId: string, survivorId: string) {
  await ctx.platform.database.pool.query(
    `update patient set status = 'merged', merged_into_id = $2, merged_at = now() where id = $1`,
    [duplicateId, survivorId],
  );
}
