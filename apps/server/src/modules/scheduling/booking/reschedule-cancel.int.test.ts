import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../../test/auth-helpers.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createBookingScene,
  createPractitioner,
  createTemplate,
  createWaitlistEntry,
} from '../../../../test/scheduling-factories.js';
import { newId } from '../../../platform/ids.js';

let ctx: TestContext;
let clerk: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => clerk.cookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
});
afterAll(() => ctx.close());

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

interface Booked {
  id: string;
  version: number;
  startsAt: string;
  status: string;
}

/** A booked Monday 10:00 (New York) appointment, with a room. */
async function booked() {
  const s = await createBookingScene(ctx.platform);
  const patient = await createPatient(ctx.platform);
  const room = newId();
  await q(
    `insert into schedule_resource (id, facility_id, kind, code, name, is_active, version, created_at, updated_at)
     values ($1, $2, 'room', $3, 'Room', true, 1, now(), now())`,
    [room, s.clinic.facilityId, `R${room.slice(-6).toUpperCase()}`],
  );
  const res = await call('POST', '/api/v1/appointments', {
    body: {
      patientId: patient.id,
      practitionerId: s.doc.id,
      appointmentTypeId: s.type.id,
      startsAt: '2026-01-19T15:00:00Z',
      resourceIds: [room],
    },
  });
  expect(res.statusCode).toBe(201);
  return { ...s, patient, room, appt: res.json<Booked>() };
}

const rowOf = async (id: string) =>
  (
    await q<Record<string, unknown>>(
      `select status, version, starts_at, confirmed_at, cancelled_at, cancelled_by, cancelled_via,
              cancel_reason from appointment where id = $1`,
      [id],
    )
  )[0];

const eventsOf = (id: string) =>
  q(
    `select kind, from_status, to_status, from_starts_at, to_starts_at from appointment_event
      where appointment_id = $1 order by occurred_at, id`,
    [id],
  );

describe('rescheduling', () => {
  it('moves the appointment and its room, back to booked, with a rescheduled event and audit row', async () => {
    const b = await booked();
    await q(`update appointment set status = 'confirmed', confirmed_at = now() where id = $1`, [
      b.appt.id,
    ]);
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/reschedule`, {
      body: { startsAt: '2026-01-20T16:00:00Z' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      id: b.appt.id,
      startsAt: '2026-01-20T16:00:00.000Z',
      endsAt: '2026-01-20T16:30:00.000Z',
      status: 'booked',
      confirmedAt: null,
      resourceIds: [b.room],
      version: 2,
    });
    expect(
      await q(
        'select period::text, is_active from appointment_resource where appointment_id = $1',
        [b.appt.id],
      ),
    ).toEqual([{ period: '["2026-01-20 16:00:00+00","2026-01-20 16:30:00+00")', is_active: true }]);
    expect((await eventsOf(b.appt.id)).at(-1)).toEqual({
      kind: 'rescheduled',
      from_status: 'confirmed',
      to_status: 'booked',
      from_starts_at: new Date('2026-01-19T15:00:00Z'),
      to_starts_at: new Date('2026-01-20T16:00:00Z'),
    });
    const audit = (await auditRows(ctx.platform, ['appointment.rescheduled'])).filter(
      (r) => r.entity_id === b.appt.id,
    );
    expect(audit).toHaveLength(1);
    // The old time is free again.
    const other = await createPatient(ctx.platform);
    const rebook = await call('POST', '/api/v1/appointments', {
      body: {
        patientId: other.id,
        practitionerId: b.doc.id,
        appointmentTypeId: b.type.id,
        startsAt: '2026-01-19T15:00:00Z',
        resourceIds: [b.room],
      },
    });
    expect(rebook.statusCode).toBe(201);
  });

  it('moves within its own time (later by 15 minutes) without tripping over itself', async () => {
    const b = await booked();
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/reschedule`, {
      body: { startsAt: '2026-01-19T15:15:00Z' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
  });

  it('moves to another practitioner', async () => {
    const b = await booked();
    const colleague = await createPractitioner(ctx.platform, {
      facilityId: b.clinic.facilityId,
      departmentId: b.clinic.departmentId,
    });
    await createTemplate(ctx.platform, {
      practitionerId: colleague.id,
      facilityId: b.clinic.facilityId,
    });
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/reschedule`, {
      body: { startsAt: '2026-01-19T15:00:00Z', practitionerId: colleague.id },
      ifMatch: '"1"',
    });
    expect(res.json()).toMatchObject({
      practitionerId: colleague.id,
      practitionerName: colleague.displayName,
    });
  });

  it('refuses a taken time, naming the appointment in the way, and nothing changes', async () => {
    const b = await booked();
    const other = await createPatient(ctx.platform);
    const taken = (
      await call('POST', '/api/v1/appointments', {
        body: {
          patientId: other.id,
          practitionerId: b.doc.id,
          appointmentTypeId: b.type.id,
          startsAt: '2026-01-19T17:00:00Z',
        },
      })
    ).json<Booked>();
    const before = { row: await rowOf(b.appt.id), events: await eventsOf(b.appt.id) };
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/reschedule`, {
      body: { startsAt: '2026-01-19T17:10:00Z' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.slot_taken',
      conflictingAppointmentId: taken.id,
    });
    expect({ row: await rowOf(b.appt.id), events: await eventsOf(b.appt.id) }).toEqual(before);
  });

  it('needs If-Match, and refuses a stale one', async () => {
    const b = await booked();
    const url = `/api/v1/appointments/${b.appt.id}/reschedule`;
    const body = { startsAt: '2026-01-20T16:00:00Z' };
    expect((await call('POST', url, { body })).statusCode).toBe(428);
    const stale = await call('POST', url, { body, ifMatch: '"7"' });
    expect(stale.statusCode).toBe(412);
    expect(await rowOf(b.appt.id)).toMatchObject({ version: 1 });
  });

  it.each(['arrived', 'completed', 'cancelled', 'no_show'])(
    'refuses to move an appointment that is %s',
    async (status) => {
      const b = await booked();
      await q(`update appointment set status = $2, cancel_reason = 'test' where id = $1`, [
        b.appt.id,
        status,
      ]);
      const res = await call('POST', `/api/v1/appointments/${b.appt.id}/reschedule`, {
        body: { startsAt: '2026-01-20T16:00:00Z' },
        ifMatch: '"1"',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'scheduling.invalid_transition' });
      expect(await rowOf(b.appt.id)).toMatchObject({ version: 1, status });
    },
  );

  it('applies the booking rules to the new time: working hours and the past', async () => {
    const b = await booked();
    const url = `/api/v1/appointments/${b.appt.id}/reschedule`;
    const evening = await call('POST', url, {
      body: { startsAt: '2026-01-19T23:00:00Z' },
      ifMatch: '"1"',
    });
    expect(evening.json()).toMatchObject({ code: 'scheduling.outside_working_hours' });
    const past = await call('POST', url, {
      body: { startsAt: '2026-01-14T15:00:00Z' },
      ifMatch: '"1"',
    });
    expect(past.json()).toMatchObject({ code: 'scheduling.in_past' });
    const backwards = await call('POST', url, {
      body: { startsAt: '2026-01-20T16:00:00Z', endsAt: '2026-01-20T16:00:00Z' },
      ifMatch: '"1"',
    });
    expect(backwards.json()).toMatchObject({ errors: [{ path: 'endsAt' }] });
    expect(await rowOf(b.appt.id)).toMatchObject({ version: 1 });
  });

  it('offers the old slot to a patient waiting for this practitioner', async () => {
    const b = await booked();
    const waiting = await createPatient(ctx.platform);
    const entry = await createWaitlistEntry(ctx.platform, {
      patientId: waiting.id,
      facilityId: b.clinic.facilityId,
      appointmentTypeId: b.type.id,
      practitionerId: b.doc.id,
      earliestDate: '2026-01-16',
      latestDate: '2026-01-30',
    });
    await call('POST', `/api/v1/appointments/${b.appt.id}/reschedule`, {
      body: { startsAt: '2026-01-21T16:00:00Z' },
      ifMatch: '"1"',
    });
    const offers = await q<{ starts_at: Date }>(
      `select h.starts_at from waitlist_offer o join appointment h on h.id = o.held_appointment_id
        where o.entry_id = $1`,
      [entry.id],
    );
    expect(offers).toEqual([{ starts_at: new Date('2026-01-19T15:00:00Z') }]);
  });
});

describe('cancelling', () => {
  it('cancels with a reason: stamps who, how and why, frees the room, records event and audit', async () => {
    const b = await booked();
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/cancel`, {
      body: { reason: 'Patient is travelling' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Patient is travelling',
      resourceIds: [],
      version: 2,
    });
    expect(await rowOf(b.appt.id)).toMatchObject({
      status: 'cancelled',
      cancelled_by: clerk.id,
      cancelled_via: 'staff',
      cancelled_at: new Date('2026-01-15T09:00:00Z'),
    });
    expect((await eventsOf(b.appt.id)).at(-1)).toMatchObject({
      kind: 'status',
      from_status: 'booked',
      to_status: 'cancelled',
    });
    const [audit] = (await auditRows(ctx.platform, ['appointment.cancelled'])).filter(
      (r) => r.entity_id === b.appt.id,
    );
    expect(audit).toMatchObject({ actor_user_id: clerk.id });
    expect(audit?.details).toEqual({ appointmentId: b.appt.id, from: 'booked', channel: 'staff' });
    // Practitioner, patient and room are free again.
    const again = await call('POST', '/api/v1/appointments', {
      body: {
        patientId: b.patient.id,
        practitionerId: b.doc.id,
        appointmentTypeId: b.type.id,
        startsAt: '2026-01-19T15:00:00Z',
        resourceIds: [b.room],
      },
    });
    expect(again.statusCode).toBe(201);
  });

  it('needs a reason', async () => {
    const b = await booked();
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/cancel`, {
      body: {},
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ path: 'reason' }] });
    expect(await rowOf(b.appt.id)).toMatchObject({ status: 'booked', version: 1 });
  });

  it.each(['in_room', 'completed', 'no_show'])(
    'refuses to cancel an appointment that is %s',
    async (status) => {
      const b = await booked();
      await q(`update appointment set status = $2 where id = $1`, [b.appt.id, status]);
      const res = await call('POST', `/api/v1/appointments/${b.appt.id}/cancel`, {
        body: { reason: 'Too late' },
        ifMatch: '"1"',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'scheduling.invalid_transition' });
      expect(await rowOf(b.appt.id)).toMatchObject({ status, version: 1 });
    },
  );

  it('cancels an arrived patient (they left before being seen)', async () => {
    const b = await booked();
    await q(`update appointment set status = 'arrived', arrived_at = now() where id = $1`, [
      b.appt.id,
    ]);
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/cancel`, {
      body: { reason: 'Left without being seen' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a stale If-Match and leaves the appointment as it was', async () => {
    const b = await booked();
    const res = await call('POST', `/api/v1/appointments/${b.appt.id}/cancel`, {
      body: { reason: 'Travelling' },
      ifMatch: '"2"',
    });
    expect(res.statusCode).toBe(412);
    expect(await rowOf(b.appt.id)).toMatchObject({ status: 'booked', version: 1 });
  });

  it('answers 404 for an unknown appointment', async () => {
    const res = await call('POST', `/api/v1/appointments/${newId()}/cancel`, {
      body: { reason: 'Travelling' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(404);
  });
});
