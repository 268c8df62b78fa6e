import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, test } from 'vitest';
import type { Slot, SlotSearchResult } from '@meridian/contracts';
import { Temporal } from 'temporal-polyfill';
import { newId } from '../../../platform/ids.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createException,
  createPractitioner,
  createTemplate,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import {
  appointment,
  appointmentResource,
  scheduleException,
  scheduleResource,
} from '../scheduling.tables.js';

let ctx: TestContext;
let cookie = '';
const call = apiCaller(
  () => ctx,
  () => cookie,
);
beforeAll(async () => {
  ctx = await createTestContext();
  cookie = (await signedInStaff(ctx.platform, { roles: ['front_desk'] })).cookie;
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.set('2026-01-15T09:00:00Z'));

const NY = 'America/New_York';

async function search(query: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return call('GET', `/api/v1/scheduling/slots?${qs.toString()}`);
}

async function slots(query: Record<string, string | number>): Promise<Slot[]> {
  const res = await search(query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SlotSearchResult>().items;
}

/** A New York clinic with one practitioner working Mon-Fri 09:00-17:00 and a 30-min type. */
async function scene(o: { specialty?: string; maxAppointmentsPerDay?: number } = {}) {
  const clinic = await createClinic(ctx.platform, { timeZone: NY });
  const specialty = o.specialty ?? `Specialty ${newId().slice(-6)}`;
  const doc = await createPractitioner(ctx.platform, {
    facilityId: clinic.facilityId,
    departmentId: clinic.departmentId,
    specialty,
    maxAppointmentsPerDay: o.maxAppointmentsPerDay ?? null,
  });
  await createTemplate(ctx.platform, { practitionerId: doc.id, facilityId: clinic.facilityId });
  const type = await createAppointmentType(ctx.platform);
  return { clinic, doc, type, specialty };
}

const starts = (items: Slot[]) => items.map((s) => s.startsAt);
const monday = { from: '2026-01-19', to: '2026-01-19' };

describe('GET /api/v1/scheduling/slots', () => {
  it('searches a specialty across practitioners, any case, active and allowed ones only', async () => {
    const { clinic, doc, type, specialty } = await scene();
    const second = await createPractitioner(ctx.platform, {
      facilityId: clinic.facilityId,
      specialty: specialty.toLowerCase(),
    });
    const retired = await createPractitioner(ctx.platform, {
      facilityId: clinic.facilityId,
      specialty,
      isActive: false,
    });
    const other = await createPractitioner(ctx.platform, {
      facilityId: clinic.facilityId,
      specialty: 'Dermatology',
    });
    for (const p of [second, retired, other]) {
      await createTemplate(ctx.platform, { practitionerId: p.id, facilityId: clinic.facilityId });
    }
    const items = await slots({
      appointmentTypeId: type.id,
      specialty: specialty.toUpperCase(),
      ...monday,
    });
    expect(new Set(items.map((s) => s.practitionerId))).toEqual(new Set([doc.id, second.id]));
    expect(items).toHaveLength(62);
    const sorted = [...items].sort(
      (a, b) =>
        a.startsAt.localeCompare(b.startsAt) || a.practitionerId.localeCompare(b.practitionerId),
    );
    expect(items).toEqual(sorted);
    expect(items[0]).toEqual({
      practitionerId: [doc.id, second.id].sort()[0],
      facilityId: clinic.facilityId,
      startsAt: '2026-01-19T14:00:00.000Z',
      endsAt: '2026-01-19T14:30:00.000Z',
    });

    // A type listing its practitioners is offered with those only.
    const onlySecond = await createAppointmentType(ctx.platform, { practitionerIds: [second.id] });
    const restricted = await slots({ appointmentTypeId: onlySecond.id, specialty, ...monday });
    expect(new Set(restricted.map((s) => s.practitionerId))).toEqual(new Set([second.id]));
  });

  it('searches a location: only working hours at that facility', async () => {
    const { doc, type, clinic } = await scene();
    const annex = await createClinic(ctx.platform, { timeZone: NY });
    await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: annex.facilityId,
      blocks: [{ weekday: 6, startMinute: 9 * 60, endMinute: 12 * 60 }],
    });
    const week = { from: '2026-01-19', to: '2026-01-25' };
    const atAnnex = await slots({
      appointmentTypeId: type.id,
      facilityId: annex.facilityId,
      ...week,
    });
    expect(new Set(atAnnex.map((s) => s.facilityId))).toEqual(new Set([annex.facilityId]));
    expect(atAnnex).toHaveLength(11); // Saturday 09:00-12:00
    const anywhere = await slots({ appointmentTypeId: type.id, practitionerId: doc.id, ...week });
    expect(new Set(anywhere.map((s) => s.facilityId))).toEqual(
      new Set([clinic.facilityId, annex.facilityId]),
    );
  });

  it('removes slots in leave and facility holidays, but not in a cancelled exception', async () => {
    const { doc, type, clinic } = await scene();
    await createException(ctx.platform, {
      practitionerId: doc.id,
      startsAt: '2026-01-19T17:00:00Z', // 12:00-13:00 local
      endsAt: '2026-01-19T18:00:00Z',
    });
    await createException(ctx.platform, {
      facilityId: clinic.facilityId,
      kind: 'holiday',
      startsAt: '2026-01-20T05:00:00Z', // all of Tuesday
      endsAt: '2026-01-21T05:00:00Z',
    });
    const cancelled = await createException(ctx.platform, {
      practitionerId: doc.id,
      startsAt: '2026-01-21T05:00:00Z', // all of Wednesday, but called off
      endsAt: '2026-01-22T05:00:00Z',
    });
    await ctx.platform.db
      .update(scheduleException)
      .set({ isCancelled: true })
      .where(eq(scheduleException.id, cancelled));
    const items = await slots({
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      from: '2026-01-19',
      to: '2026-01-21',
    });
    const days = new Set(items.map((s) => s.startsAt.slice(0, 10)));
    expect([...days]).toEqual(['2026-01-19', '2026-01-21']);
    const at = starts(items);
    expect(at).toContain('2026-01-19T16:30:00.000Z');
    expect(at).not.toContain('2026-01-19T16:45:00.000Z');
    expect(at).not.toContain('2026-01-19T17:45:00.000Z');
    expect(at).toContain('2026-01-19T18:00:00.000Z');
    expect(items.filter((s) => s.startsAt.startsWith('2026-01-21'))).toHaveLength(31);
  });

  it("removes slots an existing booking's visit and buffers take; a cancelled one frees them", async () => {
    const { doc, type, clinic } = await scene();
    const buffered = await createAppointmentType(ctx.platform, {
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 5,
    });
    const patient = await createPatient(ctx.platform);
    const booked = await insertAppointment(ctx.platform, {
      patientId: patient.id,
      practitionerId: doc.id,
      facilityId: clinic.facilityId,
      appointmentTypeId: buffered.id,
      startsAt: '2026-01-19T15:00:00Z', // 10:00 local
    });
    await ctx.platform.db
      .update(appointment)
      .set({
        blockedPeriod: {
          from: new Date('2026-01-19T14:50:00Z'),
          to: new Date('2026-01-19T15:35:00Z'),
        },
      })
      .where(eq(appointment.id, booked.id));
    await insertAppointment(ctx.platform, {
      patientId: patient.id,
      practitionerId: doc.id,
      facilityId: clinic.facilityId,
      appointmentTypeId: type.id,
      startsAt: '2026-01-19T19:00:00Z', // 14:00 local, cancelled
      status: 'cancelled',
    });
    const at = starts(
      await slots({ appointmentTypeId: buffered.id, practitionerId: doc.id, ...monday }),
    );
    // A new visit at t blocks [t-10, t+35): clear of 09:50-10:35 when t <= 09:15 or t >= 10:45.
    expect(at).toContain('2026-01-19T14:15:00.000Z');
    for (const t of ['14:30', '14:45', '15:00', '15:15', '15:30']) {
      expect(at).not.toContain(`2026-01-19T${t}:00.000Z`);
    }
    expect(at).toContain('2026-01-19T15:45:00.000Z');
    expect(at).toContain('2026-01-19T19:00:00.000Z');
  });

  it("honours the practitioner's maximum per local day", async () => {
    const { doc, type, clinic } = await scene({ maxAppointmentsPerDay: 2 });
    for (const startsAt of ['2026-01-19T14:00:00Z', '2026-01-19T15:00:00Z']) {
      await insertAppointment(ctx.platform, {
        patientId: (await createPatient(ctx.platform)).id,
        practitionerId: doc.id,
        facilityId: clinic.facilityId,
        appointmentTypeId: type.id,
        startsAt,
      });
    }
    const items = await slots({
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      from: '2026-01-19',
      to: '2026-01-20',
    });
    expect([...new Set(items.map((s) => s.startsAt.slice(0, 10)))]).toEqual(['2026-01-20']);
  });

  it('keeps the reserved resource free and offers only its facility', async () => {
    const { doc, type, clinic } = await scene();
    const elsewhere = await createClinic(ctx.platform, { timeZone: NY });
    await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: elsewhere.facilityId,
      blocks: [{ weekday: 6, startMinute: 9 * 60, endMinute: 12 * 60 }],
    });
    const resourceId = newId();
    const now = ctx.clock.now();
    await ctx.platform.db.insert(scheduleResource).values({
      id: resourceId,
      facilityId: clinic.facilityId,
      kind: 'room',
      code: `R${resourceId.slice(-6).toUpperCase()}`,
      name: 'Procedure room',
      isActive: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const other = await createPractitioner(ctx.platform, { facilityId: clinic.facilityId });
    const usesRoom = await insertAppointment(ctx.platform, {
      patientId: (await createPatient(ctx.platform)).id,
      practitionerId: other.id,
      facilityId: clinic.facilityId,
      appointmentTypeId: type.id,
      startsAt: '2026-01-19T15:00:00Z', // 10:00-10:30 local in the room
    });
    await ctx.platform.db.insert(appointmentResource).values({
      appointmentId: usesRoom.id,
      resourceId,
      period: { from: usesRoom.startsAt, to: usesRoom.endsAt },
      isActive: true,
    });
    await createException(ctx.platform, {
      resourceId,
      kind: 'blocked',
      startsAt: '2026-01-19T19:00:00Z', // 14:00-15:00 local: maintenance
      endsAt: '2026-01-19T20:00:00Z',
      reason: 'Maintenance',
    });
    const items = await slots({
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      resourceId,
      from: '2026-01-19',
      to: '2026-01-24',
    });
    const at = starts(items);
    expect(at).toContain('2026-01-19T14:30:00.000Z');
    expect(at).not.toContain('2026-01-19T14:45:00.000Z');
    expect(at).not.toContain('2026-01-19T15:15:00.000Z');
    expect(at).toContain('2026-01-19T15:30:00.000Z');
    expect(at).not.toContain('2026-01-19T19:30:00.000Z');
    expect(at).toContain('2026-01-19T20:00:00.000Z');
    expect(new Set(items.map((s) => s.facilityId))).toEqual(new Set([clinic.facilityId]));
  });

  it('counts real hours across the spring-forward week in New York', async () => {
    const { doc, clinic } = await scene();
    await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinic.facilityId,
      blocks: [{ weekday: 7, startMinute: 0, endMinute: 4 * 60 }],
    });
    const hour = await createAppointmentType(ctx.platform, { durationMinutes: 60 });
    const items = await slots({
      appointmentTypeId: hour.id,
      practitionerId: doc.id,
      from: '2026-03-06',
      to: '2026-03-09',
      limit: 2000,
    });
    const on = (date: string) => items.filter((s) => s.startsAt.startsWith(date));
    // Friday before: 09:00 EST = 14:00Z; Monday after: 09:00 EDT = 13:00Z; 8 real hours each.
    expect(on('2026-03-06')[0]?.startsAt).toBe('2026-03-06T14:00:00.000Z');
    expect(on('2026-03-09')[0]?.startsAt).toBe('2026-03-09T13:00:00.000Z');
    expect(on('2026-03-09')).toHaveLength(29);
    // Sunday 00:00-04:00 is three real hours; nothing starts in the skipped 02:00 hour.
    const sunday = on('2026-03-08').map((s) =>
      Temporal.Instant.from(s.startsAt).toZonedDateTimeISO(NY).toPlainTime().toString().slice(0, 5),
    );
    expect(sunday).toEqual([
      '00:00',
      '00:15',
      '00:30',
      '00:45',
      '01:00',
      '01:15',
      '01:30',
      '01:45',
      '03:00',
    ]);
  });

  it('offers no slot that starts before now', async () => {
    const { doc, type } = await scene();
    ctx.clock.set('2026-01-19T17:05:00Z');
    // Moving the clock four days ends the file's session: sign in anew for this one call.
    const saved = cookie;
    cookie = (await signedInStaff(ctx.platform, { roles: ['front_desk'] })).cookie;
    const items = await slots({ appointmentTypeId: type.id, practitionerId: doc.id, ...monday });
    cookie = saved;
    expect(items[0]?.startsAt).toBe('2026-01-19T17:15:00.000Z');
    expect(items).toHaveLength(18);
  });

  it('cuts the list at the limit and says so', async () => {
    const { doc, type } = await scene();
    const res = await search({
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      ...monday,
      limit: 5,
    });
    expect(res.json()).toMatchObject({ truncated: true });
    expect(res.json<SlotSearchResult>().items).toHaveLength(5);
  });

  it('reads from and to in the time zone the caller names', async () => {
    const { doc, type } = await scene();
    const items = await slots({
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      from: '2026-01-20',
      to: '2026-01-20',
      timeZone: 'Asia/Tokyo',
    });
    expect(items[0]?.startsAt).toBe('2026-01-19T15:00:00.000Z');
    expect(items.at(-1)?.startsAt).toBe('2026-01-20T14:45:00.000Z');
  });

  test.each([
    [
      'a range over 31 days',
      { from: '2026-01-01', to: '2026-02-01' },
      400,
      'query.to',
      'max_range',
    ],
    [
      'a time zone that does not exist',
      { ...monday, timeZone: 'Mars/Olympus_Mons' },
      400,
      'query.timeZone',
      undefined,
    ],
    ['to before from', { from: '2026-01-20', to: '2026-01-19' }, 400, 'query.to', undefined],
    [
      'no practitioner, specialty or location',
      { ...monday, practitionerId: undefined },
      400,
      'query.practitionerId',
      undefined,
    ],
  ])('refuses %s', async (_story, overrides, status, path, rule) => {
    const { doc, type } = await scene();
    const query = Object.fromEntries(
      Object.entries({ appointmentTypeId: type.id, practitionerId: doc.id, ...overrides }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    const res = await search(query);
    expect(res.statusCode).toBe(status);
    const problem = res.json<TestProblem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    if (rule) expect(problem.errors?.find((e) => e.path === path)?.rule).toBe(rule);
  });

  it('accepts a range of exactly 31 days', async () => {
    const { doc, type } = await scene();
    const res = await search({
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers 404 for an appointment type that does not exist', async () => {
    const { doc } = await scene();
    const res = await search({ appointmentTypeId: newId(), practitionerId: doc.id, ...monday });
    expect(res.statusCode).toBe(404);
    expect(res.json<TestProblem>().code).toBe('resource.not_found');
  });

  it('answers 404 for a resource that does not exist', async () => {
    const { doc, type } = await scene();
    const res = await search({
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      resourceId: newId(),
      ...monday,
    });
    expect(res.statusCode).toBe(404);
  });

  it('refuses an inactive appointment type', async () => {
    const { doc } = await scene();
    const old = await createAppointmentType(ctx.platform, { isActive: false });
    const res = await search({ appointmentTypeId: old.id, practitionerId: doc.id, ...monday });
    expect(res.statusCode).toBe(422);
    expect(res.json<TestProblem>().code).toBe('scheduling.inactive');
  });

  it('needs a signed-in user with appointment.read', async () => {
    const { doc, type } = await scene();
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/scheduling/slots?appointmentTypeId=${type.id}&practitionerId=${doc.id}&from=2026-01-19&to=2026-01-19`,
    });
    expect(res.statusCode).toBe(401);
  });
});
