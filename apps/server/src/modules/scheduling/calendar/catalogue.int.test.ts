import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentType, PractitionerProfile, ScheduleResource } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createStaff } from '../../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { calendarSetupScene, createPractitioner } from '../../../../test/scheduling-factories.js';

let ctx: TestContext;
let admin: { id: string; cookie: string };
let frontDesk: { cookie: string };
/** An administrator limited to clinic B. */
let adminOfB: { cookie: string };
let clinicA: { facilityId: string; departmentId: string };
let clinicB: { facilityId: string; departmentId: string };

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

async function auditRows(entityId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    action: string;
    actor_user_id: string | null;
  }>('select action, actor_user_id from audit_event where entity_id = $1 order by seq', [entityId]);
  return rows;
}

function profileFor(userId: string, more: Record<string, unknown> = {}) {
  return {
    userId,
    facilityId: clinicA.facilityId,
    departmentId: clinicA.departmentId,
    specialty: 'Cardiology',
    ...more,
  };
}

describe('practitioner profiles', () => {
  it('creates a profile for an active staff user, with its display name, and audits it', async () => {
    const user = await createStaff(ctx.platform, {
      roles: ['physician'],
      displayName: 'Dr. Ines Ferreira',
    });
    const res = await call('POST', `${base}/practitioners`, { body: profileFor(user.id) });
    expect(res.statusCode).toBe(201);
    const body = res.json<PractitionerProfile>();
    expect(body).toMatchObject({
      userId: user.id,
      displayName: 'Dr. Ines Ferreira',
      specialty: 'Cardiology',
      maxAppointmentsPerDay: null,
      isActive: true,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`${base}/practitioners/${body.id}`);
    expect(await auditRows(body.id)).toEqual([
      { action: 'schedule.practitioner.create', actor_user_id: admin.id },
    ]);

    const again = await call('POST', `${base}/practitioners`, { body: profileFor(user.id) });
    expect(again.statusCode).toBe(409);
    expect(again.json<TestProblem>()).toMatchObject({
      code: 'scheduling.practitioner_exists',
      errors: [{ path: 'userId', rule: 'conflict' }],
    });
  });

  it('lists active practitioners by facility and specialty, any case', async () => {
    const cardio = await createPractitioner(ctx.platform, {
      facilityId: clinicB.facilityId,
      specialty: 'Dermatology',
      displayName: 'Dr. Anna Berg',
    });
    await createPractitioner(ctx.platform, {
      facilityId: clinicB.facilityId,
      specialty: 'Dermatology',
      isActive: false,
    });
    const res = await call(
      'GET',
      `${base}/practitioners?facilityId=${clinicB.facilityId}&specialty=dermatology`,
      { cookie: frontDesk.cookie },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: PractitionerProfile[] }>().items).toEqual([
      expect.objectContaining({ id: cardio.id, displayName: 'Dr. Anna Berg' }),
    ]);
    const all = await call(
      'GET',
      `${base}/practitioners?facilityId=${clinicB.facilityId}&includeInactive=true`,
    );
    expect(all.json<{ items: unknown[] }>().items).toHaveLength(2);
    const one = await call('GET', `${base}/practitioners/${cardio.id}`);
    expect(one.headers.etag).toBe('"1"');
  });

  it.each([
    [
      'a patient account',
      async () => ({ userId: (await createStaff(ctx.platform, { roles: ['patient'] })).id }),
      'userId',
      'not_found',
    ],
    [
      'a disabled account',
      async () => ({
        userId: (await createStaff(ctx.platform, { roles: ['physician'], status: 'disabled' })).id,
      }),
      'userId',
      'inactive',
    ],
    [
      'an unknown facility',
      () =>
        Promise.resolve({ facilityId: '01900000-0000-7000-8000-000000000000', departmentId: null }),
      'facilityId',
      'not_found',
    ],
    [
      'a department of another facility',
      () => Promise.resolve({ departmentId: clinicB.departmentId }),
      'departmentId',
      'other_facility',
    ],
    ['an empty specialty', () => Promise.resolve({ specialty: '' }), 'specialty', 'too_small'],
  ])('refuses %s, naming the field and the rule', async (_what, override, path, rule) => {
    const user = await createStaff(ctx.platform, { roles: ['physician'] });
    const res = await call('POST', `${base}/practitioners`, {
      body: { ...profileFor(user.id), ...(await override()) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('lets the front desk read but not manage practitioners', async () => {
    const user = await createStaff(ctx.platform, { roles: ['physician'] });
    const res = await call('POST', `${base}/practitioners`, {
      cookie: frontDesk.cookie,
      body: profileFor(user.id),
    });
    expect(res.statusCode).toBe(403);
    const list = await call('GET', `${base}/practitioners`, { cookie: frontDesk.cookie });
    expect(list.statusCode).toBe(200);
  });

  it('keeps an administrator limited to clinic B out of clinic A', async () => {
    const user = await createStaff(ctx.platform, { roles: ['physician'] });
    const res = await call('POST', `${base}/practitioners`, {
      cookie: adminOfB.cookie,
      body: profileFor(user.id),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<TestProblem>().code).toBe('access.forbidden');
    const inB = await call('POST', `${base}/practitioners`, {
      cookie: adminOfB.cookie,
      body: profileFor(user.id, { facilityId: clinicB.facilityId, departmentId: null }),
    });
    expect(inB.statusCode).toBe(201);
  });

  it('updates with If-Match only: 428 without, 412 when stale, audited', async () => {
    const doc = await createPractitioner(ctx.platform, { facilityId: clinicA.facilityId });
    const body = profileFor(doc.userId, { specialty: 'Neurology', maxAppointmentsPerDay: 12 });
    const url = `${base}/practitioners/${doc.id}`;
    expect((await call('PUT', url, { body })).statusCode).toBe(428);
    const ok = await call('PUT', url, { body, ifMatch: '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      specialty: 'Neurology',
      maxAppointmentsPerDay: 12,
      version: 2,
    });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await call('PUT', url, { body, ifMatch: '"1"' });
    expect(stale.statusCode).toBe(412);
    expect((await auditRows(doc.id)).map((r) => r.action)).toEqual([
      'schedule.practitioner.update',
    ]);
    expect(
      (await call('GET', `${base}/practitioners/01900000-0000-7000-8000-000000000000`)).statusCode,
    ).toBe(404);
  });
});

describe('resources', () => {
  const room = (more: Record<string, unknown> = {}) => ({
    facilityId: clinicA.facilityId,
    kind: 'room',
    code: 'EXAM-1',
    name: 'Exam 1',
    ...more,
  });

  it('creates rooms and equipment, one code per facility, and lists them by kind', async () => {
    const created = await call('POST', `${base}/resources`, { body: room() });
    expect(created.statusCode).toBe(201);
    const exam = created.json<ScheduleResource>();
    expect(exam).toMatchObject({ kind: 'room', code: 'EXAM-1', isActive: true, version: 1 });
    expect(await auditRows(exam.id)).toEqual([
      { action: 'schedule.resource.create', actor_user_id: admin.id },
    ]);
    const taken = await call('POST', `${base}/resources`, { body: room({ name: 'Other' }) });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<TestProblem>()).toMatchObject({
      code: 'scheduling.code_taken',
      errors: [{ path: 'code', rule: 'conflict' }],
    });
    const elsewhere = await call('POST', `${base}/resources`, {
      body: room({ facilityId: clinicB.facilityId }),
    });
    expect(elsewhere.statusCode).toBe(201);
    await call('POST', `${base}/resources`, {
      body: room({ kind: 'equipment', code: 'ECG-1', name: 'ECG cart' }),
    });
    const rooms = await call(
      'GET',
      `${base}/resources?facilityId=${clinicA.facilityId}&kind=room`,
      { cookie: frontDesk.cookie },
    );
    expect(rooms.json<{ items: ScheduleResource[] }>().items.map((r) => r.code)).toEqual([
      'EXAM-1',
    ]);
  });

  it('refuses a lower-case code and a manager without schedule.manage', async () => {
    const bad = await call('POST', `${base}/resources`, { body: room({ code: 'exam-9' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<TestProblem>().errors).toContainEqual(
      expect.objectContaining({ path: 'code', rule: 'invalid_format' }),
    );
    const denied = await call('POST', `${base}/resources`, {
      cookie: frontDesk.cookie,
      body: room({ code: 'EXAM-9' }),
    });
    expect(denied.statusCode).toBe(403);
    const outOfScope = await call('POST', `${base}/resources`, {
      cookie: adminOfB.cookie,
      body: room({ code: 'EXAM-9' }),
    });
    expect(outOfScope.statusCode).toBe(403);
  });

  it('updates with If-Match, refusing a code another resource holds', async () => {
    const made = await call('POST', `${base}/resources`, { body: room({ code: 'EXAM-2' }) });
    const id = made.json<ScheduleResource>().id;
    const url = `${base}/resources/${id}`;
    const body = room({ code: 'EXAM-2', name: 'Exam two', isActive: false });
    expect((await call('PUT', url, { body })).statusCode).toBe(428);
    expect((await call('PUT', url, { body, ifMatch: '"7"' })).statusCode).toBe(412);
    const ok = await call('PUT', url, { body, ifMatch: '"1"' });
    expect(ok.json()).toMatchObject({ name: 'Exam two', isActive: false, version: 2 });
    const clash = await call('PUT', url, { body: room({ code: 'EXAM-1' }), ifMatch: '"2"' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json<TestProblem>().code).toBe('scheduling.code_taken');
    expect((await auditRows(id)).map((r) => r.action)).toEqual([
      'schedule.resource.create',
      'schedule.resource.update',
    ]);
  });
});

describe('appointment types', () => {
  const type = (more: Record<string, unknown> = {}) => ({
    code: 'NEW',
    name: 'New patient visit',
    durationMinutes: 40,
    bufferAfterMinutes: 5,
    visitKind: 'new',
    modality: 'in_person',
    ...more,
  });

  it('creates a type with the practitioners it allows, and replaces them on update', async () => {
    const [a, b] = [
      await createPractitioner(ctx.platform, { facilityId: clinicA.facilityId }),
      await createPractitioner(ctx.platform, { facilityId: clinicA.facilityId }),
    ];
    const res = await call('POST', `${base}/appointment-types`, {
      body: type({ practitionerIds: [a.id] }),
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<AppointmentType>();
    expect(created).toMatchObject({
      code: 'NEW',
      durationMinutes: 40,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 5,
      practitionerIds: [a.id],
      color: '#1c7ed6',
      version: 1,
    });
    const url = `${base}/appointment-types/${created.id}`;
    const updated = await call('PUT', url, {
      body: type({ practitionerIds: [b.id], durationMinutes: 45 }),
      ifMatch: '"1"',
    });
    expect(updated.json()).toMatchObject({
      practitionerIds: [b.id],
      durationMinutes: 45,
      version: 2,
    });
    const { rows } = await ctx.platform.database.pool.query(
      'select practitioner_id from appointment_type_practitioner where appointment_type_id = $1',
      [created.id],
    );
    expect(rows).toEqual([{ practitioner_id: b.id }]);
    const list = await call('GET', `${base}/appointment-types`, { cookie: frontDesk.cookie });
    expect(list.json<{ items: AppointmentType[] }>().items.map((t) => t.code)).toContain('NEW');
    expect((await auditRows(created.id)).map((r) => r.action)).toEqual([
      'schedule.appointment_type.create',
      'schedule.appointment_type.update',
    ]);
    expect((await call('PUT', url, { body: type() })).statusCode).toBe(428);
    expect((await call('PUT', url, { body: type(), ifMatch: '"1"' })).statusCode).toBe(412);
  });

  it('refuses a taken code, an unknown practitioner and a zero duration', async () => {
    await call('POST', `${base}/appointment-types`, { body: type({ code: 'FU' }) });
    const taken = await call('POST', `${base}/appointment-types`, { body: type({ code: 'FU' }) });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<TestProblem>().code).toBe('scheduling.code_taken');
    const unknown = await call('POST', `${base}/appointment-types`, {
      body: type({ code: 'X1', practitionerIds: ['01900000-0000-7000-8000-000000000000'] }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'practitionerIds.0', rule: 'not_found' }),
    ]);
    const zero = await call('POST', `${base}/appointment-types`, {
      body: type({ code: 'X2', durationMinutes: 0 }),
    });
    expect(zero.json<TestProblem>().errors).toContainEqual(
      expect.objectContaining({ path: 'durationMinutes', rule: 'too_small' }),
    );
    const denied = await call('POST', `${base}/appointment-types`, {
      cookie: frontDesk.cookie,
      body: type({ code: 'X3' }),
    });
    expect(denied.statusCode).toBe(403);
  });
});
