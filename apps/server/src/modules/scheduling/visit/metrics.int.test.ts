import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createException,
  createPractitioner,
  createTemplate,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';

let ctx: TestContext;
let physician: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => physician.cookie,
);

interface MetricsRow {
  groupId: string | null;
  groupName: string;
  appointments: number;
  completed: number;
  noShows: number;
  noShowRate: number | null;
  cancellations: number;
  medianLeadTimeMinutes: number | null;
  medianWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  utilisation: number | null;
  scheduledMinutes: number;
  availableMinutes: number;
}

let typeId: string;
let ny: { facilityId: string; departmentId: string };
let london: { facilityId: string; departmentId: string };
let docA: { id: string };
let docB: { id: string };
let docC: { id: string };

/** An appointment with the times that make the figures: booked, arrived, in room. */
async function visit(
  practitionerId: string,
  facilityId: string,
  o: {
    startsAt: string;
    minutes: number;
    status: AppointmentStatus;
    bookedAt: string;
    arrivedAt?: string;
    inRoomAt?: string;
  },
): Promise<void> {
  const patient = await createPatient(ctx.platform);
  const row = await insertAppointment(ctx.platform, {
    practitionerId,
    facilityId,
    appointmentTypeId: typeId,
    patientId: patient.id,
    startsAt: o.startsAt,
    minutes: o.minutes,
    status: o.status,
  });
  await ctx.platform.database.pool.query(
    `update appointment set booked_at = $2, arrived_at = $3, in_room_at = $4 where id = $1`,
    [row.id, o.bookedAt, o.arrivedAt ?? null, o.inRoomAt ?? null],
  );
}

// The week of Monday 2026-02-02 in New York (EST, UTC-5).
beforeAll(async () => {
  ctx = await createTestContext();
  physician = await signedInStaff(ctx.platform, { roles: ['physician'] });
  typeId = (await createAppointmentType(ctx.platform)).id;
  ny = await createClinic(ctx.platform, { timeZone: 'America/New_York', name: 'Metrics NY' });
  london = await createClinic(ctx.platform, { timeZone: 'Europe/London', name: 'Metrics London' });
  const inNy = { facilityId: ny.facilityId, departmentId: ny.departmentId };
  docA = await createPractitioner(ctx.platform, { ...inNy, displayName: 'Dr. A Metrics' });
  docB = await createPractitioner(ctx.platform, { ...inNy, displayName: 'Dr. B Metrics' });
  docC = await createPractitioner(ctx.platform, {
    facilityId: london.facilityId,
    displayName: 'Dr. C Metrics',
  });

  // A: Mon-Fri 9-17 (2400 min) less a 2 h leave on Wednesday, less Friday's holiday (480),
  // and a blocked hour inside that holiday, which must not count twice: 1800 min.
  await createTemplate(ctx.platform, { practitionerId: docA.id, facilityId: ny.facilityId });
  await createException(ctx.platform, {
    practitionerId: docA.id,
    startsAt: '2026-02-04T18:00:00Z',
    endsAt: '2026-02-04T20:00:00Z',
  });
  await createException(ctx.platform, {
    facilityId: ny.facilityId,
    kind: 'holiday',
    startsAt: '2026-02-06T05:00:00Z',
    endsAt: '2026-02-07T05:00:00Z',
  });
  await createException(ctx.platform, {
    practitionerId: docA.id,
    kind: 'blocked',
    startsAt: '2026-02-06T15:00:00Z',
    endsAt: '2026-02-06T16:00:00Z',
  });
  // B: Mondays 9-12 (180 min); Wednesdays only until January, so not this week.
  await createTemplate(ctx.platform, {
    practitionerId: docB.id,
    facilityId: ny.facilityId,
    blocks: [{ weekday: 1, startMinute: 540, endMinute: 720 }],
  });
  await createTemplate(ctx.platform, {
    practitionerId: docB.id,
    facilityId: ny.facilityId,
    blocks: [{ weekday: 3, startMinute: 540, endMinute: 1020 }],
    effectiveFrom: '2026-01-01',
    effectiveUntil: '2026-01-31',
  });
  // C: Mon-Fri 9-17 in London, no appointments: 2400 min.
  await createTemplate(ctx.platform, { practitionerId: docC.id, facilityId: london.facilityId });

  const a = (o: Parameters<typeof visit>[2]) => visit(docA.id, ny.facilityId, o);
  // Lead times (min): 10080, 1440, 1440, 10080, 1440, 60, 1440, 1440 → median 1440.
  // Waits (min): 10, 20, 30 → median 20, p90 28. Booked minutes kept: 30+30+60+45+30+30.
  await a({
    startsAt: '2026-02-02T14:00:00Z',
    minutes: 30,
    status: 'completed',
    bookedAt: '2026-01-26T14:00:00Z',
    arrivedAt: '2026-02-02T13:55:00Z',
    inRoomAt: '2026-02-02T14:05:00Z',
  });
  await a({
    startsAt: '2026-02-02T15:00:00Z',
    minutes: 30,
    status: 'completed',
    bookedAt: '2026-02-01T15:00:00Z',
    arrivedAt: '2026-02-02T14:50:00Z',
    inRoomAt: '2026-02-02T15:10:00Z',
  });
  await a({
    startsAt: '2026-02-03T14:00:00Z',
    minutes: 60,
    status: 'completed',
    bookedAt: '2026-02-02T14:00:00Z',
    arrivedAt: '2026-02-03T13:58:00Z',
    inRoomAt: '2026-02-03T14:28:00Z',
  });
  await a({
    startsAt: '2026-02-03T16:00:00Z',
    minutes: 30,
    status: 'no_show',
    bookedAt: '2026-01-27T16:00:00Z',
  });
  await a({
    startsAt: '2026-02-04T14:00:00Z',
    minutes: 30,
    status: 'cancelled',
    bookedAt: '2026-02-03T14:00:00Z',
  });
  await a({
    startsAt: '2026-02-05T14:00:00Z',
    minutes: 45,
    status: 'booked',
    bookedAt: '2026-02-05T13:00:00Z',
  });
  await a({
    startsAt: '2026-02-05T15:00:00Z',
    minutes: 30,
    status: 'arrived',
    bookedAt: '2026-02-04T15:00:00Z',
    arrivedAt: '2026-02-05T14:55:00Z',
  });
  // 23:30 on Friday in New York, though Saturday in UTC: in the range.
  await a({
    startsAt: '2026-02-07T04:30:00Z',
    minutes: 30,
    status: 'booked',
    bookedAt: '2026-02-06T04:30:00Z',
  });
  // 23:30 on Sunday the 1st in New York, though Monday in UTC: outside the range.
  await a({
    startsAt: '2026-02-02T04:30:00Z',
    minutes: 30,
    status: 'completed',
    bookedAt: '2026-01-20T04:30:00Z',
  });
  // A slot held for a waitlist offer is not an appointment yet.
  await a({
    startsAt: '2026-02-04T19:00:00Z',
    minutes: 30,
    status: 'booked',
    bookedAt: '2026-02-01T00:00:00Z',
  });
  await ctx.platform.database.pool.query(
    `update appointment set status = 'held', patient_id = null, hold_expires_at = starts_at
      where practitioner_id = $1 and starts_at = '2026-02-04T19:00:00Z'`,
    [docA.id],
  );

  await visit(docB.id, ny.facilityId, {
    startsAt: '2026-02-02T14:30:00Z',
    minutes: 60,
    status: 'completed',
    bookedAt: '2026-02-01T14:30:00Z',
    arrivedAt: '2026-02-02T14:20:00Z',
    inRoomAt: '2026-02-02T14:30:00Z',
  });
});
afterAll(() => ctx.close());

function metrics(query: Record<string, string>, cookie?: string) {
  const qs = new URLSearchParams({ from: '2026-02-02', to: '2026-02-06', ...query }).toString();
  return call('GET', `/api/v1/scheduling/metrics?${qs}`, cookie ? { cookie } : {});
}

async function rowsOf(query: Record<string, string>): Promise<MetricsRow[]> {
  const res = await metrics(query);
  expect(res.statusCode).toBe(200);
  return res.json<{ rows: MetricsRow[] }>().rows;
}

describe('GET /api/v1/scheduling/metrics', () => {
  it('computes each figure per practitioner', async () => {
    const rows = await rowsOf({ groupBy: 'practitioner' });
    expect(rows.map((r) => r.groupName)).toEqual([
      'Dr. A Metrics',
      'Dr. B Metrics',
      'Dr. C Metrics',
    ]);
    expect(rows[0]).toEqual({
      groupId: docA.id,
      groupName: 'Dr. A Metrics',
      appointments: 8,
      completed: 3,
      noShows: 1,
      noShowRate: 0.25,
      cancellations: 1,
      medianLeadTimeMinutes: 1440,
      medianWaitMinutes: 20,
      p90WaitMinutes: 28,
      scheduledMinutes: 225,
      availableMinutes: 1800,
      utilisation: 0.125,
    });
    expect(rows[1]).toEqual({
      groupId: docB.id,
      groupName: 'Dr. B Metrics',
      appointments: 1,
      completed: 1,
      noShows: 0,
      noShowRate: 0,
      cancellations: 0,
      medianLeadTimeMinutes: 1440,
      medianWaitMinutes: 10,
      p90WaitMinutes: 10,
      scheduledMinutes: 60,
      availableMinutes: 180,
      utilisation: 60 / 180,
    });
    expect(rows[2]).toEqual({
      groupId: docC.id,
      groupName: 'Dr. C Metrics',
      appointments: 0,
      completed: 0,
      noShows: 0,
      noShowRate: null,
      cancellations: 0,
      medianLeadTimeMinutes: null,
      medianWaitMinutes: null,
      p90WaitMinutes: null,
      scheduledMinutes: 0,
      availableMinutes: 2400,
      utilisation: 0,
    });
  });

  it('adds up a department, with percentiles over all its visits', async () => {
    const rows = await rowsOf({ groupBy: 'department', facilityId: ny.facilityId });
    expect(rows).toHaveLength(1);
    const [dept] = rows;
    expect(dept).toMatchObject({
      groupId: ny.departmentId,
      appointments: 9,
      completed: 4,
      noShows: 1,
      noShowRate: 0.2,
      cancellations: 1,
      medianLeadTimeMinutes: 1440,
      medianWaitMinutes: 15,
      scheduledMinutes: 285,
      availableMinutes: 1980,
    });
    // Waits 10, 10, 20, 30: the 90th percentile interpolates to 27.
    expect(dept?.p90WaitMinutes).toBeCloseTo(27, 9);
    expect(dept?.utilisation).toBeCloseTo(285 / 1980, 12);
  });

  it('groups by facility, a practitioner without a department under none', async () => {
    const byFacility = await rowsOf({ groupBy: 'facility' });
    expect(byFacility.map((r) => [r.groupName, r.appointments, r.availableMinutes])).toEqual([
      ['Metrics London', 0, 2400],
      ['Metrics NY', 9, 1980],
    ]);
    const byDepartment = await rowsOf({ groupBy: 'department', facilityId: london.facilityId });
    expect(byDepartment).toEqual([
      expect.objectContaining({ groupId: null, availableMinutes: 2400, appointments: 0 }),
    ]);
  });

  it('narrows to one practitioner or one department', async () => {
    const one = await rowsOf({ practitionerId: docB.id });
    expect(one.map((r) => r.groupId)).toEqual([docB.id]);
    const dept = await rowsOf({ departmentId: ny.departmentId });
    expect(dept.map((r) => r.groupId)).toEqual([docA.id, docB.id]);
  });

  it('counts template hours by the local clock on the day clocks spring forward', async () => {
    const night = await createPractitioner(ctx.platform, { facilityId: ny.facilityId });
    // Sundays 00:00-04:00 local: 4 hours, but only 3 on 2026-03-08 (02:00 does not exist).
    await createTemplate(ctx.platform, {
      practitionerId: night.id,
      facilityId: ny.facilityId,
      blocks: [{ weekday: 7, startMinute: 0, endMinute: 240 }],
    });
    const [dstDay] = await rowsOf({
      practitionerId: night.id,
      from: '2026-03-08',
      to: '2026-03-08',
    });
    expect(dstDay?.availableMinutes).toBe(180);
    const [plainDay] = await rowsOf({
      practitionerId: night.id,
      from: '2026-03-01',
      to: '2026-03-01',
    });
    expect(plainDay?.availableMinutes).toBe(240);
  });

  it('audits the read as a report, naming no patient', async () => {
    await rowsOf({ groupBy: 'facility' });
    const { rows } = await ctx.platform.database.pool.query<{
      actor_user_id: string;
      patient_id: string | null;
      details: Record<string, unknown>;
    }>(
      `select actor_user_id, patient_id, details from audit_event
        where action = 'scheduling.metrics_read' order by seq desc limit 1`,
    );
    expect(rows[0]).toEqual({
      actor_user_id: physician.id,
      patient_id: null,
      details: {
        from: '2026-02-02',
        to: '2026-02-06',
        groupBy: 'facility',
        facilityId: null,
        departmentId: null,
        practitionerId: null,
      },
    });
  });

  it('refuses a range that ends before it starts, or spans more than a year', async () => {
    const backwards = await metrics({ from: '2026-02-06', to: '2026-02-02' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<TestProblem>().errors?.[0]?.path).toBe('query.to');
    const long = await metrics({ from: '2026-01-01', to: '2027-01-03' });
    expect(long.statusCode).toBe(400);
    expect(long.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'query.to',
      rule: 'too_big',
    });
  });

  it('is for report readers: the front desk is refused', async () => {
    const clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    expect((await metrics({}, clerk.cookie)).statusCode).toBe(403);
    const billing = await signedInStaff(ctx.platform, { roles: ['billing'] });
    expect((await metrics({}, billing.cookie)).statusCode).toBe(200);
  });
});
