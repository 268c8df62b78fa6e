import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { AppError } from '../../../platform/errors.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createException,
  createPractitioner,
  createTemplate,
  insertAppointment,
  weekdayNineToFive,
} from '../../../../test/scheduling-factories.js';
import { assertBookable, workingFacilityAt, type BookingWindow } from './bookable.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A New York practitioner: Mon-Fri 09:00-17:00 at the clinic, Saturday mornings at the annex,
 *  Sunday 00:00-03:00 at the clinic (to book across the fall-back hour). */
async function scene(o: { maxAppointmentsPerDay?: number } = {}) {
  const clinic = await createClinic(ctx.platform, { timeZone: 'America/New_York' });
  const annex = await createClinic(ctx.platform, { timeZone: 'America/New_York' });
  const doc = await createPractitioner(ctx.platform, {
    facilityId: clinic.facilityId,
    maxAppointmentsPerDay: o.maxAppointmentsPerDay ?? null,
  });
  await createTemplate(ctx.platform, {
    practitionerId: doc.id,
    facilityId: clinic.facilityId,
    blocks: [...weekdayNineToFive, { weekday: 7, startMinute: 0, endMinute: 180 }],
  });
  await createTemplate(ctx.platform, {
    practitionerId: doc.id,
    facilityId: annex.facilityId,
    blocks: [{ weekday: 6, startMinute: 9 * 60, endMinute: 12 * 60 }],
  });
  return { clinic, annex, doc };
}

/** A 30-minute visit with the given buffers around it. */
function windowAt(
  practitionerId: string,
  facilityId: string,
  startsAt: string,
  buffers: [before: number, after: number] = [0, 0],
): BookingWindow {
  const start = new Date(startsAt);
  const end = new Date(start.getTime() + 30 * 60_000);
  return {
    practitionerId,
    facilityId,
    startsAt: start,
    endsAt: end,
    blockedPeriod: {
      from: new Date(start.getTime() - buffers[0] * 60_000),
      to: new Date(end.getTime() + buffers[1] * 60_000),
    },
  };
}

async function refusal(w: BookingWindow): Promise<AppError> {
  const err: unknown = await assertBookable(ctx.platform.db, w).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('assertBookable', () => {
  test.each([
    ['10:00 on a Monday', 'clinic', '2026-01-19T15:00:00Z', [0, 0]],
    ['the last half hour of the day', 'clinic', '2026-01-19T21:30:00Z', [0, 0]],
    ['a Saturday morning at the annex', 'annex', '2026-01-24T15:00:00Z', [0, 0]],
    ['the second 01:00 of the fall-back night', 'clinic', '2026-11-01T06:00:00Z', [0, 0]],
  ] as const)('accepts %s', async (_story, where, startsAt, buffers) => {
    const s = await scene();
    const facilityId = where === 'clinic' ? s.clinic.facilityId : s.annex.facilityId;
    await expect(
      assertBookable(ctx.platform.db, windowAt(s.doc.id, facilityId, startsAt, [...buffers])),
    ).resolves.toBeUndefined();
  });

  test.each([
    ['a buffer before 09:00', 'clinic', '2026-01-19T14:00:00Z', [5, 0]],
    ['a buffer after 17:00', 'clinic', '2026-01-19T21:30:00Z', [0, 5]],
    [
      'a Monday at the annex, where there are no Monday hours',
      'annex',
      '2026-01-19T15:00:00Z',
      [0, 0],
    ],
    ['a Saturday at the clinic', 'clinic', '2026-01-24T15:00:00Z', [0, 0]],
    ['03:00 on the fall-back night, after the block', 'clinic', '2026-11-01T08:00:00Z', [0, 0]],
  ] as const)('refuses %s as outside working hours', async (_story, where, startsAt, buffers) => {
    const s = await scene();
    const facilityId = where === 'clinic' ? s.clinic.facilityId : s.annex.facilityId;
    const err = await refusal(windowAt(s.doc.id, facilityId, startsAt, [...buffers]));
    expect(err.code).toBe('scheduling.outside_working_hours');
    expect(err.message).toContain(s.doc.id);
    expect(err.message).toContain(facilityId);
    expect(err.details.errors).toEqual([
      expect.objectContaining({ path: 'startsAt', rule: 'outside_working_hours' }),
    ]);
  });

  it("refuses a visit whose buffer reaches into the practitioner's leave", async () => {
    const s = await scene();
    const leave = await createException(ctx.platform, {
      practitionerId: s.doc.id,
      startsAt: '2026-01-19T16:00:00Z',
      endsAt: '2026-01-19T17:00:00Z',
    });
    const w = windowAt(s.doc.id, s.clinic.facilityId, '2026-01-19T15:30:00Z', [0, 5]);
    const err = await refusal(w);
    expect(err.code).toBe('scheduling.practitioner_unavailable');
    expect(err.message).toContain(leave);
    expect(err.details.errors).toEqual([
      expect.objectContaining({ path: 'startsAt', rule: 'exception' }),
    ]);
    // Without the buffer the visit ends as the leave begins: half-open periods touch.
    await assertBookable(
      ctx.platform.db,
      windowAt(s.doc.id, s.clinic.facilityId, '2026-01-19T15:30:00Z'),
    );
  });

  it("refuses a visit on the facility's holiday, not on another facility's", async () => {
    const s = await scene();
    const holiday = {
      kind: 'holiday' as const,
      startsAt: '2026-01-19T05:00:00Z',
      endsAt: '2026-01-20T05:00:00Z',
    };
    await createException(ctx.platform, { ...holiday, facilityId: s.annex.facilityId });
    const w = windowAt(s.doc.id, s.clinic.facilityId, '2026-01-19T15:00:00Z');
    await assertBookable(ctx.platform.db, w);
    await createException(ctx.platform, { ...holiday, facilityId: s.clinic.facilityId });
    expect((await refusal(w)).code).toBe('scheduling.practitioner_unavailable');
  });

  it('refuses the appointment over the daily maximum, counting by local day', async () => {
    const s = await scene({ maxAppointmentsPerDay: 2 });
    const type = await createAppointmentType(ctx.platform);
    const book = async (startsAt: string, status: 'booked' | 'cancelled' = 'booked') =>
      insertAppointment(ctx.platform, {
        patientId: (await createPatient(ctx.platform)).id,
        practitionerId: s.doc.id,
        facilityId: s.clinic.facilityId,
        appointmentTypeId: type.id,
        startsAt,
        status,
      });
    const first = await book('2026-01-19T14:00:00Z');
    await book('2026-01-19T15:00:00Z', 'cancelled');
    const w = windowAt(s.doc.id, s.clinic.facilityId, '2026-01-19T20:00:00Z');
    await assertBookable(ctx.platform.db, w); // one active, one cancelled
    await book('2026-01-19T21:00:00Z');
    const err = await refusal(w);
    expect(err.code).toBe('scheduling.daily_limit_reached');
    expect(err.message).toMatch(/already has 2 active appointments on 2026-01-19 .*maximum is 2/);
    expect(err.details.errors).toEqual([expect.objectContaining({ path: 'startsAt' })]);
    // Moving one of the day's own appointments is not a third one.
    await assertBookable(ctx.platform.db, { ...w, excludeAppointmentId: first.id });
    // The next local day is free.
    await assertBookable(
      ctx.platform.db,
      windowAt(s.doc.id, s.clinic.facilityId, '2026-01-20T14:00:00Z'),
    );
  });
});

describe('workingFacilityAt', () => {
  it('names the facility where the practitioner works at that time, or null', async () => {
    const s = await scene();
    const at = (from: string, to: string) =>
      workingFacilityAt(ctx.platform.db, s.doc.id, new Date(from), new Date(to));
    expect(await at('2026-01-19T15:00:00Z', '2026-01-19T15:30:00Z')).toBe(s.clinic.facilityId);
    expect(await at('2026-01-24T15:00:00Z', '2026-01-24T15:30:00Z')).toBe(s.annex.facilityId);
    expect(await at('2026-01-20T22:00:00Z', '2026-01-20T22:30:00Z')).toBeNull();
  });
});
