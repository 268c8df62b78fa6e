import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Administration, HomeMedication, Mar, PrescriptionDetail } from '@meridian/contracts';
import {
  caller,
  createMarScene,
  createPrescribingScene,
  orderBody,
  prescribe,
  products,
  type PrescribingScene,
} from '../../../../../test/clinical-medications-factories.js';
import { auditRows, lastAuditSeq } from '../../../../../test/auth-helpers.js';
import { sessionCookieFor, signedInStaff } from '../../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../../test/harness.js';
import { mergeBody, setPatientColumns } from '../../../../../test/merge-fixtures.js';
import { createPatient } from '../../../../../test/patient-factories.js';

let ctx: TestContext;
let s: PrescribingScene;
let ward: Awaited<ReturnType<typeof createMarScene>>;
const call = caller(() => ctx);

// New York: January is UTC-5. Admitted at 08:00 local, prescribed at 08:05 local.
const admittedAt = '2026-01-15T13:00:00Z';
const prescribedAt = '2026-01-15T13:05:00Z';
const at = (local: string) => {
  const [h = 0, m = 0] = local.split(':').map(Number);
  return new Date(Date.UTC(2026, 0, 15, h + 5, m)).toISOString();
};

beforeAll(async () => {
  ctx = await createTestContext();
  s = await createPrescribingScene(ctx.platform);
  ward = await createMarScene(ctx);
});
afterAll(() => ctx.close());

// The tests move the clock by hours: each call gets a session opened at the current time.
const docCookie = () => sessionCookieFor(ctx.platform, s.doc.id);
const nurseCookie = () => sessionCookieFor(ctx.platform, ward.nurse.id);

/** An admitted patient with bid, tid, q8h and a PRN (q8h, at most 2 a day) prescription. */
async function inpatientWithOrders() {
  const { patientId, stay } = await ward.admitted(admittedAt);
  ctx.clock.set(prescribedAt);
  const bid = await prescribe(ctx, await docCookie(), patientId, orderBody(products.lisinopril10));
  const tid = await prescribe(
    ctx,
    await docCookie(),
    patientId,
    orderBody(products.acetaminophen500, { frequency: 'tid' }),
  );
  const q8h = await prescribe(
    ctx,
    await docCookie(),
    patientId,
    orderBody(products.omeprazole20, { frequency: 'q8h', doseUnit: 'capsule' }),
  );
  const prn = await prescribe(
    ctx,
    await docCookie(),
    patientId,
    orderBody(products.ibuprofen400, {
      frequency: 'q8h',
      isPrn: true,
      prnReason: 'pain',
      prnMaxDosesPerDay: 2,
    }),
  );
  return { patientId, stay, bid, tid, q8h, prn };
}

async function getMar(patientId: string, date = '2026-01-15') {
  const res = await call('GET', `/api/v1/patients/${patientId}/mar?date=${date}`, {
    cookie: await nurseCookie(),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Mar>();
}

async function record(patientId: string, body: Record<string, unknown>) {
  return call('POST', `/api/v1/patients/${patientId}/medication-administrations`, {
    cookie: await nurseCookie(),
    body,
  });
}

describe('the MAR schedule', () => {
  it("derives the day's doses from each frequency in the facility's time zone", async () => {
    const o = await inpatientWithOrders();
    const mar = await getMar(o.patientId);
    expect(mar).toMatchObject({
      timeZone: 'America/New_York',
      date: '2026-01-15',
      stay: { id: o.stay.id },
    });
    const row = (id: string) => mar.rows.find((r) => r.prescription.id === id);
    const times = (id: string) => row(id)?.doses.map((d) => d.time);
    // BID 09/21; TID 08/14/22 and q8h 06/14/22, minus the doses before the 08:05 start.
    expect(times(o.bid.id)).toEqual(['09:00', '21:00']);
    expect(row(o.bid.id)?.doses[0]?.scheduledFor).toBe(at('09:00'));
    expect(times(o.tid.id)).toEqual(['14:00', '22:00']);
    expect(times(o.q8h.id)).toEqual(['14:00', '22:00']);
    expect(row(o.prn.id)).toMatchObject({ doses: [], prnMaxPerDay: 2, prnGivenLast24h: 0 });
    expect(mar.slots).toEqual(['09:00', '14:00', '21:00', '22:00']);
    // The next day runs from the first round.
    const next = await getMar(o.patientId, '2026-01-16');
    expect(next.rows.find((r) => r.prescription.id === o.tid.id)?.doses.map((d) => d.time)).toEqual(
      ['08:00', '14:00', '22:00'],
    );
  });

  it('answers a patient with no open stay with an empty MAR', async () => {
    const p = await createPatient(ctx.platform);
    const mar = await getMar(p.id);
    expect(mar).toMatchObject({ stay: null, rows: [] });
  });
});

describe('recording doses', () => {
  it('records given (the prescribed dose by default), held and refused, audited', async () => {
    const o = await inpatientWithOrders();
    ctx.clock.set(at('09:10'));
    const seq = await lastAuditSeq(ctx.platform);
    const given = await record(o.patientId, {
      prescriptionId: o.bid.id,
      scheduledFor: at('09:00'),
      outcome: 'given',
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json<Administration>()).toMatchObject({
      outcome: 'given',
      doseValue: 1,
      doseUnit: 'tablet',
      occurredAt: at('09:10'),
      status: 'recorded',
      recordedBy: ward.nurse.id,
    });
    const held = await record(o.patientId, {
      prescriptionId: o.tid.id,
      scheduledFor: at('14:00'),
      outcome: 'held',
      reason: 'nil by mouth for theatre',
    });
    expect(held.statusCode, held.body).toBe(201);
    const refused = await record(o.patientId, {
      prescriptionId: o.q8h.id,
      scheduledFor: at('14:00'),
      outcome: 'refused',
      reason: 'patient declined',
    });
    expect(refused.statusCode, refused.body).toBe(201);
    const audits = await auditRows(ctx.platform, ['medication_administration.recorded'], seq);
    expect(audits).toHaveLength(3);
    const mar = await getMar(o.patientId);
    const dose = (id: string, i: number) =>
      mar.rows.find((r) => r.prescription.id === id)?.doses[i]?.administration;
    expect(dose(o.bid.id, 0)).toMatchObject({ outcome: 'given' });
    expect(dose(o.bid.id, 1)).toBeNull();
    expect(dose(o.tid.id, 0)).toMatchObject({
      outcome: 'held',
      reason: 'nil by mouth for theatre',
    });
    expect(dose(o.q8h.id, 0)).toMatchObject({ outcome: 'refused' });
  });

  it.each(['held', 'refused', 'not_given'])('needs a reason for a dose %s', async (outcome) => {
    const o = await inpatientWithOrders();
    ctx.clock.set(at('09:10'));
    const res = await record(o.patientId, {
      prescriptionId: o.bid.id,
      scheduledFor: at('09:00'),
      outcome,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(
      'reason',
    );
  });

  it('refuses a second record of one scheduled dose', async () => {
    const o = await inpatientWithOrders();
    ctx.clock.set(at('09:10'));
    const body = { prescriptionId: o.bid.id, scheduledFor: at('09:00'), outcome: 'given' };
    expect((await record(o.patientId, body)).statusCode).toBe(201);
    const again = await record(o.patientId, body);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('medication.dose_already_recorded');
  });

  it('corrects a record: entered in error with a reason and a new record, never edited', async () => {
    const o = await inpatientWithOrders();
    ctx.clock.set(at('14:20'));
    const first = await record(o.patientId, {
      prescriptionId: o.q8h.id,
      scheduledFor: at('14:00'),
      outcome: 'given',
    });
    const wrong = first.json<Administration>();
    const res = await call(
      'POST',
      `/api/v1/medication-administrations/${wrong.id}/entered-in-error`,
      {
        cookie: await nurseCookie(),
        body: {
          reason: 'recorded against the wrong dose',
          replacement: { scheduledFor: at('14:00'), outcome: 'refused', reason: 'patient asleep' },
        },
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json<{ corrected: Administration; replacement: Administration }>();
    expect(out.corrected).toMatchObject({
      id: wrong.id,
      status: 'entered_in_error',
      errorReason: 'recorded against the wrong dose',
      outcome: 'given',
    });
    expect(out.replacement).toMatchObject({ correctsId: wrong.id, outcome: 'refused' });
    const mar = await getMar(o.patientId);
    const row = mar.rows.find((r) => r.prescription.id === o.q8h.id);
    expect(row?.doses[0]?.administration?.id).toBe(out.replacement.id);
    expect(row?.records.map((r) => r.status).sort()).toEqual(['entered_in_error', 'recorded']);
    const twice = await call(
      'POST',
      `/api/v1/medication-administrations/${wrong.id}/entered-in-error`,
      { cookie: await nurseCookie(), body: { reason: 'again' } },
    );
    expect(twice.statusCode).toBe(409);
    // The database refuses an edit in place whoever tries.
    await expect(
      ctx.platform.database.pool.query(
        `update medication_administration set outcome = 'given' where id = $1`,
        [out.replacement.id],
      ),
    ).rejects.toThrow(/corrected by entered_in_error/);
  });
});

describe('refusals', () => {
  it('refuses a stopped prescription, a future time and a time that is not a dose', async () => {
    const o = await inpatientWithOrders();
    ctx.clock.set(at('09:10'));
    const future = await record(o.patientId, {
      prescriptionId: o.bid.id,
      scheduledFor: at('09:00'),
      outcome: 'given',
      occurredAt: at('11:00'),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ errors: { path: string; rule: string }[] }>().errors).toEqual([
      expect.objectContaining({ path: 'occurredAt', rule: 'not_in_future' }),
    ]);
    const offSlot = await record(o.patientId, {
      prescriptionId: o.bid.id,
      scheduledFor: at('10:00'),
      outcome: 'given',
    });
    expect(offSlot.statusCode).toBe(400);
    expect(offSlot.json<{ errors: { rule: string }[] }>().errors[0]?.rule).toBe(
      'is_scheduled_dose',
    );
    const stop = await call('POST', `/api/v1/prescriptions/${o.bid.id}/stop`, {
      cookie: await docCookie(),
      body: { reason: 'blood pressure low' },
    });
    expect(stop.statusCode, stop.body).toBe(200);
    const stopped = await record(o.patientId, {
      prescriptionId: o.bid.id,
      scheduledFor: at('09:00'),
      outcome: 'given',
    });
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json<{ code: string }>().code).toBe('medication.invalid_transition');
  });

  it('refuses a patient who is not admitted', async () => {
    const p = await createPatient(ctx.platform);
    const rx = await prescribe(ctx, await docCookie(), p.id, orderBody(products.lisinopril10));
    const res = await record(p.id, { prescriptionId: rx.id, outcome: 'given' });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string }>().code).toBe('medication.not_admitted');
  });

  it('caps as-needed doses at the maximum in 24 hours', async () => {
    const o = await inpatientWithOrders();
    const prn = { prescriptionId: o.prn.id, outcome: 'given' };
    ctx.clock.set(at('10:00'));
    expect((await record(o.patientId, prn)).statusCode).toBe(201);
    ctx.clock.set(at('18:00'));
    expect((await record(o.patientId, prn)).statusCode).toBe(201);
    ctx.clock.set(at('23:00'));
    const third = await record(o.patientId, prn);
    expect(third.statusCode).toBe(409);
    expect(third.json<{ code: string }>().code).toBe('medication.prn_max_reached');
    // A scheduled time on an as-needed order is refused too.
    const scheduled = await record(o.patientId, { ...prn, scheduledFor: at('14:00') });
    expect(scheduled.statusCode).toBe(400);
    // 24 hours after the first, one more is allowed.
    ctx.clock.set(new Date(Date.parse(at('10:00')) + 86_400_000 + 60_000).toISOString());
    expect((await record(o.patientId, prn)).statusCode).toBe(201);
  });

  it('asks for break-the-glass on a restricted record, audited as a denial', async () => {
    const { patientId } = await ward.admitted(admittedAt);
    ctx.clock.set(prescribedAt);
    const rx = await prescribe(ctx, await docCookie(), patientId, orderBody(products.lisinopril10));
    // The record becomes restricted after admission and prescribing.
    await setPatientColumns(ctx.platform, patientId, { flagVip: true });
    ctx.clock.set(at('09:10'));
    const seq = await lastAuditSeq(ctx.platform);
    const res = await record(patientId, {
      prescriptionId: rx.id,
      scheduledFor: at('09:00'),
      outcome: 'given',
    });
    expect(res.statusCode).toBe(403);
    expect((await auditRows(ctx.platform, ['access.denied'], seq)).length).toBeGreaterThan(0);
    const { rows } = await ctx.platform.database.pool.query(
      'select 1 from medication_administration where patient_id = $1',
      [patientId],
    );
    expect(rows).toHaveLength(0);
  });
});

describe('patient merge', () => {
  it("moves the duplicate's prescriptions, alerts, home medications and MAR to the survivor", async () => {
    const admin = await signedInStaff(ctx.platform, {
      roles: ['admin'],
      facilityIds: [ward.facilityId],
    });
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    await ward.admitted(admittedAt, duplicate);
    ctx.clock.set(prescribedAt);
    await prescribe(
      ctx,
      await docCookie(),
      duplicate.id,
      orderBody(products.warfarin5, { frequency: 'once_daily' }),
    );
    const nsaid = await prescribe(
      ctx,
      await docCookie(),
      duplicate.id,
      orderBody(products.ibuprofen400),
    );
    const home = await call('POST', `/api/v1/patients/${duplicate.id}/home-medications`, {
      cookie: await docCookie(),
      body: { text: 'Fish oil capsules' },
    });
    expect(home.statusCode, home.body).toBe(201);
    ctx.clock.set(at('09:10'));
    const dose = await record(duplicate.id, {
      prescriptionId: nsaid.id,
      scheduledFor: at('09:00'),
      outcome: 'given',
    });
    expect(dose.statusCode, dose.body).toBe(201);

    const preview = await call('POST', '/api/v1/patients/merge/preview', {
      cookie: await sessionCookieFor(ctx.platform, admin.id),
      body: { survivorId: survivor.id, duplicateId: duplicate.id },
    });
    expect(preview.json()).toMatchObject({ conflicts: [], moves: { medications: 4 } });
    const res = await call('POST', '/api/v1/patients/merge', {
      cookie: await sessionCookieFor(ctx.platform, admin.id),
      body: mergeBody(survivor, duplicate),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ moved: { medications: 4 } });

    const list = await call('GET', `/api/v1/patients/${survivor.id}/prescriptions`, {
      cookie: await docCookie(),
    });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(2);
    const detail = await call('GET', `/api/v1/prescriptions/${nsaid.id}`, {
      cookie: await docCookie(),
    });
    const moved = detail.json<PrescriptionDetail>();
    expect(moved.patientId).toBe(survivor.id);
    expect(moved.history.map((h) => h.version)).toContain(nsaid.version + 1);
    expect(moved.version).toBe(nsaid.version + 1);
    expect(moved.alerts.map((a) => a.kind)).toContain('interaction');
    const { rows: alerts } = await ctx.platform.database.pool.query(
      'select patient_id from medication_alert where prescription_id = $1',
      [nsaid.id],
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a: { patient_id: string }) => a.patient_id === survivor.id)).toBe(true);
    const homeList = await call('GET', `/api/v1/patients/${survivor.id}/home-medications`, {
      cookie: await docCookie(),
    });
    expect(homeList.json<{ items: HomeMedication[] }>().items.map((h) => h.display)).toEqual([
      'Fish oil capsules',
    ]);
    // The stay moved with admissions' handler; the MAR follows it.
    const mar = await getMar(survivor.id);
    const row = mar.rows.find((r) => r.prescription.id === nsaid.id);
    expect(row?.doses[0]?.administration).toMatchObject({
      outcome: 'given',
      patientId: survivor.id,
    });
  });
});
