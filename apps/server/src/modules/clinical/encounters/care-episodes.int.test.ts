import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentTransition, Stay } from '@meridian/contracts';
import {
  admitBody,
  admitPatient,
  createAdmissionScene,
  type AdmissionScene,
} from '../../../../test/admissions-factories.js';
import {
  encounterHistoryOf,
  encounterLinkedTo,
} from '../../../../test/clinical-encounters-factories.js';
import { sessionCookieFor, signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';

let ctx: TestContext;
let clerk: { id: string; cookie: string };
let s: AdmissionScene;

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  s = await createAdmissionScene(ctx.platform);
});
afterAll(() => ctx.close());

// The harness clock starts at 2026-01-15T09:00Z (04:00 in New York); the visits are at
// 14:00Z, the same local day.
const visitAt = '2026-01-15T14:00:00Z';
const minute = 60_000;

function post(url: string, body: unknown, cookie: string, ifMatch?: string) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { cookie, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    payload: body as Record<string, unknown>,
  });
}

async function visit(o: { modality?: 'in_person' | 'video'; reason?: string } = {}) {
  const clinic = await createClinic(ctx.platform);
  const doc = await createPractitioner(ctx.platform, { facilityId: clinic.facilityId });
  const type = await createAppointmentType(ctx.platform, {
    name: 'Diabetes review',
    ...(o.modality ? { modality: o.modality } : {}),
  });
  const patient = await createPatient(ctx.platform);
  const row = await insertAppointment(ctx.platform, {
    patientId: patient.id,
    practitionerId: doc.id,
    facilityId: clinic.facilityId,
    appointmentTypeId: type.id,
    startsAt: visitAt,
  });
  if (o.modality === 'video' || o.reason) {
    await ctx.platform.database.pool.query(
      'update appointment set modality = $2, reason = $3 where id = $1',
      [row.id, o.modality ?? 'in_person', o.reason ?? null],
    );
  }
  return { id: row.id, patientId: patient.id, practitionerId: doc.id, version: 1 };
}

/** Moves the appointment through the visit flow as the front desk. */
async function move(a: { id: string; version: number }, action: AppointmentTransition) {
  clerk = { ...clerk, cookie: await sessionCookieFor(ctx.platform, clerk.id) };
  const res = await post(
    `/api/v1/appointments/${a.id}/transitions`,
    { action },
    clerk.cookie,
    `"${a.version}"`,
  );
  expect(res.statusCode, res.body).toBe(200);
  a.version = res.json<{ version: number }>().version;
}

describe('a visit opens and closes its encounter with the check-in', () => {
  it('opens an ambulatory encounter in progress at check-in and finishes it on completion', async () => {
    const a = await visit({ reason: 'Sugar control' });
    await move(a, 'confirm');
    expect(await encounterLinkedTo(ctx.platform, { appointmentId: a.id })).toBeUndefined();

    await move(a, 'arrive');
    const opened = await encounterLinkedTo(ctx.platform, { appointmentId: a.id });
    expect(opened).toMatchObject({
      patient_id: a.patientId,
      class: 'ambulatory',
      status: 'in_progress',
      type_display: 'Diabetes review',
      reason: 'Sugar control',
      ended_at: null,
      participants: [{ practitioner_id: a.practitionerId, role: 'primary' }],
    });
    expect(opened?.started_at.toISOString()).toBe(ctx.clock.now().toISOString());

    await move(a, 'room');
    ctx.clock.advance(20 * minute);
    await move(a, 'complete');
    const finished = await encounterLinkedTo(ctx.platform, { appointmentId: a.id });
    expect(finished).toMatchObject({ status: 'finished', version: 2 });
    expect(finished?.ended_at?.toISOString()).toBe(ctx.clock.now().toISOString());
    // The version it replaced is kept, participants included.
    const history = await encounterHistoryOf(ctx.platform, finished?.id ?? '');
    expect(history).toHaveLength(1);
    expect(history[0]?.snapshot).toMatchObject({
      status: 'in_progress',
      participants: [{ role: 'primary', practitioner_id: a.practitionerId }],
    });
  });

  it('opens a virtual encounter for a video visit', async () => {
    const a = await visit({ modality: 'video' });
    await move(a, 'arrive');
    expect(await encounterLinkedTo(ctx.platform, { appointmentId: a.id })).toMatchObject({
      class: 'virtual',
      status: 'in_progress',
    });
  });

  it('opens none for a no-show, and one when the late patient is checked in after all', async () => {
    ctx.clock.set('2026-01-15T14:30:00Z');
    const a = await visit();
    await move(a, 'no_show');
    expect(await encounterLinkedTo(ctx.platform, { appointmentId: a.id })).toBeUndefined();
    await move(a, 'arrive');
    expect(await encounterLinkedTo(ctx.platform, { appointmentId: a.id })).toMatchObject({
      status: 'in_progress',
    });
    ctx.clock.set('2026-01-15T09:00:00Z');
  });

  it('opens none for a visit cancelled before check-in', async () => {
    const a = await visit();
    clerk = { ...clerk, cookie: await sessionCookieFor(ctx.platform, clerk.id) };
    const res = await post(
      `/api/v1/appointments/${a.id}/cancel`,
      { reason: 'Patient called to cancel' },
      clerk.cookie,
      '"1"',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(await encounterLinkedTo(ctx.platform, { appointmentId: a.id })).toBeUndefined();
  });

  it('cancels the encounter of a patient who leaves after check-in without being seen', async () => {
    const a = await visit();
    await move(a, 'arrive');
    ctx.clock.advance(45 * minute);
    clerk = { ...clerk, cookie: await sessionCookieFor(ctx.platform, clerk.id) };
    const res = await post(
      `/api/v1/appointments/${a.id}/cancel`,
      { reason: 'Left without being seen' },
      clerk.cookie,
      `"${a.version}"`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const e = await encounterLinkedTo(ctx.platform, { appointmentId: a.id });
    expect(e).toMatchObject({ status: 'cancelled' });
    expect(e?.status_reason).toBeTruthy();
    expect(e?.ended_at?.toISOString()).toBe(ctx.clock.now().toISOString());
  });
});

describe('a stay opens and closes its inpatient encounter', () => {
  const bed = (i: number) => s.wardA.beds[i]?.id ?? '';
  const admin = () => s.admin.cookie;

  async function refreshCookies() {
    s.nurse.cookie = await sessionCookieFor(ctx.platform, s.nurse.id);
    s.admin.cookie = await sessionCookieFor(ctx.platform, s.admin.id);
  }

  it('opens it on admission with attending and admitting, and discharge finishes it', async () => {
    await refreshCookies();
    const p = await createPatient(ctx.platform);
    const res = await post('/api/v1/admissions', admitBody(s, p.id, bed(0)), s.nurse.cookie);
    expect(res.statusCode, res.body).toBe(201);
    const stay = res.json<Stay>();
    const opened = await encounterLinkedTo(ctx.platform, { stayId: stay.id });
    expect(opened).toMatchObject({
      patient_id: p.id,
      class: 'inpatient',
      status: 'in_progress',
      reason: 'Community-acquired pneumonia',
      participants: [
        { practitioner_id: s.doc.id, role: 'admitting' },
        { practitioner_id: s.doc.id, role: 'attending' },
      ],
    });
    expect(opened?.started_at.toISOString()).toBe(stay.admittedAt);

    ctx.clock.advance(3 * 24 * 60 * minute);
    await refreshCookies();
    const out = await post(
      `/api/v1/admissions/${stay.id}/discharge`,
      { disposition: 'home' },
      s.nurse.cookie,
    );
    expect(out.statusCode, out.body).toBe(200);
    const finished = await encounterLinkedTo(ctx.platform, { stayId: stay.id });
    expect(finished).toMatchObject({ status: 'finished' });
    expect(finished?.ended_at?.toISOString()).toBe(out.json<Stay>().dischargedAt);

    // Undoing the discharge reopens it.
    ctx.clock.advance(10 * minute);
    const undo = await post(
      `/api/v1/admissions/${stay.id}/undo-discharge`,
      { reason: 'Discharged the wrong patient' },
      admin(),
    );
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await encounterLinkedTo(ctx.platform, { stayId: stay.id })).toMatchObject({
      status: 'in_progress',
      ended_at: null,
      version: 3,
    });
  });

  it('opens none at pre-admission and one when the patient arrives', async () => {
    await refreshCookies();
    const p = await createPatient(ctx.platform);
    const pre = await admitPatient(ctx.platform, {
      patientId: p.id,
      facilityId: s.facilityId,
      practitionerId: s.doc.id,
      bedId: bed(1),
      expectedAt: new Date(ctx.clock.now().getTime() + 60 * minute),
    });
    expect(await encounterLinkedTo(ctx.platform, { stayId: pre.id })).toBeUndefined();
    ctx.clock.advance(60 * minute);
    await refreshCookies();
    const arrived = await post(`/api/v1/admissions/${pre.id}/admit`, {}, s.nurse.cookie);
    expect(arrived.statusCode, arrived.body).toBe(200);
    expect(await encounterLinkedTo(ctx.platform, { stayId: pre.id })).toMatchObject({
      class: 'inpatient',
      status: 'in_progress',
    });
  });

  it('marks it entered in error when the admission is cancelled, with the reason', async () => {
    await refreshCookies();
    const p = await createPatient(ctx.platform);
    const stay = await admitPatient(ctx.platform, {
      patientId: p.id,
      facilityId: s.facilityId,
      practitionerId: s.doc.id,
      bedId: bed(2),
    });
    ctx.clock.advance(minute);
    const res = await post(
      `/api/v1/admissions/${stay.id}/cancel`,
      { reason: 'Admitted the wrong patient' },
      admin(),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(await encounterLinkedTo(ctx.platform, { stayId: stay.id })).toMatchObject({
      status: 'entered_in_error',
      status_reason: 'Admitted the wrong patient',
    });
  });

  it('opens nothing when the admission is refused (one transaction)', async () => {
    await refreshCookies();
    const p = await createPatient(ctx.platform);
    // bed(0) is occupied by the first test's patient (discharge undone).
    const res = await post('/api/v1/admissions', admitBody(s, p.id, bed(0)), s.nurse.cookie);
    expect(res.statusCode).toBe(409);
    const { rows } = await ctx.platform.database.pool.query(
      'select 1 from encounter where patient_id = $1',
      [p.id],
    );
    expect(rows).toHaveLength(0);
  });
});
