import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { newId } from '../../../platform/ids.js';

let ctx: TestContext;
let clerk: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => clerk.cookie,
);

interface TodayAnswer {
  date: string;
  timeZone: string;
  items: {
    id: string;
    status: AppointmentStatus;
    startsAt: string;
    patientId: string | null;
    waitingMinutes: number | null;
  }[];
}

let clinic: { facilityId: string; departmentId: string };
let typeId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  clinic = await createClinic(ctx.platform, { timeZone: 'America/New_York' });
  typeId = (await createAppointmentType(ctx.platform)).id;
});
afterAll(() => ctx.close());

async function doctor(departmentId: string | null = null) {
  return createPractitioner(ctx.platform, { facilityId: clinic.facilityId, departmentId });
}

async function book(
  practitionerId: string,
  startsAt: string,
  o: { status?: AppointmentStatus; facilityId?: string } = {},
) {
  const patient = await createPatient(ctx.platform);
  return insertAppointment(ctx.platform, {
    practitionerId,
    facilityId: o.facilityId ?? clinic.facilityId,
    appointmentTypeId: typeId,
    patientId: patient.id,
    startsAt,
    ...(o.status ? { status: o.status } : {}),
  });
}

function today(query: Record<string, string>) {
  return call('GET', `/api/v1/appointments/today?${new URLSearchParams(query).toString()}`);
}

describe('GET /api/v1/appointments/today', () => {
  it("lists the facility's local day by start, without held slots or other days", async () => {
    // The harness clock: 2026-01-15T09:00Z is 04:00 on the 15th in New York.
    const doc = await doctor();
    const eve = await book(doc.id, '2026-01-15T04:30:00Z'); // 23:30 on the 14th there
    const late = await book(doc.id, '2026-01-16T04:30:00Z'); // 23:30 on the 15th
    const midnight = await book(doc.id, '2026-01-15T05:00:00Z'); // 00:00 on the 15th
    const noon = await book(doc.id, '2026-01-15T17:00:00Z', { status: 'cancelled' });
    const morning = await book(doc.id, '2026-01-15T14:00:00Z', { status: 'confirmed' });
    const next = await book(doc.id, '2026-01-16T05:00:00Z'); // 00:00 on the 16th
    const held = await book(doc.id, '2026-01-15T19:00:00Z');
    await ctx.platform.database.pool.query(
      `update appointment set status = 'held', patient_id = null, hold_expires_at = $2 where id = $1`,
      [held.id, '2026-01-15T10:00:00Z'],
    );
    const other = await createClinic(ctx.platform, { timeZone: 'America/New_York' });
    const elsewhere = await createPractitioner(ctx.platform, { facilityId: other.facilityId });
    await book(elsewhere.id, '2026-01-15T15:00:00Z', { facilityId: other.facilityId });

    const res = await today({ facilityId: clinic.facilityId, practitionerId: doc.id });
    expect(res.statusCode).toBe(200);
    const body = res.json<TodayAnswer>();
    expect(body.date).toBe('2026-01-15');
    expect(body.timeZone).toBe('America/New_York');
    expect(body.items.map((i) => i.id)).toEqual([midnight.id, morning.id, noon.id, late.id]);
    expect(body.items.map((i) => i.status)).toEqual(['booked', 'confirmed', 'cancelled', 'booked']);
    expect(body.items.map((i) => i.id)).not.toContain(eve.id);
    expect(body.items.map((i) => i.id)).not.toContain(next.id);
  });

  it('shows the minutes a checked-in patient has waited, until they are in the room', async () => {
    const doc = await doctor();
    const waiting = await book(doc.id, '2026-01-15T09:30:00Z');
    const seen = await book(doc.id, '2026-01-15T10:00:00Z');
    for (const row of [waiting, seen]) {
      const res = await call('POST', `/api/v1/appointments/${row.id}/transitions`, {
        ifMatch: '"1"',
        body: { action: 'arrive' },
      });
      expect(res.statusCode).toBe(200);
    }
    await call('POST', `/api/v1/appointments/${seen.id}/transitions`, {
      ifMatch: '"2"',
      body: { action: 'room' },
    });
    ctx.clock.advance(12 * 60_000 + 30_000);
    const body = (
      await today({ facilityId: clinic.facilityId, practitionerId: doc.id })
    ).json<TodayAnswer>();
    expect(body.items.map((i) => [i.status, i.waitingMinutes])).toEqual([
      ['arrived', 12],
      ['in_room', null],
    ]);
    ctx.clock.set('2026-01-15T09:00:00Z');
  });

  it('narrows to a department (the appointment’s, else its practitioner’s)', async () => {
    const inDept = await doctor(clinic.departmentId);
    const outside = await doctor(null);
    const a = await book(inDept.id, '2026-01-15T15:00:00Z');
    await book(outside.id, '2026-01-15T15:00:00Z');
    const res = await today({ facilityId: clinic.facilityId, departmentId: clinic.departmentId });
    expect(res.json<TodayAnswer>().items.map((i) => i.id)).toEqual([a.id]);
  });

  it('takes another local date, with 23 hours on the day clocks spring forward', async () => {
    const doc = await doctor();
    const first = await book(doc.id, '2026-03-08T05:00:00Z'); // 00:00 EST
    const last = await book(doc.id, '2026-03-09T03:30:00Z'); // 23:30 EDT
    await book(doc.id, '2026-03-09T04:00:00Z'); // 00:00 EDT on the 9th
    const res = await today({
      facilityId: clinic.facilityId,
      practitionerId: doc.id,
      date: '2026-03-08',
    });
    expect(res.json<TodayAnswer>().items.map((i) => i.id)).toEqual([first.id, last.id]);
  });

  it('audits one read listing the patients shown', async () => {
    const doc = await doctor();
    const a = await book(doc.id, '2026-01-15T16:00:00Z');
    const b = await book(doc.id, '2026-01-15T16:30:00Z');
    const res = await today({ facilityId: clinic.facilityId, practitionerId: doc.id });
    expect(res.statusCode).toBe(200);
    const { rows } = await ctx.platform.database.pool.query<{
      action: string;
      actor_user_id: string;
      facility_id: string;
      details: { patientIds: string[]; date: string };
    }>(
      `select action, actor_user_id, facility_id, details from audit_event
        where action = 'appointment.list' order by seq desc limit 1`,
    );
    expect(rows[0]).toMatchObject({
      actor_user_id: clerk.id,
      facility_id: clinic.facilityId,
      details: { view: 'today', date: '2026-01-15', patientIds: [a.patientId, b.patientId] },
    });
  });

  it('answers 404 for a facility that does not exist, and 400 without one', async () => {
    expect((await today({ facilityId: newId() })).statusCode).toBe(404);
    const missing = await today({});
    expect(missing.statusCode).toBe(400);
    expect(missing.json<TestProblem>().errors?.[0]?.path).toBe('query.facilityId');
  });

  it('is not taken for GET /api/v1/appointments/:id', async () => {
    // A static segment wins over booking's parametric route whatever the order.
    const res = await call('GET', `/api/v1/appointments/today?facilityId=${clinic.facilityId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<TodayAnswer>()).toHaveProperty('timeZone', 'America/New_York');
  });

  it('is refused to a portal patient', async () => {
    const portal = await signedInStaff(ctx.platform, { roles: ['patient'] });
    const res = await call('GET', `/api/v1/appointments/today?facilityId=${clinic.facilityId}`, {
      cookie: portal.cookie,
    });
    expect(res.statusCode).toBe(403);
  });
});
