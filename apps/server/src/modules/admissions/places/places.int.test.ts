import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bed, Room, Ward, WardDetail } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createWard } from '../../../../test/admissions-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { calendarSetupScene } from '../../../../test/scheduling-factories.js';
import { admitIntoBed } from '../../../../test/census-occupancy.js';

let ctx: TestContext;
let admin: { id: string; cookie: string };
let frontDesk: { cookie: string };
let adminOfB: { cookie: string };
let clinicA: { facilityId: string; departmentId: string };
let clinicB: { facilityId: string; departmentId: string };

beforeAll(async () => {
  ctx = await createTestContext();
  ({ clinicA, clinicB, admin, adminOfB } = await calendarSetupScene(ctx.platform));
  frontDesk = await signedInStaff(ctx.platform, {
    roles: ['front_desk'],
    facilityIds: [clinicA.facilityId, clinicB.facilityId],
  });
});
afterAll(async () => {
  await ctx.close();
});

const call = apiCaller(
  () => ctx,
  () => admin.cookie,
);

async function auditActions(entityId: string) {
  const { rows } = await ctx.platform.database.pool.query<{ action: string; actor: string }>(
    'select action, actor_user_id as actor from audit_event where entity_id = $1 order by seq',
    [entityId],
  );
  return rows;
}

let counter = 0;
async function postWard(more: Record<string, unknown> = {}) {
  counter += 1;
  const res = await call('POST', '/api/v1/wards', {
    body: {
      facilityId: clinicA.facilityId,
      code: `4W${counter}`,
      name: `4 West ${counter}`,
      kind: 'medical_surgical',
      ...more,
    },
  });
  return res;
}

describe('wards', () => {
  it('creates a ward, answers its detail with an ETag and audits it', async () => {
    const res = await postWard({ departmentId: clinicA.departmentId, code: 'ICU', kind: 'icu' });
    expect(res.statusCode).toBe(201);
    const ward = res.json<WardDetail>();
    expect(ward).toMatchObject({
      facilityId: clinicA.facilityId,
      departmentId: clinicA.departmentId,
      code: 'ICU',
      kind: 'icu',
      isActive: true,
      version: 1,
      bedCount: 0,
      rooms: [],
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/wards/${ward.id}`);
    expect(await auditActions(ward.id)).toEqual([{ action: 'ward.create', actor: admin.id }]);
  });

  it('refuses a duplicate code in the same facility, naming the field', async () => {
    await postWard({ code: 'DUP' });
    const again = await postWard({ code: 'DUP' });
    expect(again.statusCode).toBe(409);
    expect(again.json<TestProblem>()).toMatchObject({
      code: 'admission.code_taken',
      errors: [{ path: 'code', rule: 'conflict' }],
    });
    const elsewhere = await postWard({ code: 'DUP', facilityId: clinicB.facilityId });
    expect(elsewhere.statusCode).toBe(201);
  });

  it.each([
    ['a lower-case code', { code: 'icu' }, 'code', 'invalid_format'],
    ['an unknown kind', { kind: 'hospice' }, 'kind', 'invalid_value'],
    [
      'an unknown facility',
      { facilityId: '01900000-0000-7000-8000-000000000000' },
      'facilityId',
      'not_found',
    ],
    ['a department of another facility', { departmentId: 'B' }, 'departmentId', 'other_facility'],
    ['an unknown field', { beds: 3 }, 'beds', 'unrecognized_keys'],
  ])('refuses %s, naming the field and the rule', async (_what, more, path, rule) => {
    const body: Record<string, unknown> = { ...more };
    if (body.departmentId === 'B') body.departmentId = clinicB.departmentId;
    const res = await postWard(body);
    expect(res.statusCode).toBe(400);
    const problem = res.json<TestProblem>();
    expect(problem.errors?.[0]).toMatchObject({ path, rule });
  });

  it('refuses a facility the administrator does not work in, and a reader', async () => {
    const res = await call('POST', '/api/v1/wards', {
      cookie: adminOfB.cookie,
      body: { facilityId: clinicA.facilityId, code: 'X1', name: 'X', kind: 'icu' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<TestProblem>().code).toBe('access.forbidden');
    const reader = await call('POST', '/api/v1/wards', {
      cookie: frontDesk.cookie,
      body: { facilityId: clinicA.facilityId, code: 'X2', name: 'X', kind: 'icu' },
    });
    expect(reader.statusCode).toBe(403);
    const list = await call('GET', `/api/v1/wards?facilityId=${clinicA.facilityId}`, {
      cookie: adminOfB.cookie,
    });
    expect(list.statusCode).toBe(403);
  });

  it('lists the wards of a facility with their active beds for readers', async () => {
    const scene = await createWard(ctx.platform, {
      facilityId: clinicB.facilityId,
      rooms: 2,
      bedsPerRoom: 3,
    });
    const res = await call('GET', `/api/v1/wards?facilityId=${clinicB.facilityId}`, {
      cookie: frontDesk.cookie,
    });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Ward[] }>().items;
    expect(items.find((w) => w.id === scene.ward.id)).toMatchObject({ bedCount: 6 });
    expect(items.every((w) => w.facilityId === clinicB.facilityId)).toBe(true);
  });

  it('patches only the fields sent, at the version seen (If-Match)', async () => {
    const ward = (await postWard({ departmentId: clinicA.departmentId })).json<WardDetail>();
    const missing = await call('PATCH', `/api/v1/wards/${ward.id}`, { body: { name: 'Renamed' } });
    expect(missing.statusCode).toBe(428);
    const res = await call('PATCH', `/api/v1/wards/${ward.id}`, {
      body: { name: 'Renamed' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<WardDetail>()).toMatchObject({
      name: 'Renamed',
      departmentId: clinicA.departmentId,
      code: ward.code,
      version: 2,
    });
    const stale = await call('PATCH', `/api/v1/wards/${ward.id}`, {
      body: { name: 'Again' },
      ifMatch: '"1"',
    });
    expect(stale.statusCode).toBe(412);
    expect(await auditActions(ward.id)).toEqual([
      { action: 'ward.create', actor: admin.id },
      { action: 'ward.update', actor: admin.id },
    ]);
  });
});

describe('rooms and beds', () => {
  it('builds a ward: rooms, one bed, several beds at once; the detail shows them', async () => {
    const ward = (await postWard()).json<WardDetail>();
    const roomRes = await call('POST', `/api/v1/wards/${ward.id}/rooms`, {
      body: { code: '401', sexRestriction: 'female' },
    });
    expect(roomRes.statusCode).toBe(201);
    const room = roomRes.json<Room>();
    expect(room).toMatchObject({ code: '401', sexRestriction: 'female', name: null, beds: [] });

    const one = await call('POST', `/api/v1/rooms/${room.id}/beds`, {
      body: { code: '401-A', bariatric: true },
    });
    expect(one.statusCode).toBe(201);
    expect(one.json<Bed>()).toMatchObject({ code: '401-A', bariatric: true, state: 'available' });

    const batch = await call('POST', `/api/v1/rooms/${room.id}/beds/batch`, {
      body: { beds: ['B', 'C', 'D'].map((l) => ({ code: `401-${l}`, telemetry: true })) },
    });
    expect(batch.statusCode).toBe(201);
    expect(batch.json<{ items: Bed[] }>().items.map((b) => b.code)).toEqual([
      '401-B',
      '401-C',
      '401-D',
    ]);

    const detail = (
      await call('GET', `/api/v1/wards/${ward.id}`, { cookie: frontDesk.cookie })
    ).json<WardDetail>();
    expect(detail.bedCount).toBe(4);
    expect(detail.rooms).toHaveLength(1);
    expect(detail.rooms[0]!.beds.map((b) => [b.code, b.telemetry])).toEqual([
      ['401-A', false],
      ['401-B', true],
      ['401-C', true],
      ['401-D', true],
    ]);
    expect((await auditActions(room.id)).map((a) => a.action)).toEqual(['ward.room.create']);
  });

  it('refuses a batch with a code already taken and writes none of it', async () => {
    const scene = await createWard(ctx.platform, { facilityId: clinicA.facilityId, rooms: 1 });
    const room = scene.rooms[0]!;
    const res = await call('POST', `/api/v1/rooms/${room.id}/beds/batch`, {
      body: { beds: [{ code: 'R1-C' }, { code: 'R1-A' }] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'admission.code_taken',
      errors: [{ path: 'beds.1.code', rule: 'conflict' }],
    });
    const detail = (await call('GET', `/api/v1/wards/${scene.ward.id}`)).json<WardDetail>();
    expect(detail.rooms[0]!.beds.map((b) => b.code)).toEqual(['R1-A', 'R1-B']);
    const dupRoom = await call('POST', `/api/v1/wards/${scene.ward.id}/rooms`, {
      body: { code: 'R1' },
    });
    expect(dupRoom.json<TestProblem>()).toMatchObject({
      code: 'admission.code_taken',
      errors: [{ path: 'code' }],
    });
  });

  it("edits a bed's attributes and code at its version", async () => {
    const scene = await createWard(ctx.platform, { facilityId: clinicA.facilityId, rooms: 1 });
    const bed = scene.beds[1]!;
    const res = await call('PATCH', `/api/v1/beds/${bed.id}`, {
      body: { code: 'R1-Z', isolationCapable: true },
      ifMatch: `"${bed.version}"`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Bed>()).toMatchObject({
      code: 'R1-Z',
      isolationCapable: true,
      telemetry: false,
      version: bed.version + 1,
    });
    const taken = await call('PATCH', `/api/v1/beds/${bed.id}`, {
      body: { code: 'R1-A' },
      ifMatch: `"${bed.version + 1}"`,
    });
    expect(taken.json<TestProblem>()).toMatchObject({
      code: 'admission.code_taken',
      errors: [{ path: 'code' }],
    });
    expect((await auditActions(bed.id)).map((a) => a.action)).toEqual(['ward.bed.update']);
  });

  it('keeps in service a bed, room or ward that holds a patient or a reservation', async () => {
    const scene = await createWard(ctx.platform, { facilityId: clinicA.facilityId, rooms: 2 });
    const [occupiedBed, , reservedBed, freeBed] = scene.beds;
    await admitIntoBed(ctx.platform, occupiedBed!);
    await admitIntoBed(ctx.platform, reservedBed!, { reserveOnly: true });
    const detail = (await call('GET', `/api/v1/wards/${scene.ward.id}`)).json<WardDetail>();
    const bedNow = (id: string) => detail.rooms.flatMap((r) => r.beds).find((b) => b.id === id)!;

    for (const b of [occupiedBed!, reservedBed!]) {
      const res = await call('PATCH', `/api/v1/beds/${b.id}`, {
        body: { isActive: false },
        ifMatch: `"${bedNow(b.id).version}"`,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<TestProblem>()).toMatchObject({
        code: 'admission.place_in_use',
        errors: [{ path: 'isActive', rule: 'in_use' }],
      });
    }
    const room = await call('PATCH', `/api/v1/rooms/${scene.rooms[0]!.id}`, {
      body: { isActive: false },
      ifMatch: '"1"',
    });
    expect(room.json<TestProblem>().code).toBe('admission.place_in_use');
    const ward = await call('PATCH', `/api/v1/wards/${scene.ward.id}`, {
      body: { isActive: false },
      ifMatch: '"1"',
    });
    expect(ward.json<TestProblem>().code).toBe('admission.place_in_use');

    const free = await call('PATCH', `/api/v1/beds/${freeBed!.id}`, {
      body: { isActive: false },
      ifMatch: `"${freeBed!.version}"`,
    });
    expect(free.statusCode).toBe(200);
    const after = (await call('GET', `/api/v1/wards/${scene.ward.id}`)).json<WardDetail>();
    expect(after).toMatchObject({ isActive: true, version: 1, bedCount: 3 });
    expect(after.rooms.map((r) => r.isActive)).toEqual([true, true]);
  });

  it('takes an empty room out of service; its beds leave the count', async () => {
    const scene = await createWard(ctx.platform, { facilityId: clinicA.facilityId, rooms: 2 });
    const res = await call('PATCH', `/api/v1/rooms/${scene.rooms[1]!.id}`, {
      body: { isActive: false, name: 'Closed for repairs' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Room>()).toMatchObject({
      isActive: false,
      name: 'Closed for repairs',
      version: 2,
    });
    const list = (await call('GET', `/api/v1/wards?facilityId=${clinicA.facilityId}`)).json<{
      items: Ward[];
    }>();
    expect(list.items.find((w) => w.id === scene.ward.id)?.bedCount).toBe(2);
  });
});
