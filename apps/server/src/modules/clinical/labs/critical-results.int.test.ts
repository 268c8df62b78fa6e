import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabCriticalAlert, LabOrder, LabResult } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import {
  collect,
  createLabPatient,
  createLabScene,
  num,
  orderTests,
  renewSessions,
  type LabScene,
} from '../../../../test/clinical-labs-factories.js';
import { escalateOverdueCriticalAlerts } from './critical-alerts.js';
import { escalateCriticalResultsJob } from './labs.jobs.js';

let ctx: TestContext;
let scene: LabScene;
const call = apiCaller(
  () => ctx,
  () => scene.physician.cookie,
);

beforeAll(async () => {
  // A deadline other than the default, to show the setting is what counts.
  ctx = await createTestContext({ env: { LAB_CRITICAL_ACK_MINUTES: '20' } });
  scene = await createLabScene(ctx);
});
afterAll(() => ctx.close());

/** A final potassium of `k` mmol/L on a fresh order; the result as answered. */
async function potassiumResult(patientId: string, k: number): Promise<LabResult> {
  const order = await collect(ctx, scene, (await orderTests(ctx, scene, patientId, ['6298-4'])).id);
  const res = await call('POST', `/api/v1/lab-orders/${order.id}/results`, {
    cookie: scene.lab.cookie,
    body: { status: 'final', results: [{ testCode: '6298-4', value: num(k, 'mmol/L') }] },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json<LabOrder>().results[0] as LabResult;
}

async function openAlerts(patientId: string): Promise<LabCriticalAlert[]> {
  const res = await call('GET', `/api/v1/lab-critical-alerts?patientId=${patientId}`);
  return res.json<{ items: LabCriticalAlert[] }>().items;
}

async function outboxTo(email: string) {
  const { rows } = await ctx.platform.database.pool.query<{ subject: string; body: string }>(
    `select subject, body from outbox_message where recipient = $1`,
    [email],
  );
  return rows;
}

describe('critical results', () => {
  it('raises an acknowledgement task for a critical value, due after the configured minutes', async () => {
    const patient = await createLabPatient(ctx);
    const normal = await potassiumResult(patient.id, 4.1);
    expect(normal.critical).toBeNull();
    const critical = await potassiumResult(patient.id, 6.8);
    expect(critical.flag).toBe('HH');
    expect(critical.critical).toMatchObject({ flag: 'HH', acknowledgedAt: null });
    const due = new Date(critical.critical?.dueAt ?? '').getTime();
    expect(due - new Date(critical.critical?.raisedAt ?? '').getTime()).toBe(20 * 60_000);
    const alerts = await openAlerts(patient.id);
    expect(alerts.map((a) => [a.resultId, a.shortName, a.valueNumeric, a.isOverdue])).toEqual([
      [critical.id, 'K', 6.8, false],
    ]);
    expect(alerts[0]?.patient.id).toBe(patient.id);
  });

  it('is acknowledged once by a clinician (who and when), audited; the list empties', async () => {
    const patient = await createLabPatient(ctx);
    const critical = await potassiumResult(patient.id, 2.5);
    const alertId = critical.critical?.id ?? '';
    const since = await lastAuditSeq(ctx.platform);
    const ack = await call('POST', `/api/v1/lab-critical-alerts/${alertId}/acknowledge`, {
      body: { note: 'Repeat sample ordered' },
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json<LabResult>().critical).toMatchObject({
      acknowledgedAt: ctx.clock.now().toISOString(),
      acknowledgedByName: expect.stringContaining('physician') as unknown,
    });
    const audits = await auditRows(ctx.platform, ['lab.critical_acknowledged'], since);
    expect(audits.map((a) => [a.actor_user_id, a.entity_id])).toEqual([
      [scene.physician.id, critical.id],
    ]);
    expect(await openAlerts(patient.id)).toEqual([]);
    const twice = await call('POST', `/api/v1/lab-critical-alerts/${alertId}/acknowledge`, {
      body: {},
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<TestProblem>().code).toBe('lab.already_acknowledged');
  });

  it('refuses acknowledgement by the lab (no clinical.write), audited as a denial', async () => {
    const patient = await createLabPatient(ctx);
    const critical = await potassiumResult(patient.id, 7.1);
    const since = await lastAuditSeq(ctx.platform);
    const res = await call(
      'POST',
      `/api/v1/lab-critical-alerts/${critical.critical?.id}/acknowledge`,
      {
        cookie: scene.lab.cookie,
        body: {},
      },
    );
    expect(res.statusCode).toBe(403);
    const denials = await auditRows(ctx.platform, ['access.denied'], since);
    expect(denials.map((d) => [d.actor_user_id, d.details['permission']])).toEqual([
      [scene.lab.id, 'clinical.write'],
    ]);
  });

  it('escalates an unacknowledged alert once after the deadline, notifying the orderer', async () => {
    const patient = await createLabPatient(ctx);
    const critical = await potassiumResult(patient.id, 1.9);
    expect(critical.flag).toBe('LL');
    const since = await lastAuditSeq(ctx.platform);
    // Not yet due: nothing happens.
    ctx.clock.advance(19 * 60_000);
    expect(await escalateOverdueCriticalAlerts(ctx.platform)).toBe(0);
    ctx.clock.advance(2 * 60_000);
    // The job as a worker runs it (its handler on the platform's clock).
    await escalateCriticalResultsJob.handler(
      {},
      {
        platform: ctx.platform,
        jobId: 'test',
        logger: (await import('pino')).pino({ level: 'silent' }),
      },
    );
    const { rows } = await ctx.platform.database.pool.query<{
      escalated_at: Date;
      escalated_to: string[];
    }>(`select escalated_at, escalated_to from lab_critical_alert where result_id = $1`, [
      critical.id,
    ]);
    expect(rows[0]?.escalated_at.toISOString()).toBe(ctx.clock.now().toISOString());
    expect(rows[0]?.escalated_to).toEqual([scene.physician.id]);
    const mail = await outboxTo(scene.physician.email);
    expect(mail.some((m) => /Critical lab result not yet acknowledged/.test(m.subject))).toBe(true);
    // No PHI in the message: neither the patient's name nor the value.
    expect(mail.every((m) => !m.body.includes(patient.familyName) && !m.body.includes('1.9'))).toBe(
      true,
    );
    const audits = await auditRows(ctx.platform, ['lab.critical_escalated'], since);
    expect(audits.filter((a) => a.entity_id === critical.id).map((a) => a.actor_user_id)).toEqual([
      null,
    ]);
    // Escalated once: a second run finds nothing more to do; the alert stays open.
    expect(await escalateOverdueCriticalAlerts(ctx.platform)).toBe(0);
    await renewSessions(ctx, scene);
    const [alert] = await openAlerts(patient.id);
    expect(alert).toMatchObject({ isOverdue: true, escalatedAt: ctx.clock.now().toISOString() });
  });

  it('does not escalate an alert acknowledged in time', async () => {
    const patient = await createLabPatient(ctx);
    const critical = await potassiumResult(patient.id, 6.9);
    await call('POST', `/api/v1/lab-critical-alerts/${critical.critical?.id}/acknowledge`, {
      body: {},
    });
    ctx.clock.advance(25 * 60_000);
    expect(await escalateOverdueCriticalAlerts(ctx.platform, { now: ctx.clock.now() })).toBe(0);
    await renewSessions(ctx, scene);
  });

  it('raises a new task when an amendment makes a normal result critical', async () => {
    const patient = await createLabPatient(ctx);
    const normal = await potassiumResult(patient.id, 4.4);
    const amended = await call('POST', `/api/v1/lab-results/${normal.id}/amend`, {
      cookie: scene.lab.cookie,
      body: { value: num(6.6, 'mmol/L'), reason: 'Wrong sample tube relabelled' },
    });
    expect(amended.json<LabResult>()).toMatchObject({ status: 'amended', flag: 'HH' });
    expect(amended.json<LabResult>().critical?.acknowledgedAt).toBeNull();
    expect((await openAlerts(patient.id)).map((a) => a.resultId)).toEqual([normal.id]);
  });
});
