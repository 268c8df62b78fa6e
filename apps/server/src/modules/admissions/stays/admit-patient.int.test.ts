import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stay } from '@meridian/contracts';
import {
  admitBody,
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
import { setPatientColumns } from '../../../../test/merge-fixtures.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createClinic, createPractitioner } from '../../../../test/scheduling-factories.js';
import { changeBedState } from '../beds/bed-state.js';

let ctx: TestContext;
let s: AdmissionScene;

beforeAll(async () => {
  ctx = await createTestContext();
  s = await createAdmissionScene(ctx.platform);
});
afterAll(() => ctx.close());

const bed = (i: number) => {
  const b = s.wardA.beds[i];
  if (!b) throw new Error(`no bed ${i}`);
  return b;
};

const post = (
  url: string,
  body: unknown,
  o: { cookie?: string; headers?: Record<string, string> } = {},
) =>
  ctx.app.inject({
    method: 'POST',
    url,
    headers: { cookie: o.cookie ?? s.nurse.cookie, ...o.headers },
    payload: body as Record<string, unknown>,
  });

describe('admitting a patient now', () => {
  it('puts the patient in the bed: bed occupied, open stretch, movement, event and audit', async () => {
    const p = await createPatient(ctx.platform);
    ctx.clock.advance(60_000);
    const res = await post('/api/v1/admissions', admitBody(s, p.id, bed(1).id));

    expect(res.statusCode).toBe(201);
    const stay = res.json<Stay>();
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/admissions/${stay.id}`);
    expect(stay).toMatchObject({
      patientId: p.id,
      status: 'admitted',
      bedId: bed(1).id,
      wardId: s.wardA.ward.id,
      admittedAt: ctx.clock.now().toISOString(),
      stayNumber: expect.stringMatching(/^IP-\d{6}$/) as string,
    });
    expect(await bedOf(ctx, bed(1).id)).toMatchObject({ state: 'occupied', stay_id: stay.id });
    expect(await stretchesOf(ctx, stay.id)).toEqual([
      { bed_id: bed(1).id, from: ctx.clock.now(), to: null, is_void: false },
    ]);
    const events = await eventsOf(ctx, stay.id);
    expect(events).toEqual([
      {
        topic: 'admission.admitted',
        patient_id: p.id,
        payload: expect.objectContaining({ stayId: stay.id, toBedId: bed(1).id }) as unknown,
      },
    ]);
    const audits = await auditsOf(ctx, stay.id);
    expect(audits.map((a) => [a.action, a.actor_user_id, a.patient_id])).toEqual([
      ['admission.admitted', s.nurse.id, p.id],
    ]);
    // Ids only: the reason text never reaches the audit trail or the event.
    expect(JSON.stringify([audits, events])).not.toContain('pneumonia');
  });

  it('replays the first answer for a retry with the same Idempotency-Key', async () => {
    const p = await createPatient(ctx.platform);
    const headers = { 'idempotency-key': randomUUID() };
    const body = admitBody(s, p.id, s.wardB.beds[3]?.id ?? null);
    const first = await post('/api/v1/admissions', body, { headers });
    const again = await post('/api/v1/admissions', body, { headers });

    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<Stay>().id).toBe(first.json<Stay>().id);
  });

  it('refuses a user without admission.write (front desk reads only)', async () => {
    const desk = await signedInStaff(ctx.platform, {
      roles: ['front_desk'],
      facilityIds: [s.facilityId],
    });
    const p = await createPatient(ctx.platform);
    const before = await worldDigest(ctx);
    const res = await post('/api/v1/admissions', admitBody(s, p.id, bed(2).id), {
      cookie: desk.cookie,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'access.forbidden' });
    expect(await worldDigest(ctx)).toEqual(before);
  });
});

describe('admission refusals: problem+json naming the rule, and nothing changes', () => {
  /** A fresh ward per case, so the beds' states are the case's own. */
  async function freshWard() {
    const w = await createWard(ctx.platform, {
      facilityId: s.facilityId,
      rooms: 1,
      bedsPerRoom: 2,
    });
    const [capable, plain] = w.beds;
    if (!capable || !plain) throw new Error('the ward has no beds');
    return { capable, plain };
  }

  type Beds = Awaited<ReturnType<typeof freshWard>>;
  type PatientId = string;

  /** Someone else in (or, with expectedAt, reserved) the bed. */
  async function otherPatientIn(bedId: string, expectedAt?: Date) {
    const other = await createPatient(ctx.platform);
    await admitPatient(ctx.platform, {
      patientId: other.id,
      facilityId: s.facilityId,
      practitionerId: s.doc.id,
      bedId,
      ...(expectedAt ? { expectedAt } : {}),
    });
  }

  async function setBed(bedId: string, action: 'mark_dirty' | 'block') {
    await ctx.platform.db.transaction((tx) =>
      changeBedState(tx, {
        bedId,
        action,
        at: ctx.clock.now(),
        actorUserId: null,
        ...(action === 'block' ? { reason: 'broken rail' } : {}),
      }),
    );
  }

  const bedTaken = (rule: string) => ({
    status: 409,
    code: 'admission.bed_unavailable',
    path: 'bedId',
    rule,
  });

  const cases: {
    name: string;
    /** Sets the scene in a fresh ward for a fresh patient; answers the request body. */
    arrange: (w: Beds, patientId: PatientId) => Promise<Record<string, unknown>>;
    patient?: { sexAtBirth: 'male' };
    status: number;
    code: string;
    path?: string;
    rule?: string;
  }[] = [
    {
      name: 'an occupied bed',
      async arrange(w, p) {
        await otherPatientIn(w.plain.id);
        return admitBody(s, p, w.plain.id);
      },
      ...bedTaken('bed_occupied'),
    },
    {
      name: 'a dirty bed (the last patient just left)',
      async arrange(w, p) {
        await setBed(w.plain.id, 'mark_dirty');
        return admitBody(s, p, w.plain.id);
      },
      ...bedTaken('bed_dirty'),
    },
    {
      name: 'a blocked bed',
      async arrange(w, p) {
        await setBed(w.plain.id, 'block');
        return admitBody(s, p, w.plain.id);
      },
      ...bedTaken('bed_blocked'),
    },
    {
      name: 'a bed reserved for someone else',
      async arrange(w, p) {
        await otherPatientIn(w.plain.id, new Date(ctx.clock.now().getTime() + 3_600_000));
        return admitBody(s, p, w.plain.id);
      },
      ...bedTaken('bed_reserved_for_another'),
    },
    {
      name: 'a patient who is already admitted',
      async arrange(w, p) {
        await admitPatient(ctx.platform, {
          patientId: p,
          facilityId: s.facilityId,
          practitionerId: s.doc.id,
          bedId: w.capable.id,
        });
        return admitBody(s, p, w.plain.id);
      },
      status: 409,
      code: 'admission.already_admitted',
      path: 'patientId',
      rule: 'one_open_stay',
    },
    {
      name: 'a deceased patient',
      async arrange(w, p) {
        await setPatientColumns(ctx.platform, p, { deceased: true });
        return admitBody(s, p, w.plain.id);
      },
      status: 422,
      code: 'admission.patient_deceased',
      path: 'patientId',
      rule: 'not_deceased',
    },
    {
      name: 'a patient merged away',
      async arrange(w, p) {
        const survivor = await createPatient(ctx.platform);
        await setPatientColumns(ctx.platform, p, { status: 'merged', mergedIntoId: survivor.id });
        return admitBody(s, p, w.plain.id);
      },
      status: 409,
      code: 'patient.merged',
    },
    {
      name: 'a bed in another facility',
      async arrange(_w, p) {
        const elsewhere = await createClinic(ctx.platform);
        const w = await createWard(ctx.platform, { facilityId: elsewhere.facilityId, rooms: 1 });
        return admitBody(s, p, w.beds[0]?.id ?? null);
      },
      status: 422,
      code: 'admission.wrong_facility',
      path: 'bedId',
      rule: 'same_facility',
    },
    {
      name: 'airborne isolation in a bed that cannot isolate',
      arrange: (w, p) => Promise.resolve(admitBody(s, p, w.plain.id, { isolation: ['airborne'] })),
      status: 422,
      code: 'admission.bed_unsuitable',
      path: 'bedId',
      rule: 'isolation_capable_required',
    },
    {
      name: 'a male patient in a female-only room',
      async arrange(w, p) {
        await ctx.platform.database.pool.query(
          `update ward_room set sex_restriction = 'female' where id = (select room_id from bed where id = $1)`,
          [w.plain.id],
        );
        return admitBody(s, p, w.plain.id);
      },
      patient: { sexAtBirth: 'male' },
      status: 422,
      code: 'admission.bed_unsuitable',
      path: 'bedId',
      rule: 'room_sex_restricted',
    },
    {
      name: 'an admission time in the future',
      arrange: (w, p) =>
        Promise.resolve(
          admitBody(s, p, w.plain.id, {
            admittedAt: new Date(ctx.clock.now().getTime() + 60_000).toISOString(),
          }),
        ),
      status: 422,
      code: 'admission.in_future',
      path: 'admittedAt',
      rule: 'not_in_future',
    },
    {
      name: 'an inactive attending practitioner',
      async arrange(w, p) {
        const gone = await createPractitioner(ctx.platform, {
          facilityId: s.facilityId,
          isActive: false,
        });
        return admitBody(s, p, w.plain.id, { attendingPractitionerId: gone.id });
      },
      status: 400,
      code: 'validation.failed',
      path: 'attendingPractitionerId',
      rule: 'inactive',
    },
    {
      name: 'admitting now without a bed',
      arrange: (_w, p) => Promise.resolve(admitBody(s, p, null)),
      status: 400,
      code: 'validation.failed',
      path: 'bedId',
      rule: 'required',
    },
  ];

  it.each(cases)('refuses $name', async (c) => {
    const p = await createPatient(ctx.platform, c.patient ?? {});
    const body = await c.arrange(await freshWard(), p.id);
    const before = await worldDigest(ctx);

    const res = await post('/api/v1/admissions', body);

    expect(res.statusCode).toBe(c.status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<{ code: string; errors?: { path: string; rule: string }[] }>();
    expect(problem.code).toBe(c.code);
    if (c.path)
      expect(problem.errors).toContainEqual(
        expect.objectContaining({ path: c.path, rule: c.rule }),
      );
    expect(await worldDigest(ctx)).toEqual(before);
  });
});

describe('pre-admission', () => {
  it('reserves the bed, then the arrival occupies it', async () => {
    const p = await createPatient(ctx.platform);
    const target = s.wardB.beds[0];
    if (!target) throw new Error('no bed');
    const expectedAt = new Date(ctx.clock.now().getTime() + 2 * 3_600_000).toISOString();
    const res = await post(
      '/api/v1/admissions',
      admitBody(s, p.id, target.id, { source: 'elective', preAdmission: { expectedAt } }),
    );
    expect(res.statusCode).toBe(201);
    const stay = res.json<Stay>();
    expect(stay).toMatchObject({
      status: 'pre_admitted',
      expectedAt,
      admittedAt: null,
      bedId: target.id,
    });
    expect(await bedOf(ctx, target.id)).toMatchObject({ state: 'reserved', stay_id: stay.id });
    expect(await stretchesOf(ctx, stay.id)).toEqual([]);

    // Early: arrivals need not wait for the expected time (sessions idle out after 15 minutes).
    ctx.clock.advance(5 * 60_000);
    const arrived = await post(
      `/api/v1/admissions/${stay.id}/admit`,
      {},
      { headers: { 'if-match': '"1"' } },
    );
    expect(arrived.statusCode).toBe(200);
    expect(arrived.json<Stay>()).toMatchObject({
      status: 'admitted',
      bedId: target.id,
      admittedAt: ctx.clock.now().toISOString(),
      version: 2,
    });
    expect(await bedOf(ctx, target.id)).toMatchObject({ state: 'occupied', stay_id: stay.id });
    expect((await eventsOf(ctx, stay.id)).map((e) => e.topic)).toEqual([
      'admission.pre_admitted',
      'admission.admitted',
    ]);
  });

  it('arrives in another bed than the reserved one, releasing the reservation', async () => {
    const p = await createPatient(ctx.platform);
    const [reserved, other] = [s.wardB.beds[1], s.wardB.beds[2]];
    if (!reserved || !other) throw new Error('no beds');
    const stay = await admitPatient(ctx.platform, {
      patientId: p.id,
      facilityId: s.facilityId,
      practitionerId: s.doc.id,
      bedId: reserved.id,
      expectedAt: ctx.clock.now(),
    });
    const res = await post(`/api/v1/admissions/${stay.id}/admit`, { bedId: other.id });
    expect(res.statusCode).toBe(200);
    expect(await bedOf(ctx, reserved.id)).toMatchObject({ state: 'available', stay_id: null });
    expect(await bedOf(ctx, other.id)).toMatchObject({ state: 'occupied', stay_id: stay.id });
  });

  it('refuses an arrival on a stale version (If-Match) and changes nothing', async () => {
    const p = await createPatient(ctx.platform);
    const stay = await admitPatient(ctx.platform, {
      patientId: p.id,
      facilityId: s.facilityId,
      practitionerId: s.doc.id,
      expectedAt: ctx.clock.now(),
    });
    const before = await worldDigest(ctx);
    const res = await post(
      `/api/v1/admissions/${stay.id}/admit`,
      { bedId: bed(0).id },
      { headers: { 'if-match': '"7"' } },
    );
    expect(res.statusCode).toBe(412);
    expect(res.json()).toMatchObject({ code: 'resource.version_mismatch' });
    expect(await worldDigest(ctx)).toEqual(before);
  });
});
