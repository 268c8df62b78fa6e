import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stay } from '@meridian/contracts';
import {
  admitPatient,
  auditsOf,
  bedOf,
  createAdmissionScene,
  eventsOf,
  stretchesOf,
  worldDigest,
  type AdmissionScene,
} from '../../../../test/admissions-factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { mergeBody } from '../../../../test/merge-fixtures.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { changeBedState } from '../beds/bed-state.js';

let ctx: TestContext;
let s: AdmissionScene;

beforeAll(async () => {
  ctx = await createTestContext();
  s = await createAdmissionScene(ctx.platform);
});
afterAll(() => ctx.close());

const minute = 60_000;

function post(url: string, body: unknown, cookie = s.nurse.cookie) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { cookie },
    payload: body as Record<string, unknown>,
  });
}

async function admitted(bedId: string | null, o: { expectedAt?: Date } = {}) {
  const p = await createPatient(ctx.platform);
  const stay = await admitPatient(ctx.platform, {
    patientId: p.id,
    facilityId: s.facilityId,
    practitionerId: s.doc.id,
    bedId,
    ...o,
  });
  ctx.clock.advance(minute);
  return stay;
}

const bedA = (i: number) => s.wardA.beds[i]?.id ?? '';
const bedB = (i: number) => s.wardB.beds[i]?.id ?? '';

describe('swapping two patients’ beds', () => {
  it('trades the beds in one transaction: both stay occupied, a swapped movement each', async () => {
    const one = await admitted(bedA(0));
    const two = await admitted(bedB(0));
    const res = await post('/api/v1/admissions/swap', {
      stayIds: [one.id, two.id],
      reason: 'Quieter room for the post-operative patient',
    });
    expect(res.statusCode, res.body).toBe(200);
    const at = ctx.clock.now();
    const items = res.json<{ items: Stay[] }>().items;
    expect(items.map((x) => [x.id, x.bedId])).toEqual([
      [one.id, bedB(0)],
      [two.id, bedA(0)],
    ]);
    expect(await bedOf(ctx, bedA(0))).toMatchObject({ state: 'occupied', stay_id: two.id });
    expect(await bedOf(ctx, bedB(0))).toMatchObject({ state: 'occupied', stay_id: one.id });
    expect((await stretchesOf(ctx, one.id)).map((r) => [r.bed_id, r.to])).toEqual([
      [bedA(0), at],
      [bedB(0), null],
    ]);
    for (const stay of [one, two]) {
      expect((await eventsOf(ctx, stay.id)).map((e) => e.topic)).toEqual([
        'admission.admitted',
        'admission.transferred',
      ]);
      expect((await auditsOf(ctx, stay.id)).map((a) => a.action)).toEqual([
        'admission.admitted',
        'admission.transferred',
      ]);
    }
    const movements = await ctx.platform.database.pool.query<{ kind: string }>(
      'select kind from stay_movement where stay_id = any($1) order by occurred_at, kind',
      [[one.id, two.id]],
    );
    expect(movements.rows.map((m) => m.kind)).toEqual([
      'admitted',
      'admitted',
      'swapped',
      'swapped',
    ]);
  });

  it('refuses a swap with a stay that is not admitted, changing nothing', async () => {
    const one = await admitted(bedA(1));
    const pre = await admitted(null, { expectedAt: ctx.clock.now() });
    const before = await worldDigest(ctx);
    const res = await post('/api/v1/admissions/swap', { stayIds: [one.id, pre.id], reason: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'admission.invalid_transition' });
    expect(await worldDigest(ctx)).toEqual(before);
  });
});

describe('cancelling an admission entered in error', () => {
  it('releases a reserved bed (available) and voids nothing that was not there', async () => {
    const pre = await admitted(bedA(2), { expectedAt: ctx.clock.now() });
    const res = await post(
      `/api/v1/admissions/${pre.id}/cancel`,
      { reason: 'Booked for the wrong patient' },
      s.admin.cookie,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Stay>()).toMatchObject({
      status: 'cancelled',
      bedId: null,
      cancelReason: 'Booked for the wrong patient',
    });
    expect(await bedOf(ctx, bedA(2))).toMatchObject({ state: 'available', stay_id: null });
  });

  it('vacates an occupied bed to dirty and voids the stay’s stretches', async () => {
    const stay = await admitted(bedA(3));
    const res = await post(
      `/api/v1/admissions/${stay.id}/cancel`,
      { reason: 'Admitted in error' },
      s.admin.cookie,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(await bedOf(ctx, bedA(3))).toMatchObject({ state: 'dirty', stay_id: null });
    expect((await stretchesOf(ctx, stay.id)).map((r) => r.is_void)).toEqual([true]);
    expect((await eventsOf(ctx, stay.id)).map((e) => e.topic)).toEqual([
      'admission.admitted',
      'admission.cancelled',
    ]);
    // The patient can be admitted again at once.
    const again = await post(
      '/api/v1/admissions',
      {
        patientId: stay.patientId,
        facilityId: s.facilityId,
        source: 'direct',
        admittingPractitionerId: s.doc.id,
        attendingPractitionerId: s.doc.id,
        reason: 'Correct admission',
        levelOfCare: 'acute',
        bedId: bedB(1),
      },
      s.nurse.cookie,
    );
    expect(again.statusCode, again.body).toBe(201);
  });
});

describe('undoing a discharge', () => {
  it('refuses when the old bed was taken since, naming the bed, and changes nothing', async () => {
    const stay = await admitted(bedB(2));
    const discharged = await post(`/api/v1/admissions/${stay.id}/discharge`, {
      disposition: 'home',
    });
    expect(discharged.statusCode).toBe(200);
    await ctx.platform.db.transaction(async (tx) => {
      for (const action of ['start_cleaning', 'finish_cleaning'] as const) {
        await changeBedState(tx, {
          bedId: bedB(2),
          action,
          at: ctx.clock.now(),
          actorUserId: null,
        });
      }
    });
    await admitted(bedB(2));
    const before = await worldDigest(ctx);
    const res = await post(
      `/api/v1/admissions/${stay.id}/undo-discharge`,
      { reason: 'Wrong patient' },
      s.admin.cookie,
    );
    expect(res.statusCode).toBe(409);
    const problem = res.json<{ code: string; detail: string; errors: unknown[] }>();
    expect(problem.code).toBe('admission.bed_unavailable');
    expect(problem.detail).toContain(bedB(2));
    expect(problem.errors).toContainEqual(
      expect.objectContaining({ path: 'bedId', rule: 'old_bed_taken' }),
    );
    expect(await worldDigest(ctx)).toEqual(before);
  });

  it('refuses when someone lay in the old bed since, even though it is free again', async () => {
    const stay = await admitted(bedB(3));
    await post(`/api/v1/admissions/${stay.id}/discharge`, { disposition: 'home' });
    await ctx.platform.db.transaction(async (tx) => {
      for (const action of ['start_cleaning', 'finish_cleaning'] as const) {
        await changeBedState(tx, {
          bedId: bedB(3),
          action,
          at: ctx.clock.now(),
          actorUserId: null,
        });
      }
    });
    const between = await admitted(bedB(3));
    await post(`/api/v1/admissions/${between.id}/discharge`, { disposition: 'home' });
    const before = await worldDigest(ctx);
    const res = await post(
      `/api/v1/admissions/${stay.id}/undo-discharge`,
      { reason: 'Wrong patient' },
      s.admin.cookie,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'admission.bed_unavailable' });
    expect(await worldDigest(ctx)).toEqual(before);
  });
});

describe('reading stays', () => {
  it('lists a patient’s stays newest first with a cursor, and audits list and read', async () => {
    const p = await createPatient(ctx.platform);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const stay = await admitPatient(ctx.platform, {
        patientId: p.id,
        facilityId: s.facilityId,
        practitionerId: s.doc.id,
        expectedAt: ctx.clock.now(),
      });
      ids.push(stay.id);
      ctx.clock.advance(minute);
      const res = await post(
        `/api/v1/admissions/${stay.id}/cancel`,
        { reason: 'Test' },
        s.admin.cookie,
      );
      expect(res.statusCode).toBe(200);
    }
    const url = `/api/v1/admissions?patientId=${p.id}&limit=2`;
    const first = await ctx.app.inject({ method: 'GET', url, headers: { cookie: s.nurse.cookie } });
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ items: Stay[]; nextCursor: string | null }>();
    expect(page1.items.map((x) => x.id)).toEqual([ids[2], ids[1]]);
    const second = await ctx.app.inject({
      method: 'GET',
      url: `${url}&cursor=${page1.nextCursor ?? ''}`,
      headers: { cookie: s.nurse.cookie },
    });
    const page2 = second.json<{ items: Stay[]; nextCursor: string | null }>();
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });

    const bad = await ctx.app.inject({
      method: 'GET',
      url: `${url}&cursor=nonsense`,
      headers: { cookie: s.nurse.cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      errors: [{ path: 'query.cursor', rule: 'invalid_cursor' }],
    });

    const lists = await ctx.platform.database.pool.query<{ details: { resultCount: number } }>(
      `select details from audit_event where action = 'admission.list' and patient_id = $1 order by seq`,
      [p.id],
    );
    expect(lists.rows.map((r) => r.details.resultCount)).toEqual([2, 1]);
  });
});

describe('merging patients with stays', () => {
  it('moves the duplicate’s stays to the survivor', async () => {
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    const open = await admitPatient(ctx.platform, {
      patientId: duplicate.id,
      facilityId: s.facilityId,
      practitionerId: s.doc.id,
      expectedAt: ctx.clock.now(),
    });
    const res = await post(
      '/api/v1/patients/merge',
      mergeBody(survivor, duplicate),
      s.admin.cookie,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ moved: { inpatient_stays: 1 } });
    const { rows } = await ctx.platform.database.pool.query<{ patient_id: string }>(
      'select patient_id from inpatient_stay where id = $1',
      [open.id],
    );
    expect(rows[0]?.patient_id).toBe(survivor.id);
  });

  it('refuses the merge while both records have an open stay', async () => {
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    const stays = [];
    for (const p of [survivor, duplicate]) {
      stays.push(
        await admitPatient(ctx.platform, {
          patientId: p.id,
          facilityId: s.facilityId,
          practitionerId: s.doc.id,
          expectedAt: ctx.clock.now(),
        }),
      );
    }
    const res = await post(
      '/api/v1/patients/merge',
      mergeBody(survivor, duplicate),
      s.admin.cookie,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'patient.merge_conflict',
      conflicts: [
        expect.objectContaining({ source: 'inpatient_stays', field: 'inpatient_stays.open' }),
      ],
    });
    const { rows } = await ctx.platform.database.pool.query<{ patient_id: string }>(
      'select patient_id from inpatient_stay where id = $1',
      [stays[1]?.id],
    );
    expect(rows[0]?.patient_id).toBe(duplicate.id);
  });
});
