import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleExceptionCreated, ScheduleTemplate } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  calendarSetupScene,
  createAppointmentType,
  createException,
  createPractitioner,
  createTemplate,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { fromDatabaseError } from '../../../platform/errors.js';
import './calendar.errors.js';

// The clock stands at 2026-01-15T09:00Z (04:00 in New York).
let ctx: TestContext;
let admin: { id: string; cookie: string };
let frontDesk: { cookie: string };
let adminOfB: { cookie: string };
let clinicA: { facilityId: string };
let clinicB: { facilityId: string };

beforeAll(async () => {
  ctx = await createTestContext();
  ({ clinicA, clinicB, admin, frontDesk, adminOfB } = await calendarSetupScene(ctx.platform));
});
afterAll(async () => {
  await ctx.close();
});

const call = apiCaller(
  () => ctx,
  () => admin.cookie,
);
const base = '/api/v1/scheduling';
const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

const auditActions = async (entityId: string) =>
  (
    await query<{ action: string }>(
      'select action from audit_event where entity_id = $1 order by seq',
      [entityId],
    )
  ).map((r) => r.action);

const mornings = (weekdays: number[]) =>
  weekdays.map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 12 * 60 }));

function template(more: Record<string, unknown> = {}) {
  return {
    facilityId: clinicA.facilityId,
    name: 'Mornings',
    effectiveFrom: '2026-02-01',
    blocks: mornings([1, 2, 3, 4, 5]),
    ...more,
  };
}

const doctor = () => createPractitioner(ctx.platform, { facilityId: clinicA.facilityId });

describe('weekly templates', () => {
  it('creates a template whose blocks carry its practitioner and dates, and lists it', async () => {
    const doc = await doctor();
    const res = await call('POST', `${base}/practitioners/${doc.id}/templates`, {
      body: template({ effectiveUntil: '2026-06-30' }),
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<ScheduleTemplate>();
    expect(created).toMatchObject({
      practitionerId: doc.id,
      effectiveFrom: '2026-02-01',
      effectiveUntil: '2026-06-30',
      version: 1,
    });
    expect(created.blocks).toHaveLength(5);
    const blocks = await query<{ practitioner_id: string; effective: string }>(
      'select practitioner_id, effective::text from schedule_template_block where template_id = $1',
      [created.id],
    );
    expect(new Set(blocks.map((b) => `${b.practitioner_id} ${b.effective}`))).toEqual(
      new Set([`${doc.id} [2026-02-01,2026-07-01)`]),
    );
    const list = await call('GET', `${base}/practitioners/${doc.id}/templates`, {
      cookie: frontDesk.cookie,
    });
    expect(list.json<{ items: ScheduleTemplate[] }>().items).toEqual([created]);
    expect(await auditActions(created.id)).toEqual(['schedule.template.create']);
  });

  it('refuses hours that overlap another template of the practitioner, naming both', async () => {
    const doc = await doctor();
    const first = await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinicB.facilityId,
      blocks: mornings([3]),
      effectiveUntil: '2026-12-31',
    });
    const res = await call('POST', `${base}/practitioners/${doc.id}/templates`, {
      body: template({
        blocks: [...mornings([1]), { weekday: 3, startMinute: 690, endMinute: 780 }],
      }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.template_overlap',
      errors: [{ path: 'blocks.1', rule: 'conflict' }],
    });
    expect(JSON.stringify(res.json())).toContain(first);
    // The same hours in later dates, or touching at noon, do not overlap.
    const later = await call('POST', `${base}/practitioners/${doc.id}/templates`, {
      body: template({
        effectiveFrom: '2030-01-01',
        blocks: [{ weekday: 3, startMinute: 12 * 60, endMinute: 13 * 60 }, ...mornings([3])],
      }),
    });
    expect(later.statusCode).toBe(201);
  });

  it('maps the exclusion constraint to scheduling.template_overlap when a race slips by', async () => {
    const doc = await doctor();
    await createTemplate(ctx.platform, { practitionerId: doc.id, facilityId: clinicA.facilityId });
    const err = await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinicA.facilityId,
    }).catch((e: unknown) => e);
    expect(fromDatabaseError(err)?.code).toBe('scheduling.template_overlap');
  });

  it.each([
    [
      'blocks that overlap each other',
      { blocks: [...mornings([2]), { weekday: 2, startMinute: 600, endMinute: 660 }] },
      'blocks.1',
      'overlap',
    ],
    [
      'a block that ends before it starts',
      { blocks: [{ weekday: 2, startMinute: 600, endMinute: 540 }] },
      'blocks.0.endMinute',
      'custom',
    ],
    ['an end date before the start', { effectiveUntil: '2026-01-01' }, 'effectiveUntil', 'custom'],
    [
      'weekday 8',
      { blocks: [{ weekday: 8, startMinute: 600, endMinute: 660 }] },
      'blocks.0.weekday',
      'too_big',
    ],
  ])('refuses %s', async (_what, more, path, rule) => {
    const doc = await doctor();
    const res = await call('POST', `${base}/practitioners/${doc.id}/templates`, {
      body: template(more),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('replaces dates and blocks with If-Match, in the blocks as well', async () => {
    const doc = await doctor();
    const id = await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinicA.facilityId,
    });
    const url = `${base}/templates/${id}`;
    const body = template({
      effectiveFrom: '2026-01-01',
      effectiveUntil: '2026-03-31',
      blocks: mornings([1, 2]),
    });
    expect((await call('PUT', url, { body })).statusCode).toBe(428);
    expect((await call('PUT', url, { body, ifMatch: '"2"' })).statusCode).toBe(412);
    const ok = await call('PUT', url, { body, ifMatch: '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ effectiveUntil: '2026-03-31', version: 2 });
    expect(ok.json<ScheduleTemplate>().blocks).toEqual(mornings([1, 2]));
    const blocks = await query<{ weekday: number; effective: string }>(
      'select weekday, effective::text from schedule_template_block where template_id = $1 order by weekday',
      [id],
    );
    expect(blocks).toEqual([
      { weekday: 1, effective: '[2026-01-01,2026-04-01)' },
      { weekday: 2, effective: '[2026-01-01,2026-04-01)' },
    ]);
    expect(await auditActions(id)).toEqual(['schedule.template.update']);
  });

  it('deletes a template only before it takes effect', async () => {
    const doc = await doctor();
    const future = await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinicA.facilityId,
      effectiveFrom: '2026-01-16',
    });
    const current = await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinicA.facilityId,
      effectiveFrom: '2026-01-15',
      effectiveUntil: '2026-01-15',
    });
    expect((await call('DELETE', `${base}/templates/${future}`)).statusCode).toBe(428);
    const gone = await call('DELETE', `${base}/templates/${future}`, { ifMatch: '"1"' });
    expect(gone.statusCode).toBe(204);
    expect(
      await query('select 1 from schedule_template_block where template_id = $1', [future]),
    ).toEqual([]);
    expect(await auditActions(future)).toEqual(['schedule.template.delete']);
    const refused = await call('DELETE', `${base}/templates/${current}`, { ifMatch: '"1"' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'effectiveFrom', rule: 'in_effect' }),
    ]);
  });

  it('leaves templates to managers of the facility', async () => {
    const doc = await doctor();
    const url = `${base}/practitioners/${doc.id}/templates`;
    expect(
      (await call('POST', url, { cookie: frontDesk.cookie, body: template() })).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', url, { cookie: adminOfB.cookie, body: template() })).statusCode,
    ).toBe(403);
    const id = await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinicA.facilityId,
    });
    const put = await call('PUT', `${base}/templates/${id}`, {
      cookie: adminOfB.cookie,
      body: template({ facilityId: clinicB.facilityId }),
      ifMatch: '"1"',
    });
    expect(put.statusCode).toBe(403);
    const missing = await call(
      'GET',
      `${base}/practitioners/01900000-0000-7000-8000-000000000000/templates`,
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('exceptions', () => {
  it('blocks leave and answers the appointments now inside it', async () => {
    const doc = await doctor();
    const type = await createAppointmentType(ctx.platform);
    const appt = (startsAt: string, status?: 'cancelled') =>
      createPatient(ctx.platform).then((p) =>
        insertAppointment(ctx.platform, {
          patientId: p.id,
          practitionerId: doc.id,
          facilityId: clinicA.facilityId,
          appointmentTypeId: type.id,
          startsAt,
          ...(status ? { status } : {}),
        }),
      );
    const inside = await appt('2026-02-02T15:00:00Z');
    await appt('2026-02-02T16:00:00Z', 'cancelled');
    await appt('2026-02-04T15:00:00Z');
    const res = await call('POST', `${base}/exceptions`, {
      body: {
        kind: 'leave',
        practitionerId: doc.id,
        startsAt: '2026-02-02T05:00:00Z',
        endsAt: '2026-02-04T05:00:00Z',
        reason: 'Conference',
      },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<ScheduleExceptionCreated>();
    expect(created).toMatchObject({
      kind: 'leave',
      practitionerId: doc.id,
      startsAt: '2026-02-02T05:00:00.000Z',
      isCancelled: false,
      affectedAppointmentIds: [inside.id],
    });
    const [audit] = await query<{ action: string; actor_user_id: string }>(
      'select action, actor_user_id from audit_event where entity_id = $1',
      [created.id],
    );
    expect(audit).toEqual({ action: 'schedule.exception.create', actor_user_id: admin.id });
  });

  it("lists a practitioner's exceptions with the facility's holidays, not cancelled ones", async () => {
    const doc = await doctor();
    const other = await doctor();
    const leave = await createException(ctx.platform, {
      practitionerId: doc.id,
      startsAt: '2026-03-02T14:00:00Z',
      endsAt: '2026-03-02T18:00:00Z',
    });
    const holiday = await createException(ctx.platform, {
      facilityId: clinicA.facilityId,
      kind: 'holiday',
      startsAt: '2026-03-03T05:00:00Z',
      endsAt: '2026-03-04T05:00:00Z',
      reason: 'Founders day',
    });
    await createException(ctx.platform, {
      practitionerId: other.id,
      startsAt: '2026-03-02T14:00:00Z',
      endsAt: '2026-03-02T18:00:00Z',
    });
    const cancelled = await createException(ctx.platform, {
      practitionerId: doc.id,
      startsAt: '2026-03-05T14:00:00Z',
      endsAt: '2026-03-05T18:00:00Z',
    });
    const cancel = await call('POST', `${base}/exceptions/${cancelled}/cancel`);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ id: cancelled, isCancelled: true });
    expect((await call('POST', `${base}/exceptions/${cancelled}/cancel`)).statusCode).toBe(409);
    expect(await auditActions(cancelled)).toEqual(['schedule.exception.cancel']);

    const list = await call(
      'GET',
      `${base}/exceptions?practitionerId=${doc.id}&from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z`,
      { cookie: frontDesk.cookie },
    );
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { id: string }[] }>().items.map((e) => e.id)).toEqual([
      leave,
      holiday,
    ]);
  });

  it.each([
    ['two subjects', () => ({ facilityId: clinicA.facilityId }), 'practitionerId', 'custom'],
    ['an end before the start', () => ({ endsAt: '2026-02-01T00:00:00Z' }), 'endsAt', 'custom'],
    ['an empty reason', () => ({ reason: '' }), 'reason', 'too_small'],
  ])('refuses %s', async (_what, more, path, rule) => {
    const doc = await doctor();
    const body = {
      kind: 'blocked',
      practitionerId: doc.id,
      startsAt: '2026-02-02T15:00:00Z',
      endsAt: '2026-02-02T16:00:00Z',
      reason: 'Teaching',
      ...more(),
    };
    const res = await call('POST', `${base}/exceptions`, { body });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('refuses a list without a subject or over more than 400 days', async () => {
    const none = await call(
      'GET',
      `${base}/exceptions?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`,
    );
    expect(none.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'query.practitionerId', rule: 'required' }),
    ]);
    const long = await call(
      'GET',
      `${base}/exceptions?facilityId=${clinicA.facilityId}&from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z`,
    );
    expect(long.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'query.to', rule: 'too_big' }),
    ]);
  });

  it('leaves exceptions to managers of the facility', async () => {
    const doc = await doctor();
    const body = {
      kind: 'holiday',
      facilityId: clinicA.facilityId,
      startsAt: '2026-07-04T04:00:00Z',
      endsAt: '2026-07-05T04:00:00Z',
      reason: 'Independence Day',
    };
    expect(
      (await call('POST', `${base}/exceptions`, { cookie: frontDesk.cookie, body })).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `${base}/exceptions`, { cookie: adminOfB.cookie, body })).statusCode,
    ).toBe(403);
    const leave = await createException(ctx.platform, {
      practitionerId: doc.id,
      startsAt: '2026-03-02T14:00:00Z',
      endsAt: '2026-03-02T18:00:00Z',
    });
    const cancel = await call('POST', `${base}/exceptions/${leave}/cancel`, {
      cookie: adminOfB.cookie,
    });
    expect(cancel.statusCode).toBe(403);
    const [row] = await query<{ is_cancelled: boolean }>(
      'select is_cancelled from schedule_exception where id = $1',
      [leave],
    );
    expect(row!.is_cancelled).toBe(false);
  });
});
