import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { setPatientColumns } from '../../../../test/merge-fixtures.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createBookingScene,
  createPractitioner,
} from '../../../../test/scheduling-factories.js';
import { newId } from '../../../platform/ids.js';

let ctx: TestContext;
let clerk: { id: string; cookie: string };
let physician: { id: string; cookie: string };

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  physician = await signedInStaff(ctx.platform, { roles: ['physician'] });
});
afterAll(() => ctx.close());

interface Booked {
  id: string;
}

// Monday 2026-01-19, 10:00 in New York.
const monday10 = '2026-01-19T15:00:00.000Z';

function book(body: Record<string, unknown>, o: { cookie?: string; key?: string } = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/appointments',
    headers: {
      cookie: o.cookie ?? clerk.cookie,
      ...(o.key === undefined ? {} : { 'idempotency-key': o.key }),
    },
    payload: body,
  });
}

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

const count = async (table: string) =>
  Number((await q<{ n: string }>(`select count(*) as n from ${table}`))[0]?.n);

/** Row counts of everything a booking writes, to show a refusal changed nothing. */
async function snapshot() {
  return {
    appointments: await count('appointment'),
    resources: await count('appointment_resource'),
    events: await count('appointment_event'),
    keys: await count('idempotency_key'),
    booked: (await auditRows(ctx.platform, ['appointment.booked'])).length,
  };
}

async function scene() {
  const s = await createBookingScene(ctx.platform, {
    type: { bufferBeforeMinutes: 5, bufferAfterMinutes: 10 },
  });
  const patient = await createPatient(ctx.platform);
  const body = {
    patientId: patient.id,
    practitionerId: s.doc.id,
    appointmentTypeId: s.type.id,
    startsAt: monday10,
  };
  return { ...s, patient, body };
}

async function addRoom(facilityId: string): Promise<string> {
  const id = newId();
  await q(
    `insert into schedule_resource (id, facility_id, kind, code, name, is_active, version, created_at, updated_at)
     values ($1, $2, 'room', $3, 'Room', true, 1, now(), now())`,
    [id, facilityId, `R${id.slice(-6).toUpperCase()}`],
  );
  return id;
}

describe('booking an appointment', () => {
  it('books the visit with its buffers, department, room, event and audit row', async () => {
    const s = await scene();
    const room = await addRoom(s.clinic.facilityId);
    const res = await book({ ...s.body, resourceIds: [room], reason: 'Knee pain' });

    expect(res.statusCode).toBe(201);
    const a = res.json<Booked>();
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/appointments/${a.id}`);
    expect(a).toMatchObject({
      patientId: s.patient.id,
      patient: { id: s.patient.id, mrn: s.patient.mrn },
      practitionerId: s.doc.id,
      practitionerName: s.doc.displayName,
      facilityId: s.clinic.facilityId,
      departmentId: s.clinic.departmentId,
      appointmentTypeName: s.type.name,
      color: s.type.color,
      startsAt: monday10,
      endsAt: '2026-01-19T15:30:00.000Z',
      status: 'booked',
      resourceIds: [room],
      isOverbooked: false,
      version: 1,
    });
    const [row] = await q<{ blocked_period: string; booked_by: string }>(
      'select blocked_period::text, booked_by from appointment where id = $1',
      [a.id],
    );
    expect(row).toEqual({
      blocked_period: '["2026-01-19 14:55:00+00","2026-01-19 15:40:00+00")',
      booked_by: clerk.id,
    });
    expect(
      await q('select kind, to_status, channel from appointment_event where appointment_id = $1', [
        a.id,
      ]),
    ).toEqual([{ kind: 'booked', to_status: 'booked', channel: 'staff' }]);
    expect(
      await q('select is_active from appointment_resource where appointment_id = $1', [a.id]),
    ).toEqual([{ is_active: true }]);
    const [audit] = await auditRows(ctx.platform, ['appointment.booked'], 0).then((rows) =>
      rows.filter((r) => r.entity_id === a.id),
    );
    expect(audit).toMatchObject({ actor_user_id: clerk.id, outcome: 'success' });
    expect(audit?.details).toEqual({
      appointmentId: a.id,
      practitionerId: s.doc.id,
      overbooked: false,
    });
  });

  it('answers the booking exactly as a later read shows it (the answer is not read back)', async () => {
    const s = await scene();
    const rooms = [await addRoom(s.clinic.facilityId), await addRoom(s.clinic.facilityId)];
    const res = await book({ ...s.body, resourceIds: rooms, note: 'Bring the X-ray' });
    expect(res.statusCode).toBe(201);
    const booked = res.json<Booked & { resourceIds: string[] }>();

    const read = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/appointments/${booked.id}`,
      headers: { cookie: clerk.cookie },
    });
    expect(read.statusCode).toBe(200);
    expect(booked).toEqual(read.json());
    expect(booked.resourceIds).toEqual([...rooms].sort());
    expect(booked).toMatchObject({
      patient: { id: s.patient.id, name: { family: s.patient.familyName } },
    });
  });

  it('refuses a second booking that overlaps by one minute, naming the appointment in the way', async () => {
    const s = await scene();
    const first = (await book(s.body)).json<Booked>();
    const other = await createPatient(ctx.platform);
    const before = await snapshot();

    const res = await book({
      ...s.body,
      patientId: other.id,
      startsAt: '2026-01-19T15:29:00.000Z',
    });

    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.slot_taken',
      conflictingAppointmentId: first.id,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a visit that only touches the first one's buffer", async () => {
    const s = await scene();
    const first = (await book(s.body)).json<Booked>();
    const other = await createPatient(ctx.platform);
    // The first one blocks until 15:40 (10 minutes after); this one starts 5 minutes
    // before its own start, at 15:35.
    const res = await book({ ...s.body, patientId: other.id, startsAt: '2026-01-19T15:40:00Z' });
    expect(res.json()).toMatchObject({
      code: 'scheduling.slot_taken',
      conflictingAppointmentId: first.id,
    });
    const later = await book({ ...s.body, patientId: other.id, startsAt: '2026-01-19T15:45:00Z' });
    expect(later.statusCode).toBe(201);
  });

  it('refuses a patient in two places at once', async () => {
    const s = await scene();
    const elsewhere = await createBookingScene(ctx.platform);
    const first = (await book(s.body)).json<Booked>();
    const before = await snapshot();
    const res = await book({
      ...s.body,
      practitionerId: elsewhere.doc.id,
      appointmentTypeId: elsewhere.type.id,
      startsAt: '2026-01-19T15:15:00Z',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.patient_busy',
      conflictingAppointmentId: first.id,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a room reserved by another appointment', async () => {
    const s = await scene();
    const room = await addRoom(s.clinic.facilityId);
    const colleague = await createPractitioner(ctx.platform, {
      facilityId: s.clinic.facilityId,
    });
    const first = (await book({ ...s.body, resourceIds: [room] })).json<Booked>();
    const other = await createPatient(ctx.platform);
    const before = await snapshot();
    const res = await book({
      ...s.body,
      patientId: other.id,
      practitionerId: colleague.id,
      facilityId: s.clinic.facilityId,
      resourceIds: [room],
      overbook: { reason: 'colleague has no template in this test' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'scheduling.resource_taken',
      conflictingAppointmentId: first.id,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('defaults the end from the type and refuses an end that is not after the start', async () => {
    const s = await scene();
    const before = await snapshot();
    for (const endsAt of [monday10, '2026-01-19T14:30:00Z']) {
      const res = await book({ ...s.body, endsAt });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'validation.failed',
        errors: [{ path: 'endsAt' }],
      });
    }
    expect(await snapshot()).toEqual(before);
    const longer = await book({ ...s.body, endsAt: '2026-01-19T16:00:00Z' });
    expect(longer.json()).toMatchObject({ endsAt: '2026-01-19T16:00:00.000Z' });
  });

  it('refuses a visit in the past, but books a walk-in into the slot that began minutes ago', async () => {
    const s = await scene();
    // Monday 10:10 in New York: the 10:00 slot began ten minutes ago.
    ctx.clock.set('2026-01-19T15:10:00Z');
    try {
      // A session of that morning (the suite's sessions idled out over the weekend).
      const { cookie } = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
      const before = await snapshot();
      const past = await book({ ...s.body, startsAt: '2026-01-19T14:30:00Z' }, { cookie });
      expect(past.statusCode).toBe(422);
      expect(past.json()).toMatchObject({ code: 'scheduling.in_past' });
      expect(await snapshot()).toEqual(before);
      const walkIn = await book({ ...s.body, startsAt: monday10 }, { cookie });
      expect(walkIn.statusCode).toBe(201);
    } finally {
      ctx.clock.set('2026-01-15T09:00:00Z');
    }
  });

  it('answers 404 for a patient that does not exist, and nothing changes', async () => {
    const s = await scene();
    const before = await snapshot();
    const res = await book({ ...s.body, patientId: newId() });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'resource.not_found' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a merged-away patient, pointing at the survivor', async () => {
    const s = await scene();
    const survivor = await createPatient(ctx.platform);
    await setPatientColumns(ctx.platform, s.patient.id, {
      status: 'merged',
      mergedIntoId: survivor.id,
    });
    const before = await snapshot();
    const res = await book(s.body);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'patient.merged', mergedIntoId: survivor.id });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a deceased patient', async () => {
    const s = await scene();
    await setPatientColumns(ctx.platform, s.patient.id, { deceased: true });
    const before = await snapshot();
    const res = await book(s.body);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'scheduling.patient_deceased' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an inactive practitioner, an inactive type and a type the practitioner does not offer', async () => {
    const s = await scene();
    const retired = await createPractitioner(ctx.platform, {
      facilityId: s.clinic.facilityId,
      isActive: false,
    });
    const oldType = await createAppointmentType(ctx.platform, { isActive: false });
    const otherDoc = await createPractitioner(ctx.platform, { facilityId: s.clinic.facilityId });
    const narrowType = await createAppointmentType(ctx.platform, {
      practitionerIds: [otherDoc.id],
    });
    const before = await snapshot();

    expect((await book({ ...s.body, practitionerId: retired.id })).json()).toMatchObject({
      status: 422,
      code: 'scheduling.inactive',
    });
    expect((await book({ ...s.body, appointmentTypeId: oldType.id })).json()).toMatchObject({
      status: 422,
      code: 'scheduling.inactive',
    });
    expect((await book({ ...s.body, appointmentTypeId: narrowType.id })).json()).toMatchObject({
      status: 422,
      code: 'scheduling.type_not_allowed',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a visit outside working hours unless overbooked with a reason', async () => {
    const s = await scene();
    const evening = '2026-01-19T23:00:00Z'; // 18:00 in New York
    const before = await snapshot();
    const res = await book({ ...s.body, startsAt: evening });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'scheduling.outside_working_hours' });
    expect(await snapshot()).toEqual(before);

    const over = await book({
      ...s.body,
      startsAt: evening,
      overbook: { reason: 'Urgent review after surgery' },
    });
    expect(over.statusCode).toBe(201);
    expect(over.json()).toMatchObject({
      isOverbooked: true,
      overbookReason: 'Urgent review after surgery',
      facilityId: s.doc.facilityId,
    });
    const audit = (await auditRows(ctx.platform, ['appointment.booked'])).find(
      (r) => r.entity_id === over.json<{ id: string }>().id,
    );
    expect(audit?.details).toMatchObject({ overbooked: true });
  });

  it("lets an overbooking share the practitioner's time but never the patient's", async () => {
    const s = await scene();
    const first = (await book(s.body)).json<Booked>();
    const other = await createPatient(ctx.platform);
    const overbook = { reason: 'Squeezed in by the doctor' };

    const shared = await book({ ...s.body, patientId: other.id, overbook });
    expect(shared.statusCode).toBe(201);

    const elsewhere = await createBookingScene(ctx.platform);
    const twice = await book({
      ...s.body,
      practitionerId: elsewhere.doc.id,
      appointmentTypeId: elsewhere.type.id,
      overbook,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({
      code: 'scheduling.patient_busy',
      conflictingAppointmentId: first.id,
    });
  });

  it('refuses an overbooking by someone without appointment.overbook, and audits the denial', async () => {
    const s = await scene();
    const seq = await lastAuditSeq(ctx.platform);
    const before = await snapshot();
    const res = await book(
      { ...s.body, overbook: { reason: 'Please fit in' } },
      { cookie: physician.cookie },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'access.forbidden' });
    const denials = await auditRows(ctx.platform, ['access.denied'], seq);
    expect(denials).toMatchObject([
      {
        actor_user_id: physician.id,
        outcome: 'denied',
        details: { permission: 'appointment.overbook', reason: 'missing_permission' },
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('booking with an Idempotency-Key', () => {
  it('answers a retry with the first answer and books once', async () => {
    const s = await scene();
    const key = `k-${newId()}`;
    const first = await book(s.body, { key });
    const again = await book({ ...s.body, resourceIds: [] }, { key });

    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.etag).toBe('"1"');
    expect(again.json()).toEqual(first.json());
    expect(
      await q('select id from appointment where patient_id = $1', [s.patient.id]),
    ).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    const s = await scene();
    const key = `k-${newId()}`;
    await book(s.body, { key });
    const before = await snapshot();
    const res = await book({ ...s.body, startsAt: '2026-01-19T16:00:00Z' }, { key });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'request.idempotency_key_reused' });
    expect(await snapshot()).toEqual(before);
  });

  it('keeps keys apart per user', async () => {
    const s = await scene();
    const key = `k-${newId()}`;
    await book(s.body, { key });
    const nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    const res = await book(s.body, { key, cookie: nurse.cookie });
    // Not a replay of the clerk's answer: a booking of its own, refused by the constraint.
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'scheduling.slot_taken' });
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(256)],
    ['with a space', 'two words'],
    ['non-ASCII', 'clé'],
  ])('refuses a malformed key (%s), naming the header', async (_label, key) => {
    const s = await scene();
    const before = await snapshot();
    const res = await book(s.body, { key });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'headers.idempotency-key' }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('runs a retry again when the first attempt failed', async () => {
    const s = await scene();
    await setPatientColumns(ctx.platform, s.patient.id, { deceased: true });
    const key = `k-${newId()}`;
    expect((await book(s.body, { key })).statusCode).toBe(422);
    await setPatientColumns(ctx.platform, s.patient.id, { deceased: false });
    const retry = await book(s.body, { key });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('books once when two identical requests race, and both get the same answer', async () => {
    const s = await scene();
    const key = `k-${newId()}`;
    const [a, b] = await Promise.all([book(s.body, { key }), book(s.body, { key })]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json()).toEqual(b.json());
    expect(
      await q('select id from appointment where patient_id = $1', [s.patient.id]),
    ).toHaveLength(1);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']]).toContain('true');
  });
});
