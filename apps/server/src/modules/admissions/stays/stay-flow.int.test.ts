import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stay, StayDetail } from '@meridian/contracts';
import {
  admitPatient,
  auditsOf,
  bedOf,
  createAdmissionScene,
  createWard,
  eventsOf,
  stretchesOf,
  worldDigest,
  type AdmissionScene,
} from '../../../../test/admissions-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';

let ctx: TestContext;
let s: AdmissionScene;

beforeAll(async () => {
  ctx = await createTestContext();
  s = await createAdmissionScene(ctx.platform);
});
afterAll(() => ctx.close());

const minute = 60_000;

function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  o: { body?: unknown; cookie?: string; ifMatch?: number } = {},
) {
  return ctx.app.inject({
    method,
    url,
    headers: {
      cookie: o.cookie ?? s.nurse.cookie,
      ...(o.ifMatch === undefined ? {} : { 'if-match': `"${o.ifMatch}"` }),
    },
    ...(o.body === undefined ? {} : { payload: o.body as Record<string, unknown> }),
  });
}

/** A step that must succeed; answers the stay. */
async function step(
  stay: Pick<Stay, 'id' | 'version'>,
  name: string,
  body: unknown = {},
  o: { cookie?: string; method?: 'POST' | 'DELETE' } = {},
): Promise<Stay> {
  const res = await call(o.method ?? 'POST', `/api/v1/admissions/${stay.id}/${name}`, {
    body: o.method === 'DELETE' ? undefined : body,
    ifMatch: stay.version,
    ...(o.cookie ? { cookie: o.cookie } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Stay>();
}

/** Admitted into the bed a minute ago (a discharge or transfer needs time in the bed). */
async function admitted(bedId: string, o: { sexAtBirth?: 'female' | 'male' } = {}) {
  const p = await createPatient(ctx.platform, o);
  const stay = await admitPatient(ctx.platform, {
    patientId: p.id,
    facilityId: s.facilityId,
    practitionerId: s.doc.id,
    bedId,
  });
  ctx.clock.advance(minute);
  return stay;
}

const bedA = (i: number) => s.wardA.beds[i]?.id ?? '';
const bedB = (i: number) => s.wardB.beds[i]?.id ?? '';

describe('a stay from admission to discharge, and the discharge undone', () => {
  it('records every movement; the old bed turns dirty, never available', async () => {
    const start = ctx.clock.now();
    let stay = await admitted(bedA(0));
    ctx.clock.advance(4 * minute);

    stay = await step(stay, 'transfer', {
      bedId: bedB(0),
      levelOfCare: 'icu',
      reason: 'Deteriorating oxygenation',
    });
    const transferAt = ctx.clock.now();
    expect(stay).toMatchObject({ bedId: bedB(0), wardId: s.wardB.ward.id, levelOfCare: 'icu' });
    expect(await bedOf(ctx, bedA(0))).toMatchObject({ state: 'dirty', stay_id: null });
    expect(await bedOf(ctx, bedB(0))).toMatchObject({ state: 'occupied', stay_id: stay.id });
    expect(await stretchesOf(ctx, stay.id)).toEqual([
      { bed_id: bedA(0), from: start, to: transferAt, is_void: false },
      { bed_id: bedB(0), from: transferAt, to: null, is_void: false },
    ]);

    ctx.clock.advance(minute);
    stay = await step(stay, 'leave', { reason: 'Home for a family event', expectedReturnAt: null });
    expect(stay.status).toBe('on_leave');
    expect(await bedOf(ctx, bedB(0))).toMatchObject({ state: 'occupied', stay_id: stay.id });
    ctx.clock.advance(minute);
    stay = await step(stay, 'return');
    expect(stay.status).toBe('admitted');

    const expectedAt = new Date(ctx.clock.now().getTime() + 60 * minute).toISOString();
    stay = await step(stay, 'discharge-order', { expectedAt });
    expect(stay.dischargeExpectedAt).toBe(expectedAt);
    stay = await step(stay, 'discharge-order', {}, { method: 'DELETE' });
    expect(stay.dischargeExpectedAt).toBeNull();
    stay = await step(stay, 'discharge-order', { expectedAt });

    ctx.clock.advance(minute);
    stay = await step(stay, 'discharge', {
      disposition: 'home',
      summary: 'Recovered; oral antibiotics for five days.',
    });
    const dischargedAt = ctx.clock.now();
    expect(stay).toMatchObject({
      status: 'discharged',
      disposition: 'home',
      dischargedAt: dischargedAt.toISOString(),
      bedId: null,
    });
    expect(await bedOf(ctx, bedB(0))).toMatchObject({ state: 'dirty', stay_id: null });
    expect((await stretchesOf(ctx, stay.id)).at(-1)).toMatchObject({ to: dischargedAt });

    ctx.clock.advance(minute);
    stay = await step(
      stay,
      'undo-discharge',
      { reason: 'Discharged the wrong patient' },
      {
        cookie: s.admin.cookie,
      },
    );
    expect(stay).toMatchObject({ status: 'admitted', bedId: bedB(0), dischargedAt: null });
    expect(await bedOf(ctx, bedB(0))).toMatchObject({ state: 'occupied', stay_id: stay.id });
    expect((await stretchesOf(ctx, stay.id)).at(-1)).toMatchObject({ bed_id: bedB(0), to: null });

    const detail = await call('GET', `/api/v1/admissions/${stay.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json<StayDetail>().movements.map((m) => m.kind)).toEqual([
      'admitted',
      'transferred',
      'leave_started',
      'leave_ended',
      'discharge_ordered',
      'discharge_order_cancelled',
      'discharge_ordered',
      'discharged',
      'discharge_undone',
    ]);
    expect(detail.json<StayDetail>().movements[1]).toMatchObject({
      fromBedId: bedA(0),
      toBedId: bedB(0),
      fromWardId: s.wardA.ward.id,
      toWardId: s.wardB.ward.id,
      fromLevelOfCare: 'acute',
      toLevelOfCare: 'icu',
    });
    expect((await eventsOf(ctx, stay.id)).map((e) => e.topic)).toEqual([
      'admission.admitted',
      'admission.transferred',
      'admission.leave_started',
      'admission.leave_ended',
      'admission.discharge_ordered',
      'admission.discharge_order_cancelled',
      'admission.discharge_ordered',
      'admission.discharged',
      'admission.discharge_undone',
    ]);
    const audits = await auditsOf(ctx, stay.id);
    expect(audits.map((a) => a.action)).toEqual([
      'admission.admitted',
      'admission.transferred',
      'admission.leave_started',
      'admission.leave_ended',
      'admission.discharge_ordered',
      'admission.discharge_order_cancelled',
      'admission.discharge_ordered',
      'admission.discharged',
      'admission.discharge_undone',
      'admission.read',
    ]);
    expect(audits.at(-2)?.actor_user_id).toBe(s.admin.id);
    expect(JSON.stringify(audits)).not.toMatch(/antibiotics|wrong patient|family event/);
  });

  it('changes only the level of care when the bed named is the current one', async () => {
    let stay = await admitted(bedA(1));
    stay = await step(stay, 'transfer', {
      bedId: bedA(1),
      levelOfCare: 'step_down',
      reason: 'Needs closer monitoring',
    });
    expect(stay).toMatchObject({ bedId: bedA(1), levelOfCare: 'step_down' });
    expect(await bedOf(ctx, bedA(1))).toMatchObject({ state: 'occupied', stay_id: stay.id });
    expect(await stretchesOf(ctx, stay.id)).toHaveLength(1);
  });
});

describe('refusals after admission: the rule named, nothing changed', () => {
  async function refused(
    stay: Pick<Stay, 'id'>,
    name: string,
    body: unknown,
    expected: { status: number; code: string; path?: string; rule?: string },
    cookie?: string,
  ) {
    const before = await worldDigest(ctx);
    const res = await call('POST', `/api/v1/admissions/${stay.id}/${name}`, {
      body,
      ...(cookie ? { cookie } : {}),
    });
    expect(res.statusCode, res.body).toBe(expected.status);
    const problem = res.json<{ code: string; errors?: { path: string; rule: string }[] }>();
    expect(problem.code).toBe(expected.code);
    if (expected.path) {
      expect(problem.errors).toContainEqual(
        expect.objectContaining({ path: expected.path, rule: expected.rule }),
      );
    }
    expect(await worldDigest(ctx)).toEqual(before);
  }

  it('refuses a discharge before the admission, in the future, and a second discharge', async () => {
    const stay = await admitted(bedA(2));
    const before = new Date(ctx.clock.now().getTime() - 2 * minute).toISOString();
    await refused(
      stay,
      'discharge',
      { disposition: 'home', dischargedAt: before },
      {
        status: 422,
        code: 'admission.before_admission',
        path: 'dischargedAt',
        rule: 'not_before_admission',
      },
    );
    const later = new Date(ctx.clock.now().getTime() + minute).toISOString();
    await refused(
      stay,
      'discharge',
      { disposition: 'home', dischargedAt: later },
      {
        status: 422,
        code: 'admission.in_future',
        path: 'dischargedAt',
        rule: 'not_in_future',
      },
    );
    await refused(
      stay,
      'discharge',
      { disposition: 'transferred' },
      {
        status: 400,
        code: 'validation.failed',
        path: 'destination',
        rule: 'required',
      },
    );
    await step(stay, 'discharge', { disposition: 'home' });
    await refused(
      stay,
      'discharge',
      { disposition: 'home' },
      {
        status: 409,
        code: 'admission.invalid_transition',
      },
    );
    await refused(
      stay,
      'transfer',
      { bedId: bedA(3), reason: 'Moving' },
      {
        status: 409,
        code: 'admission.invalid_transition',
      },
    );
  });

  it('refuses a transfer into an occupied or dirty bed, or out of a pre-admission', async () => {
    const stay = await admitted(bedB(1));
    const neighbour = await admitted(bedB(2));
    await refused(
      stay,
      'transfer',
      { bedId: bedB(2), reason: 'Closer to the station' },
      {
        status: 409,
        code: 'admission.bed_unavailable',
        path: 'bedId',
        rule: 'bed_occupied',
      },
    );
    await step(neighbour, 'discharge', { disposition: 'home' });
    await refused(
      stay,
      'transfer',
      { bedId: bedB(2), reason: 'Closer to the station' },
      {
        status: 409,
        code: 'admission.bed_unavailable',
        path: 'bedId',
        rule: 'bed_dirty',
      },
    );
    const p = await createPatient(ctx.platform);
    const pre = await admitPatient(ctx.platform, {
      patientId: p.id,
      facilityId: s.facilityId,
      practitionerId: s.doc.id,
      expectedAt: ctx.clock.now(),
    });
    await refused(
      pre,
      'transfer',
      { bedId: bedB(3), reason: 'Moving' },
      {
        status: 409,
        code: 'admission.invalid_transition',
      },
    );
  });

  it('moves into a single-sex room only a patient of that sex at birth', async () => {
    const w = await createWard(ctx.platform, { facilityId: s.facilityId, rooms: 2 });
    const [from, into] = [w.beds[0]?.id ?? '', w.beds[2]?.id ?? ''];
    await ctx.platform.database.pool.query(
      `update ward_room set sex_restriction = 'female' where id = (select room_id from bed where id = $1)`,
      [into],
    );
    const man = await admitted(from, { sexAtBirth: 'male' });
    await refused(
      man,
      'transfer',
      { bedId: into, reason: 'Quieter room' },
      { status: 422, code: 'admission.bed_unsuitable', path: 'bedId', rule: 'room_sex_restricted' },
    );
    await step(man, 'discharge', { disposition: 'home' });
    const woman = await admitted(w.beds[1]?.id ?? '', { sexAtBirth: 'female' });
    const moved = await step(woman, 'transfer', { bedId: into, reason: 'Quieter room' });
    expect(moved).toMatchObject({ bedId: into });
    expect(await bedOf(ctx, into)).toMatchObject({ state: 'occupied', stay_id: woman.id });
    expect(await stretchesOf(ctx, woman.id)).toHaveLength(2);
  });

  it('refuses corrections to nurses (admission.correct) and undo after the window', async () => {
    const stay = await admitted(bedA(3));
    await refused(
      stay,
      'cancel',
      { reason: 'Entered in error' },
      {
        status: 403,
        code: 'access.forbidden',
      },
    );
    const discharged = await step(stay, 'discharge', { disposition: 'home' });
    const hours = ctx.platform.config.ADMISSIONS_UNDO_DISCHARGE_HOURS;
    ctx.clock.advance(hours * 3_600_000 + minute);
    // The clock moved past the sessions' idle time: sign in again.
    const admin = await signedInStaff(ctx.platform, {
      roles: ['admin'],
      facilityIds: [s.facilityId],
    });
    await refused(
      discharged,
      'undo-discharge',
      { reason: 'Wrong patient' },
      {
        status: 409,
        code: 'admission.correction_window_passed',
      },
      admin.cookie,
    );
  });
});
