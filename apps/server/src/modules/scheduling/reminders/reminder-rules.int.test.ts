import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderRule } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { auditRows } from '../../../../test/auth-helpers.js';
import { createAppointmentType } from '../../../../test/scheduling-factories.js';

let ctx: TestContext;
let manager: string;
let frontDesk: string;
const call = apiCaller(
  () => ctx,
  () => manager,
);
const path = '/api/v1/scheduling/reminder-rules';

beforeAll(async () => {
  ctx = await createTestContext();
  manager = (await signedInStaff(ctx.platform, { roles: ['admin'] })).cookie;
  frontDesk = (await signedInStaff(ctx.platform, { roles: ['front_desk'] })).cookie;
});
afterAll(() => ctx.close());

async function createRule(body: Record<string, unknown>): Promise<ReminderRule> {
  const res = await call('POST', path, { body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ReminderRule>();
}

describe('reminder rules', () => {
  it('lets a practice manager add a default rule and front-desk staff read it', async () => {
    const res = await call('POST', path, { body: { hoursBefore: 72 } });
    expect(res.statusCode).toBe(201);
    const rule = res.json<ReminderRule>();
    expect(rule).toMatchObject({
      appointmentTypeId: null,
      hoursBefore: 72,
      isActive: true,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`${path}/${rule.id}`);

    const list = await call('GET', path, { cookie: frontDesk });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: ReminderRule[] }>().items).toContainEqual(rule);
    expect(await auditRows(ctx.platform, ['reminder_rule.created'])).toMatchObject([
      { entity_type: 'reminder_rule', entity_id: rule.id },
    ]);
  });

  it('refuses a rule from front-desk staff', async () => {
    const res = await call('POST', path, { cookie: frontDesk, body: { hoursBefore: 12 } });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a second rule for the same type and hours, naming the field', async () => {
    await createRule({ hoursBefore: 48 });
    const res = await call('POST', path, { body: { hoursBefore: 48, isActive: false } });
    expect(res.statusCode).toBe(409);
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'scheduling.rule_exists',
      errors: [{ path: 'hoursBefore', rule: 'conflict' }],
    });
  });

  it('allows the same hours for a type of its own, once', async () => {
    const type = await createAppointmentType(ctx.platform);
    await createRule({ appointmentTypeId: type.id, hoursBefore: 48 });
    const again = await call('POST', path, {
      body: { appointmentTypeId: type.id, hoursBefore: 48 },
    });
    expect(again.json<TestProblem>().code).toBe('scheduling.rule_exists');
  });

  it('gives one success and one conflict to two managers adding the same rule at once', async () => {
    const body = { hoursBefore: 6 };
    const answers = await Promise.all([call('POST', path, { body }), call('POST', path, { body })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json<TestProblem>().code).toBe(
      'scheduling.rule_exists',
    );
  });

  it.each([
    ['zero hours', { hoursBefore: 0 }, 'hoursBefore'],
    ['more than 30 days', { hoursBefore: 721 }, 'hoursBefore'],
    ['fractional hours', { hoursBefore: 1.5 }, 'hoursBefore'],
    ['an unknown field', { hoursBefore: 5, channel: 'sms' }, 'channel'],
  ])('refuses %s', async (_story, body, field) => {
    const res = await call('POST', path, { body });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]?.path).toBe(field);
  });

  it('refuses an appointment type that does not exist', async () => {
    const res = await call('POST', path, {
      body: { appointmentTypeId: '01900000-0000-7000-8000-000000000000', hoursBefore: 5 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'appointmentTypeId', rule: 'not_found' }],
    });
  });

  it('replaces a rule with If-Match and refuses a stale or missing version', async () => {
    const rule = await createRule({ hoursBefore: 36 });
    const url = `${path}/${rule.id}`;
    const body = { hoursBefore: 30, isActive: false };

    expect((await call('PUT', url, { body })).statusCode).toBe(428);
    const res = await call('PUT', url, { body, ifMatch: '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json<ReminderRule>()).toMatchObject({
      hoursBefore: 30,
      isActive: false,
      version: 2,
    });
    expect(res.headers.etag).toBe('"2"');

    const stale = await call('PUT', url, { body: { hoursBefore: 31 }, ifMatch: '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<TestProblem>().code).toBe('resource.version_mismatch');
  });

  it('refuses to move a rule onto the hours of another', async () => {
    await createRule({ hoursBefore: 2 });
    const rule = await createRule({ hoursBefore: 3 });
    const res = await call('PUT', `${path}/${rule.id}`, {
      body: { hoursBefore: 2 },
      ifMatch: '"1"',
    });
    expect(res.json<TestProblem>().code).toBe('scheduling.rule_exists');
    // Saving a rule unchanged is not a conflict with itself.
    const same = await call('PUT', `${path}/${rule.id}`, {
      body: { hoursBefore: 3 },
      ifMatch: '"1"',
    });
    expect(same.statusCode).toBe(200);
  });

  it('answers 404 for a rule that does not exist', async () => {
    const res = await call('PUT', `${path}/01900000-0000-7000-8000-000000000000`, {
      body: { hoursBefore: 3 },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(404);
  });
});
