import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../../test/auth-helpers.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createBookingScene,
  createException,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { newId } from '../../../platform/ids.js';

let ctx: TestContext;
let cookie: string;

beforeAll(async () => {
  ctx = await createTestContext();
  cookie = (await signedInStaff(ctx.platform, { roles: ['front_desk'] })).cookie;
});
afterAll(() => ctx.close());

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

function post(body: unknown, key?: string) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/appointments/series',
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body as Record<string, unknown>,
  });
}

interface Result {
  seriesId: string | null;
  occurrences: {
    startsAt: string;
    outcome: string;
    appointmentId: string | null;
    conflictingAppointmentId: string | null;
  }[];
}

// Mondays 10:00 in New York from 2 March 2026; clocks go forward on Sunday 8 March.
const firstMonday = '2026-03-02T15:00:00.000Z';

async function series() {
  const s = await createBookingScene(ctx.platform);
  const patient = await createPatient(ctx.platform);
  const booking = {
    patientId: patient.id,
    practitionerId: s.doc.id,
    appointmentTypeId: s.type.id,
    startsAt: firstMonday,
  };
  return { ...s, patient, booking };
}

const inSeries = (patientId: string) =>
  q<{ id: string }>(
    'select id from appointment where patient_id = $1 and series_id is not null order by starts_at',
    [patientId],
  );

describe('a weekly series', () => {
  it('keeps the local wall time across the change to summer time', async () => {
    const s = await series();
    const res = await post({ booking: s.booking, repeat: { count: 3 } });
    expect(res.statusCode).toBe(201);
    const result = res.json<Result>();
    expect(result.occurrences.map((o) => [o.startsAt, o.outcome])).toEqual([
      ['2026-03-02T15:00:00.000Z', 'booked'],
      ['2026-03-09T14:00:00.000Z', 'booked'],
      ['2026-03-16T14:00:00.000Z', 'booked'],
    ]);
    const rows = await q<{ series_id: string }>(
      'select series_id from appointment where patient_id = $1',
      [s.patient.id],
    );
    expect(rows.map((r) => r.series_id)).toEqual([
      result.seriesId,
      result.seriesId,
      result.seriesId,
    ]);
    const [audit] = (await auditRows(ctx.platform, ['appointment.series_booked'])).filter(
      (r) => r.entity_id === result.seriesId,
    );
    expect(audit?.details).toEqual({
      seriesId: result.seriesId,
      appointmentIds: result.occurrences.map((o) => o.appointmentId),
      refused: 0,
    });
  });

  it('repeats every N weeks', async () => {
    const s = await series();
    const res = await post({ booking: s.booking, repeat: { everyWeeks: 2, count: 2 } });
    expect(res.json<Result>().occurrences.map((o) => o.startsAt)).toEqual([
      '2026-03-02T15:00:00.000Z',
      '2026-03-16T14:00:00.000Z',
    ]);
  });

  it('books none when one occurrence conflicts, and reports each with the appointment in the way', async () => {
    const s = await series();
    const other = await createPatient(ctx.platform);
    const inTheWay = await insertAppointment(ctx.platform, {
      patientId: other.id,
      practitionerId: s.doc.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt: '2026-03-09T14:15:00Z',
    });
    const before = await q('select count(*) from appointment_series');

    const res = await post({ booking: s.booking, repeat: { count: 3 } });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      seriesId: null,
      occurrences: [
        expect.objectContaining({ outcome: 'free', appointmentId: null }),
        expect.objectContaining({
          startsAt: '2026-03-09T14:00:00.000Z',
          outcome: 'scheduling.slot_taken',
          appointmentId: null,
          conflictingAppointmentId: inTheWay.id,
        }),
        expect.objectContaining({ outcome: 'free', appointmentId: null }),
      ],
    });
    expect(await inSeries(s.patient.id)).toEqual([]);
    expect(await q('select count(*) from appointment_series')).toEqual(before);
  });

  it('books the free ones with skipConflicts and reports the others', async () => {
    const s = await series();
    const other = await createPatient(ctx.platform);
    const inTheWay = await insertAppointment(ctx.platform, {
      patientId: other.id,
      practitionerId: s.doc.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt: '2026-03-09T14:00:00Z',
    });
    await createException(ctx.platform, {
      practitionerId: s.doc.id,
      startsAt: '2026-03-16T00:00:00Z',
      endsAt: '2026-03-17T00:00:00Z',
    });

    const res = await post({ booking: s.booking, repeat: { count: 4 }, skipConflicts: true });

    expect(res.statusCode).toBe(201);
    const result = res.json<Result>();
    expect(result.occurrences.map((o) => [o.outcome, o.conflictingAppointmentId])).toEqual([
      ['booked', null],
      ['scheduling.slot_taken', inTheWay.id],
      ['scheduling.practitioner_unavailable', null],
      ['booked', null],
    ]);
    expect((await inSeries(s.patient.id)).map((r) => r.id)).toEqual([
      result.occurrences[0]?.appointmentId,
      result.occurrences[3]?.appointmentId,
    ]);
  });

  it('reports a conflict of the patient, too', async () => {
    const s = await series();
    const elsewhere = await createBookingScene(ctx.platform);
    const theirs = await insertAppointment(ctx.platform, {
      patientId: s.patient.id,
      practitionerId: elsewhere.doc.id,
      facilityId: elsewhere.clinic.facilityId,
      appointmentTypeId: elsewhere.type.id,
      startsAt: '2026-03-02T15:00:00Z',
    });
    const res = await post({ booking: s.booking, repeat: { count: 2 } });
    expect(res.json<Result>().occurrences[0]).toMatchObject({
      outcome: 'scheduling.patient_busy',
      conflictingAppointmentId: theirs.id,
    });
  });

  it('applies the patient rules once for the whole series', async () => {
    const s = await series();
    await q('update patient set deceased = true where id = $1', [s.patient.id]);
    const res = await post({ booking: s.booking, repeat: { count: 2 } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'scheduling.patient_deceased' });
    expect(await inSeries(s.patient.id)).toEqual([]);
  });

  it('answers a retry with the same Idempotency-Key with the first answer', async () => {
    const s = await series();
    const key = newId();
    const first = await post({ booking: s.booking, repeat: { count: 2 } }, key);
    const again = await post({ booking: s.booking, repeat: { count: 2 } }, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await inSeries(s.patient.id)).toHaveLength(2);
  });
});
