import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HousekeepingItem } from '@meridian/contracts';
import { createWard, type WardScene } from '../../../../test/admissions-factories.js';
import { dischargeFromBed, placeInBed } from '../../../../test/board-scene.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createClinic, createPractitioner } from '../../../../test/scheduling-factories.js';
import type { PatientRow } from '../../patients/patients.tables.js';
import { changeBedState } from '../beds/bed-state.js';

let ctx: TestContext;
let facilityId: string;
let ward: WardScene;
let housekeeper: { cookie: string };
let patient: PatientRow;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  ctx = await createTestContext();
  facilityId = (await createClinic(ctx.platform)).facilityId;
  const practitionerId = (await createPractitioner(ctx.platform, { facilityId })).id;
  ward = await createWard(ctx.platform, { facilityId, code: 'HK', name: 'Ward HK', rooms: 3 });
  housekeeper = await signedInStaff(ctx.platform, {
    roles: ['housekeeping'],
    facilityIds: [facilityId],
  });
  const [b1, b2, b3, b4, b5] = ward.beds;
  // b1: an airborne-isolation patient left at 07:00 -> dirty, terminal cleaning needed.
  patient = await createPatient(ctx.platform, { name: { given: 'Iso', family: 'Lated' } });
  const { stayId } = await placeInBed(ctx.platform, {
    bedId: b1!.id,
    patientId: patient.id,
    facilityId,
    practitionerId,
    admittedAt: at('2026-01-12T10:00:00Z'),
    isolation: ['airborne', 'contact'],
  });
  await dischargeFromBed(ctx.platform, { bedId: b1!.id, stayId, at: at('2026-01-15T07:00:00Z') });
  // b2: marked dirty by hand at 06:00 (nobody left it): the longest wait, no precautions.
  // b3: dirty since 08:00, cleaning since 08:30.  b4: blocked.  b5: dirty at 08:45.
  const change = (bedId: string, action: 'mark_dirty' | 'start_cleaning' | 'block', iso: string) =>
    changeBedState(ctx.platform.db, {
      bedId,
      action,
      at: at(iso),
      actorUserId: null,
      ...(action === 'block' ? { reason: 'Leak' } : {}),
    });
  await change(b2!.id, 'mark_dirty', '2026-01-15T06:00:00Z');
  await change(b3!.id, 'mark_dirty', '2026-01-15T08:00:00Z');
  await change(b3!.id, 'start_cleaning', '2026-01-15T08:30:00Z');
  await change(b4!.id, 'block', '2026-01-15T05:00:00Z');
  await change(b5!.id, 'mark_dirty', '2026-01-15T08:45:00Z');
});
afterAll(() => ctx.close());

function list(cookie = housekeeper.cookie, facility = facilityId) {
  return ctx.app.inject({
    method: 'GET',
    url: `/api/v1/bed-board/housekeeping?facilityId=${facility}`,
    headers: { cookie },
  });
}

describe('the housekeeping list', () => {
  it('lists dirty beds longest waiting first, then beds being cleaned', async () => {
    const res = await list();
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: HousekeepingItem[] }>().items;
    expect(items.map((i) => [i.bedCode, i.state, i.since, i.waitingMinutes])).toEqual([
      ['R1-B', 'dirty', '2026-01-15T06:00:00.000Z', 180],
      ['R1-A', 'dirty', '2026-01-15T07:00:00.000Z', 120],
      ['R3-A', 'dirty', '2026-01-15T08:45:00.000Z', 15],
      ['R2-A', 'cleaning', '2026-01-15T08:30:00.000Z', 30],
    ]);
    expect(items[0]).toMatchObject({
      bedId: ward.beds[1]!.id,
      wardId: ward.ward.id,
      wardName: 'Ward HK',
      roomCode: 'R1',
      isolationCapable: false,
      lastIsolation: [],
      version: 2,
    });
  });

  it('names the precautions of the patient who left, never the patient', async () => {
    const res = await list();
    const left = res.json<{ items: HousekeepingItem[] }>().items.find((i) => i.bedCode === 'R1-A');
    expect(left?.lastIsolation).toEqual(['airborne', 'contact']);
    expect(res.body).not.toContain(patient.id);
    expect(res.body).not.toContain('Lated');
    expect(res.body).not.toContain(patient.mrn);
  });

  it('forgets the precautions once the bed has been turned around and soiled by hand', async () => {
    const scene = await createWard(ctx.platform, { facilityId, rooms: 1, bedsPerRoom: 1 });
    const bedId = scene.beds[0]!.id;
    const practitionerId = (await createPractitioner(ctx.platform, { facilityId })).id;
    const p = await createPatient(ctx.platform);
    const { stayId } = await placeInBed(ctx.platform, {
      bedId,
      patientId: p.id,
      facilityId,
      practitionerId,
      admittedAt: at('2026-01-10T10:00:00Z'),
      isolation: ['droplet'],
    });
    await dischargeFromBed(ctx.platform, { bedId, stayId, at: at('2026-01-14T10:00:00Z') });
    for (const [action, iso] of [
      ['start_cleaning', '2026-01-14T11:00:00Z'],
      ['finish_cleaning', '2026-01-14T12:00:00Z'],
      ['mark_dirty', '2026-01-15T08:00:00Z'],
    ] as const) {
      await changeBedState(ctx.platform.db, { bedId, action, at: at(iso), actorUserId: null });
    }
    const items = (await list()).json<{ items: HousekeepingItem[] }>().items;
    expect(items.find((i) => i.bedId === bedId)?.lastIsolation).toEqual([]);
  });

  it('is for housekeeping (bed.housekeeping), not the front desk', async () => {
    const desk = await signedInStaff(ctx.platform, {
      roles: ['front_desk'],
      facilityIds: [facilityId],
    });
    expect((await list(desk.cookie)).statusCode).toBe(403);
    const elsewhere = await createClinic(ctx.platform);
    expect((await list(housekeeper.cookie, elsewhere.facilityId)).statusCode).toBe(403);
    const bad = await list(housekeeper.cookie, 'not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ path: 'query.facilityId' }] });
  });
});
