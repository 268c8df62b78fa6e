import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BedBoard, BoardBed } from '@meridian/contracts';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { placeInBed } from '../../../../test/board-scene.js';
import { createWard, type WardScene } from '../../../../test/admissions-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createClinic, createPractitioner } from '../../../../test/scheduling-factories.js';
import type { PatientRow } from '../../patients/patients.tables.js';
import { changeBedState } from '../beds/bed-state.js';

// The clock: 2026-01-15 09:00 UTC, 04:00 in New York (the facility's zone).
let ctx: TestContext;
let facilityId: string;
let otherFacilityId: string;
let wardA: WardScene;
let wardB: WardScene;
let attending: { id: string; displayName: string };
let nurse: { cookie: string };
let ann: PatientRow;
let vip: PatientRow;
let late: PatientRow;
let expected: PatientRow;
let away: PatientRow;
const stays: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  const clinic = await createClinic(ctx.platform, { timeZone: 'America/New_York' });
  facilityId = clinic.facilityId;
  otherFacilityId = (await createClinic(ctx.platform)).facilityId;
  attending = await createPractitioner(ctx.platform, { facilityId, displayName: 'Dr. Alma Reyes' });
  wardA = await createWard(ctx.platform, { facilityId, code: 'A', name: 'Ward A', rooms: 3 });
  wardB = await createWard(ctx.platform, { facilityId, code: 'B', name: 'Ward B', rooms: 1 });
  await ctx.platform.database.pool.query('update bed set telemetry = true where id = $1', [
    wardB.beds[1]!.id,
  ]);
  nurse = await signedInStaff(ctx.platform, { roles: ['nurse'], facilityIds: [facilityId] });
  const p = { facilityId, practitionerId: attending.id };
  ann = await createPatient(ctx.platform, {
    name: { given: 'Ann', family: 'Lee' },
    birthDate: '1980-06-01',
    sexAtBirth: 'female',
  });
  vip = await createPatient(ctx.platform, {
    name: { given: 'Vera', family: 'Famosa' },
    birthDate: '1970-02-02',
    flags: { vip: true },
  });
  late = await createPatient(ctx.platform, { birthDate: '2000-01-15', sexAtBirth: 'male' });
  expected = await createPatient(ctx.platform);
  away = await createPatient(ctx.platform);
  const [a1, a2, a3, a4, a5] = wardA.beds;
  stays.ann = (
    await placeInBed(ctx.platform, {
      ...p,
      bedId: a1!.id,
      patientId: ann.id,
      admittedAt: new Date('2026-01-13T12:00:00Z'),
      isolation: ['contact'],
      dischargeExpectedAt: new Date('2026-01-15T16:00:00Z'),
    })
  ).stayId;
  stays.vip = (
    await placeInBed(ctx.platform, {
      ...p,
      bedId: a2!.id,
      patientId: vip.id,
      admittedAt: new Date('2026-01-14T08:00:00Z'),
    })
  ).stayId;
  // 03:00 UTC on the 15th is 22:00 on the 14th in New York: day 2 there, not day 1.
  stays.late = (
    await placeInBed(ctx.platform, {
      ...p,
      bedId: a3!.id,
      patientId: late.id,
      admittedAt: new Date('2026-01-15T03:00:00Z'),
      levelOfCare: 'step_down',
    })
  ).stayId;
  stays.expected = (
    await placeInBed(ctx.platform, {
      ...p,
      bedId: a4!.id,
      patientId: expected.id,
      status: 'pre_admitted',
      expectedAt: new Date('2026-01-15T15:00:00Z'),
    })
  ).stayId;
  stays.away = (
    await placeInBed(ctx.platform, {
      ...p,
      bedId: wardB.beds[0]!.id,
      patientId: away.id,
      status: 'on_leave',
      admittedAt: new Date('2026-01-10T10:00:00Z'),
      leaveExpectedReturnAt: new Date('2026-01-15T20:00:00Z'),
    })
  ).stayId;
  await ctx.platform.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    await changeBedState(tx, { bedId: a5!.id, action: 'mark_dirty', at, actorUserId: null });
    await changeBedState(tx, {
      bedId: wardB.beds[1]!.id,
      action: 'block',
      at,
      actorUserId: null,
      reason: 'Broken rail',
    });
  });
});
afterAll(() => ctx.close());

async function board(query: string, cookie = nurse.cookie) {
  return ctx.app.inject({
    method: 'GET',
    url: `/api/v1/bed-board?facilityId=${facilityId}${query}`,
    headers: { cookie },
  });
}

function bedOf(b: BedBoard, id: string): BoardBed {
  const found = b.wards.flatMap((w) => w.beds).find((x) => x.id === id);
  if (!found) throw new Error(`bed ${id} is not on the board`);
  return found;
}

describe('the bed board', () => {
  it('shows every ward with its beds in order, their rooms and states', async () => {
    const res = await board('');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<BedBoard>();
    expect(b.facilityId).toBe(facilityId);
    expect(b.generatedAt).toBe('2026-01-15T09:00:00.000Z');
    expect(b.wards.map((w) => [w.code, w.name, w.kind])).toEqual([
      ['A', 'Ward A', 'medical_surgical'],
      ['B', 'Ward B', 'medical_surgical'],
    ]);
    expect(b.wards[0]!.beds.map((x) => `${x.roomCode}/${x.code}:${x.state}`)).toEqual([
      'R1/R1-A:occupied',
      'R1/R1-B:occupied',
      'R2/R2-A:occupied',
      'R2/R2-B:reserved',
      'R3/R3-A:dirty',
      'R3/R3-B:available',
    ]);
    const blocked = bedOf(b, wardB.beds[1]!.id);
    expect(blocked).toMatchObject({
      state: 'blocked',
      blockedReason: 'Broken rail',
      telemetry: true,
    });
    expect(blocked.occupant).toBeNull();
  });

  it("shows the occupant: name, MRN, age, sex, attending, day of stay in the facility's zone", async () => {
    const b = (await board('')).json<BedBoard>();
    expect(bedOf(b, wardA.beds[0]!.id).occupant).toEqual({
      stayId: stays.ann,
      patientId: ann.id,
      restricted: false,
      mrn: ann.mrn,
      displayName: 'Lee, Ann',
      ageYears: 45,
      sexAtBirth: 'female',
      attendingName: 'Dr. Alma Reyes',
      admittedAt: '2026-01-13T12:00:00.000Z',
      dayOfStay: 3,
      levelOfCare: 'acute',
      isolation: ['contact'],
      status: 'admitted',
      dischargeExpectedAt: '2026-01-15T16:00:00.000Z',
      leaveExpectedReturnAt: null,
      expectedAt: null,
      news2: null,
    });
    // Born 2000-01-15: the 15th has begun in New York (04:00), so the birthday counts.
    expect(bedOf(b, wardA.beds[2]!.id).occupant).toMatchObject({
      dayOfStay: 2,
      ageYears: 26,
      sexAtBirth: 'male',
      levelOfCare: 'step_down',
    });
  });

  it('counts age and day of stay from the local date, not UTC', async () => {
    // 04:30 UTC on the 15th is 23:30 on the 14th in New York: still day 1 of the late
    // admission (22:00 on the 14th), and the birthday of the 15th not yet reached.
    ctx.clock.set('2026-01-15T04:30:00Z');
    try {
      const b = (await board('')).json<BedBoard>();
      expect(bedOf(b, wardA.beds[2]!.id).occupant).toMatchObject({ dayOfStay: 1, ageYears: 25 });
    } finally {
      ctx.clock.set('2026-01-15T09:00:00Z');
    }
  });

  it('shows a reservation with the expected time and a patient on leave with the return', async () => {
    const b = (await board('')).json<BedBoard>();
    expect(bedOf(b, wardA.beds[3]!.id).occupant).toMatchObject({
      stayId: stays.expected,
      status: 'pre_admitted',
      expectedAt: '2026-01-15T15:00:00.000Z',
      admittedAt: null,
      dayOfStay: null,
    });
    expect(bedOf(b, wardB.beds[0]!.id)).toMatchObject({
      state: 'occupied',
      occupant: {
        stayId: stays.away,
        status: 'on_leave',
        leaveExpectedReturnAt: '2026-01-15T20:00:00.000Z',
        dayOfStay: 6,
      },
    });
  });
});

describe('restricted patients', () => {
  it('show that the bed is taken, without name, MRN, age or sex', async () => {
    const b = (await board('')).json<BedBoard>();
    expect(bedOf(b, wardA.beds[1]!.id).occupant).toMatchObject({
      stayId: stays.vip,
      restricted: true,
      displayName: null,
      mrn: null,
      ageYears: null,
      sexAtBirth: null,
      status: 'admitted',
    });
    expect(JSON.stringify(b)).not.toContain('Famosa');
    expect(JSON.stringify(b)).not.toContain(vip.mrn);
  });

  it('show in full to a nurse who broke the glass, and stay masked to others', async () => {
    const breaker = await signedInStaff(ctx.platform, {
      roles: ['nurse'],
      facilityIds: [facilityId],
    });
    const grant = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/access/break-glass',
      headers: { cookie: breaker.cookie },
      payload: { patientId: vip.id, reason: 'bed manager placing the patient after a fall' },
    });
    expect(grant.statusCode, grant.body).toBe(201);
    const seen = (await board('', breaker.cookie)).json<BedBoard>();
    expect(bedOf(seen, wardA.beds[1]!.id).occupant).toMatchObject({
      restricted: false,
      displayName: 'Famosa, Vera',
      mrn: vip.mrn,
    });
    const others = (await board('')).json<BedBoard>();
    expect(bedOf(others, wardA.beds[1]!.id).occupant?.restricted).toBe(true);
  });
});

describe('filters', () => {
  it('narrows to wards', async () => {
    const b = (await board(`&wardId=${wardB.ward.id}`)).json<BedBoard>();
    expect(b.wards.map((w) => w.code)).toEqual(['B']);
    expect(b.wards[0]!.beds).toHaveLength(2);
  });

  it('narrows to states (any of those given), keeping the wards', async () => {
    const b = (await board('&state=dirty&state=blocked')).json<BedBoard>();
    expect(b.wards.map((w) => [w.code, w.beds.map((x) => x.code)])).toEqual([
      ['A', ['R3-A']],
      ['B', ['R1-B']],
    ]);
  });

  it('narrows to beds with every attribute asked for', async () => {
    const tele = (await board('&attribute=telemetry')).json<BedBoard>();
    expect(tele.wards.flatMap((w) => w.beds).map((x) => x.id)).toEqual([wardB.beds[1]!.id]);
    const both = (await board('&attribute=telemetry&attribute=isolation_capable')).json<BedBoard>();
    expect(both.wards.flatMap((w) => w.beds)).toEqual([]);
    const iso = (await board('&attribute=isolation_capable&state=available')).json<BedBoard>();
    expect(iso.wards.flatMap((w) => w.beds).map((x) => x.code)).toEqual([]);
    const isoAny = (await board('&attribute=isolation_capable')).json<BedBoard>();
    expect(isoAny.wards.flatMap((w) => w.beds).map((x) => x.code)).toEqual([
      'R1-A',
      'R2-A',
      'R3-A',
      'R1-A',
    ]);
  });

  it.each([
    ['state=sleeping', 'state'],
    ['attribute=sea_view', 'attribute'],
    ['wardId=nope', 'wardId'],
  ])('refuses %s naming the field', async (query, field) => {
    const res = await board(`&${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors.map((e) => e.path)).toContainEqual(
      expect.stringMatching(new RegExp(`^query\\.${field}`)),
    );
  });

  it('refuses a board without a facility', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/bed-board',
      headers: { cookie: nurse.cookie },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('facilityId');
  });
});

describe('access and audit', () => {
  it('records one bed_board.viewed event naming the patients shown, ids only', async () => {
    const seq = await lastAuditSeq(ctx.platform);
    const res = await board('');
    expect(res.statusCode).toBe(200);
    const rows = await auditRows(ctx.platform, ['bed_board.viewed'], seq);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      entity_type: 'facility',
      entity_id: facilityId,
      outcome: 'success',
    });
    expect(row.details).toMatchObject({ bedCount: 8, occupantCount: 5, restrictedCount: 1 });
    expect([...(row.details.patientIds as string[])].sort()).toEqual(
      [ann.id, vip.id, late.id, expected.id, away.id].sort(),
    );
    expect(JSON.stringify(row.details)).not.toContain('Lee');
  });

  it('refuses housekeeping staff, who see beds but never patients', async () => {
    const housekeeper = await signedInStaff(ctx.platform, {
      roles: ['housekeeping'],
      facilityIds: [facilityId],
    });
    const res = await board('', housekeeper.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'access.forbidden' });
  });

  it('refuses a facility outside the user’s facilities, and audits the denial', async () => {
    const limited = await signedInStaff(ctx.platform, {
      roles: ['nurse'],
      facilityIds: [otherFacilityId],
    });
    const seq = await lastAuditSeq(ctx.platform);
    const res = await board('', limited.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'access.forbidden' });
    const denied = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ outcome: 'denied', facility_id: facilityId });
    expect(await auditRows(ctx.platform, ['bed_board.viewed'], seq)).toEqual([]);
  });
});
