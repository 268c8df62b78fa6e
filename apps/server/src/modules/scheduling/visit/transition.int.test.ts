import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, test } from 'vitest';
import type { AppointmentStatus, AppointmentTransition } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { sessionCookieFor, signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  insertAppointment,
  reserveRoom,
} from '../../../../test/scheduling-factories.js';
import { newId } from '../../../platform/ids.js';
import { appointment, appointmentEvent, type AppointmentRow } from '../scheduling.tables.js';
import { transitionAppointmentInTx } from './transition-appointment.js';

let ctx: TestContext;
let clerk: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => clerk.cookie,
);

// The harness clock starts at 2026-01-15T09:00Z.
const later = '2026-01-15T14:00:00Z';
const earlier = '2026-01-15T08:00:00Z';

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
});
afterAll(() => ctx.close());
beforeEach(() => at('2026-01-15T09:00:00Z'));

/** Moves the clock, with a fresh session (an idle one expires after 15 minutes). */
async function at(time: string): Promise<void> {
  ctx.clock.set(time);
  clerk = { ...clerk, cookie: await sessionCookieFor(ctx.platform, clerk.id) };
}

async function setting() {
  const clinic = await createClinic(ctx.platform);
  const doc = await createPractitioner(ctx.platform, { facilityId: clinic.facilityId });
  const type = await createAppointmentType(ctx.platform);
  const base = {
    practitionerId: doc.id,
    facilityId: clinic.facilityId,
    appointmentTypeId: type.id,
  };
  return { clinic, doc, type, base };
}

async function appointmentFor(
  o: { startsAt?: string; status?: AppointmentStatus; flags?: { vip?: boolean } } = {},
): Promise<AppointmentRow> {
  const { base } = await setting();
  const patient = await createPatient(ctx.platform, o.flags ? { flags: o.flags } : {});
  return insertAppointment(ctx.platform, {
    ...base,
    patientId: patient.id,
    startsAt: o.startsAt ?? later,
    ...(o.status ? { status: o.status } : {}),
  });
}

async function stored(id: string): Promise<AppointmentRow> {
  const [row] = await ctx.platform.db.select().from(appointment).where(eq(appointment.id, id));
  if (!row) throw new Error(`appointment ${id} is missing`);
  return row;
}

async function eventsOf(id: string) {
  return ctx.platform.db
    .select()
    .from(appointmentEvent)
    .where(eq(appointmentEvent.appointmentId, id))
    .orderBy(appointmentEvent.occurredAt);
}

interface AuditRow {
  seq: number;
  action: string;
  actor_user_id: string | null;
  patient_id: string | null;
  entity_id: string | null;
  facility_id: string | null;
  details: Record<string, unknown>;
}

async function auditOf(id: string): Promise<AuditRow[]> {
  const { rows } = await ctx.platform.database.pool.query<AuditRow>(
    `select seq, action, actor_user_id, patient_id, entity_id, facility_id, details
       from audit_event where entity_id = $1 order by seq`,
    [id],
  );
  return rows;
}

function move(row: { id: string; version: number }, action: AppointmentTransition, note?: string) {
  return call('POST', `/api/v1/appointments/${row.id}/transitions`, {
    ifMatch: `"${row.version}"`,
    body: { action, ...(note ? { note } : {}) },
  });
}

async function resourceActive(appointmentId: string): Promise<boolean[]> {
  const { rows } = await ctx.platform.database.pool.query<{ is_active: boolean }>(
    'select is_active from appointment_resource where appointment_id = $1',
    [appointmentId],
  );
  return rows.map((r) => r.is_active);
}

describe('POST /api/v1/appointments/:id/transitions', () => {
  it('checks a patient in, rooms and completes the visit, stamping each step', async () => {
    const row = await appointmentFor();
    await at('2026-01-15T13:50:00Z');
    const arrived = await move(row, 'arrive');
    expect(arrived.statusCode).toBe(200);
    expect(arrived.headers.etag).toBe('"2"');
    expect(arrived.json()).toMatchObject({
      id: row.id,
      status: 'arrived',
      arrivedAt: '2026-01-15T13:50:00.000Z',
      version: 2,
    });

    await at('2026-01-15T14:05:00Z');
    expect((await move({ id: row.id, version: 2 }, 'room')).statusCode).toBe(200);
    await at('2026-01-15T14:30:00Z');
    const done = await move({ id: row.id, version: 3 }, 'complete');
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', version: 4 });

    const after = await stored(row.id);
    expect(after).toMatchObject({
      status: 'completed',
      arrivedAt: new Date('2026-01-15T13:50:00Z'),
      inRoomAt: new Date('2026-01-15T14:05:00Z'),
      completedAt: new Date('2026-01-15T14:30:00Z'),
      updatedAt: new Date('2026-01-15T14:30:00Z'),
      confirmedAt: null,
      version: 4,
    });
    const events = await eventsOf(row.id);
    expect(events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.channel, e.actorUserId])).toEqual(
      [
        ['status', 'booked', 'arrived', 'staff', clerk.id],
        ['status', 'arrived', 'in_room', 'staff', clerk.id],
        ['status', 'in_room', 'completed', 'staff', clerk.id],
      ],
    );
  });

  it('confirms by staff, recording the channel, and audits with the patient id', async () => {
    const row = await appointmentFor();
    const res = await move(row, 'confirm', 'Phoned the patient');
    expect(res.statusCode).toBe(200);
    expect(await stored(row.id)).toMatchObject({
      status: 'confirmed',
      confirmedAt: ctx.clock.now(),
      confirmedVia: 'staff',
    });
    const [event] = await eventsOf(row.id);
    expect(event).toMatchObject({ note: 'Phoned the patient', occurredAt: ctx.clock.now() });
    const audit = await auditOf(row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'appointment.status_changed',
      actor_user_id: clerk.id,
      patient_id: row.patientId,
      facility_id: row.facilityId,
      details: { action: 'confirm', fromStatus: 'booked', toStatus: 'confirmed', channel: 'staff' },
    });
    // Ids only: the note's text stays out of the audit trail.
    expect(JSON.stringify(audit[0]?.details)).not.toContain('Phoned');
  });

  test.each<[AppointmentStatus, AppointmentTransition]>([
    ['booked', 'room'],
    ['booked', 'complete'],
    ['confirmed', 'confirm'],
    ['arrived', 'no_show'],
    ['in_room', 'arrive'],
    ['completed', 'arrive'],
    ['completed', 'no_show'],
    ['cancelled', 'confirm'],
    ['cancelled', 'arrive'],
    ['no_show', 'room'],
  ])('refuses %s + %s with 409, and nothing changes', async (status, action) => {
    const row = await appointmentFor({ status, startsAt: earlier });
    const res = await move(row, action);
    expect(res.statusCode).toBe(409);
    const problem = res.json<TestProblem & { detail: string }>();
    expect(problem.code).toBe('scheduling.invalid_transition');
    expect(problem.detail).toContain(`is ${status}`);
    expect(problem.detail).toContain(action);
    expect(await stored(row.id)).toEqual(row);
    expect(await eventsOf(row.id)).toEqual([]);
    expect(await auditOf(row.id)).toEqual([]);
  });

  it('refuses a no-show by hand before the appointment has started', async () => {
    const row = await appointmentFor({ startsAt: later });
    const res = await move(row, 'no_show');
    expect(res.statusCode).toBe(409);
    expect(res.json<{ detail: string }>().detail).toContain('before the appointment has started');
    expect(await stored(row.id)).toEqual(row);
  });

  it('marks a no-show by hand once the start has passed, freeing the reserved room', async () => {
    const row = await appointmentFor({ startsAt: earlier, status: 'confirmed' });
    await reserveRoom(ctx.platform, row);
    const res = await move(row, 'no_show', 'Did not answer the phone');
    expect(res.statusCode).toBe(200);
    expect(await stored(row.id)).toMatchObject({
      status: 'no_show',
      noShowAt: ctx.clock.now(),
      noShowVia: 'staff',
    });
    expect(await resourceActive(row.id)).toEqual([false]);
  });

  it('checks in a late patient after a no-show, taking the slot and the room back', async () => {
    const row = await appointmentFor({ startsAt: earlier });
    await reserveRoom(ctx.platform, row);
    expect((await move(row, 'no_show')).statusCode).toBe(200);
    ctx.clock.advance(5 * 60_000);
    const res = await move({ id: row.id, version: 2 }, 'arrive');
    expect(res.statusCode).toBe(200);
    expect(await stored(row.id)).toMatchObject({
      status: 'arrived',
      arrivedAt: ctx.clock.now(),
      noShowAt: null,
      noShowVia: null,
      version: 3,
    });
    expect(await resourceActive(row.id)).toEqual([true]);
    expect((await eventsOf(row.id)).map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual([
      'booked→no_show',
      'no_show→arrived',
    ]);
  });

  it('refuses to undo a no-show once the practitioner’s time is booked again', async () => {
    const { base } = await setting();
    const [late, other] = [await createPatient(ctx.platform), await createPatient(ctx.platform)];
    const row = await insertAppointment(ctx.platform, {
      ...base,
      patientId: late.id,
      startsAt: earlier,
      status: 'no_show',
    });
    const taker = await insertAppointment(ctx.platform, {
      ...base,
      patientId: other.id,
      startsAt: '2026-01-15T08:15:00Z',
    });
    const res = await move(row, 'arrive');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.slot_taken',
      conflictingAppointmentId: taker.id,
    });
    expect(await stored(row.id)).toEqual(row);
    expect(await eventsOf(row.id)).toEqual([]);
    expect(await auditOf(row.id)).toEqual([]);
  });

  it('refuses to undo a no-show when the patient has another appointment then', async () => {
    const { base } = await setting();
    const second = await setting();
    const patient = await createPatient(ctx.platform);
    const row = await insertAppointment(ctx.platform, {
      ...base,
      patientId: patient.id,
      startsAt: earlier,
      status: 'no_show',
    });
    const elsewhere = await insertAppointment(ctx.platform, {
      ...second.base,
      patientId: patient.id,
      startsAt: '2026-01-15T08:10:00Z',
    });
    const res = await move(row, 'arrive');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.patient_busy',
      conflictingAppointmentId: elsewhere.id,
    });
    expect(await stored(row.id)).toEqual(row);
  });

  it('refuses to undo a no-show when its room was reserved for someone else', async () => {
    const { base } = await setting();
    const second = await setting();
    const row = await insertAppointment(ctx.platform, {
      ...base,
      patientId: (await createPatient(ctx.platform)).id,
      startsAt: earlier,
    });
    const roomId = await reserveRoom(ctx.platform, row);
    expect((await move(row, 'no_show')).statusCode).toBe(200);
    const taker = await insertAppointment(ctx.platform, {
      ...second.base,
      patientId: (await createPatient(ctx.platform)).id,
      startsAt: earlier,
    });
    await reserveRoom(ctx.platform, taker, roomId);
    const res = await move({ id: row.id, version: 2 }, 'arrive');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.resource_taken',
      conflictingAppointmentId: taker.id,
    });
    expect(await stored(row.id)).toMatchObject({ status: 'no_show', version: 2 });
    expect(await resourceActive(row.id)).toEqual([false]);
  });

  describe('only on the visit’s own day in the facility’s zone (New York)', () => {
    test.each([
      ['arrive', 'booked', 'yesterday', '2026-01-14T15:00:00Z'],
      ['arrive', 'confirmed', 'tomorrow', '2026-01-16T15:00:00Z'],
      ['arrive', 'no_show', 'yesterday', '2026-01-14T15:00:00Z'],
      ['room', 'arrived', 'yesterday', '2026-01-14T15:00:00Z'],
      ['room', 'arrived', 'tomorrow', '2026-01-16T14:00:00Z'],
    ] as const)(
      'refuses %s from %s for a visit %s with 409 scheduling.not_visit_day',
      async (action, status, _when, startsAt) => {
        const row = await appointmentFor({ status, startsAt });
        const res = await move(row, action);
        expect(res.statusCode).toBe(409);
        const problem = res.json<TestProblem & { detail: string }>();
        expect(problem.code).toBe('scheduling.not_visit_day');
        expect(problem.detail).toContain(row.id);
        expect(problem.detail).not.toMatch(/2026|jan/i);
        expect(await stored(row.id)).toEqual(row);
        expect(await eventsOf(row.id)).toEqual([]);
        expect(await auditOf(row.id)).toEqual([]);
      },
    );

    it('refuses a check-in late in the evening before, though UTC already shows the visit’s date', async () => {
      const row = await appointmentFor({ startsAt: '2026-01-15T14:00:00Z' });
      // 04:30Z on the 15th is 23:30 on the 14th in New York.
      await at('2026-01-15T04:30:00Z');
      const res = await move(row, 'arrive');
      expect(res.json<TestProblem>().code).toBe('scheduling.not_visit_day');
      expect(await stored(row.id)).toEqual(row);
    });

    it('checks in and rooms today’s evening visit after UTC has moved on to the next day', async () => {
      // 18:30 on the 15th in New York is 23:30Z; the patient comes at 19:10 local (00:10Z).
      const row = await appointmentFor({ startsAt: '2026-01-15T23:30:00Z' });
      await at('2026-01-16T00:10:00Z');
      const arrived = await move(row, 'arrive');
      expect(arrived.statusCode).toBe(200);
      expect((await move({ id: row.id, version: 2 }, 'room')).statusCode).toBe(200);
      expect(await stored(row.id)).toMatchObject({ status: 'in_room', version: 3 });
    });

    it('still confirms next week’s appointment today', async () => {
      const row = await appointmentFor({ startsAt: '2026-01-22T15:00:00Z' });
      expect((await move(row, 'confirm')).statusCode).toBe(200);
    });
  });

  it('answers 428 without If-Match and 412 on a stale version, changing nothing', async () => {
    const row = await appointmentFor();
    const bare = await call('POST', `/api/v1/appointments/${row.id}/transitions`, {
      body: { action: 'confirm' },
    });
    expect(bare.statusCode).toBe(428);
    const stale = await move({ id: row.id, version: 7 }, 'confirm');
    expect(stale.statusCode).toBe(412);
    expect(stale.json<TestProblem>().code).toBe('resource.version_mismatch');
    expect(await stored(row.id)).toEqual(row);
    expect(await auditOf(row.id)).toEqual([]);
  });

  it('lets one of two desks checking the same patient in at once win; the other gets 412', async () => {
    const row = await appointmentFor();
    const answers = await Promise.all([move(row, 'arrive'), move(row, 'arrive')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 412]);
    expect(await stored(row.id)).toMatchObject({ status: 'arrived', version: 2 });
    expect(await eventsOf(row.id)).toHaveLength(1);
    expect(await auditOf(row.id)).toHaveLength(1);
  });

  it('answers 404 for an appointment that does not exist', async () => {
    const res = await move({ id: newId(), version: 1 }, 'confirm');
    expect(res.statusCode).toBe(404);
  });

  it('refuses an unknown action by the schema, naming the field', async () => {
    const row = await appointmentFor();
    const res = await call('POST', `/api/v1/appointments/${row.id}/transitions`, {
      ifMatch: '"1"',
      body: { action: 'cancel' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]?.path).toBe('action');
  });

  it('forbids staff without appointment.book (billing)', async () => {
    const row = await appointmentFor();
    const billing = await signedInStaff(ctx.platform, { roles: ['billing'] });
    const res = await call('POST', `/api/v1/appointments/${row.id}/transitions`, {
      cookie: billing.cookie,
      ifMatch: '"1"',
      body: { action: 'arrive' },
    });
    expect(res.statusCode).toBe(403);
    expect(await stored(row.id)).toEqual(row);
  });

  it('asks for break-the-glass on a restricted patient, and changes nothing', async () => {
    const row = await appointmentFor({ flags: { vip: true } });
    const res = await move(row, 'arrive');
    expect(res.statusCode).toBe(403);
    expect(res.json<TestProblem>().code).toBe('access.break_glass_required');
    expect(await stored(row.id)).toEqual(row);
    expect(await eventsOf(row.id)).toEqual([]);
  });
});

describe('transitionAppointmentInTx (the seam reminders call)', () => {
  it('confirms by the patient’s link with no actor', async () => {
    const row = await appointmentFor();
    const updated = await ctx.platform.db.transaction((tx) =>
      transitionAppointmentInTx(tx, ctx.platform, {
        appointmentId: row.id,
        action: 'confirm',
        channel: 'patient_link',
        actorUserId: null,
      }),
    );
    expect(updated).toMatchObject({
      status: 'confirmed',
      confirmedVia: 'patient_link',
      version: 2,
    });
    const [event] = await eventsOf(row.id);
    expect(event).toMatchObject({ channel: 'patient_link', actorUserId: null });
    const audit = await auditOf(row.id);
    expect(audit).toEqual([
      expect.objectContaining({ actor_user_id: null, patient_id: row.patientId }),
    ]);
  });

  it('refuses a check-in by the patient’s link', async () => {
    const row = await appointmentFor();
    const attempt = ctx.platform.db.transaction((tx) =>
      transitionAppointmentInTx(tx, ctx.platform, {
        appointmentId: row.id,
        action: 'arrive',
        channel: 'patient_link',
        actorUserId: null,
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'scheduling.invalid_transition' });
    expect(await stored(row.id)).toEqual(row);
  });

  it('refuses a second confirmation by link (the first one stands)', async () => {
    const row = await appointmentFor({ status: 'confirmed' });
    const attempt = ctx.platform.db.transaction((tx) =>
      transitionAppointmentInTx(tx, ctx.platform, {
        appointmentId: row.id,
        action: 'confirm',
        channel: 'patient_link',
        actorUserId: null,
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'scheduling.invalid_transition' });
  });
});
