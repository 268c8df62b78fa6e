import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaitlistEntry } from '@meridian/contracts';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  createTemplate,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { auditEvent } from '../../../platform/audit/audit.tables.js';
import { appointment, waitlistOffer } from '../scheduling.tables.js';

let ctx: TestContext;
let clerk: { id: string; cookie: string };
const call = apiCaller(
  () => ctx,
  () => clerk.cookie,
);

let clinic: Awaited<ReturnType<typeof createClinic>>;
let doc: Awaited<ReturnType<typeof createPractitioner>>;
let type: Awaited<ReturnType<typeof createAppointmentType>>;

beforeAll(async () => {
  ctx = await createTestContext();
  clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  clinic = await createClinic(ctx.platform);
  doc = await createPractitioner(ctx.platform, {
    facilityId: clinic.facilityId,
    specialty: 'Dermatology',
    displayName: 'Dr. Skin',
  });
  await createTemplate(ctx.platform, { practitionerId: doc.id, facilityId: clinic.facilityId });
  type = await createAppointmentType(ctx.platform, { name: 'Skin check' });
});
afterAll(() => ctx.close());

function input(patientId: string, extra: Record<string, unknown> = {}) {
  return {
    patientId,
    facilityId: clinic.facilityId,
    appointmentTypeId: type.id,
    practitionerId: doc.id,
    earliestDate: '2026-01-16',
    latestDate: '2026-02-27',
    ...extra,
  };
}

async function addEntry(patientId: string, extra: Record<string, unknown> = {}) {
  ctx.clock.advance(1000);
  const res = await call('POST', '/api/v1/waitlist', { body: input(patientId, extra) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<WaitlistEntry>();
}

describe('waitlist entries', () => {
  it('adds a patient to the waitlist and audits it', async () => {
    const p = await createPatient(ctx.platform);
    const res = await call('POST', '/api/v1/waitlist', {
      body: input(p.id, { note: 'Mornings suit best' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const entry = res.json<WaitlistEntry>();
    expect(res.headers.etag).toBe('"1"');
    expect(entry).toMatchObject({
      patientId: p.id,
      status: 'waiting',
      practitionerId: doc.id,
      practitionerName: 'Dr. Skin',
      appointmentTypeName: 'Skin check',
      offerExpiresAt: null,
      note: 'Mornings suit best',
      patient: { id: p.id, name: { family: p.familyName } },
    });
    const audits = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(
        and(eq(auditEvent.action, 'waitlist.entry_created'), eq(auditEvent.entityId, entry.id)),
      );
    expect(audits).toMatchObject([{ patientId: p.id, actorUserId: clerk.id }]);
    expect(JSON.stringify(audits[0]?.details)).not.toContain('Mornings');
  });

  it.each([
    ['neither a practitioner nor a specialty', { practitionerId: undefined }, 'practitionerId'],
    ['a window that ends before it starts', { latestDate: '2026-01-10' }, 'latestDate'],
    [
      'a window already over',
      { earliestDate: '2026-01-01', latestDate: '2026-01-14' },
      'latestDate',
    ],
    [
      'an unknown appointment type',
      { appointmentTypeId: '019b0000-0000-7000-8000-000000000000' },
      'appointmentTypeId',
    ],
  ])('refuses %s', async (_name, extra, path) => {
    const p = await createPatient(ctx.platform);
    const res = await call('POST', '/api/v1/waitlist', { body: input(p.id, extra) });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.map((e) => e.path)).toContain(path);
  });

  it('refuses a second open entry of the patient for the same visit and practitioner', async () => {
    const p = await createPatient(ctx.platform);
    const first = await addEntry(p.id);
    const again = await call('POST', '/api/v1/waitlist', { body: input(p.id) });
    expect([again.statusCode, again.json<TestProblem>().code]).toEqual([409, 'resource.conflict']);
    // Waiting for a specialty as well is a different wish, and once cancelled it may return.
    await addEntry(p.id, { practitionerId: undefined, specialty: 'Dermatology' });
    await call('POST', `/api/v1/waitlist/${first.id}/cancel`, { ifMatch: '"1"' });
    await addEntry(p.id);
  });

  it("refuses a current appointment that is not the patient's", async () => {
    const [p, other] = [await createPatient(ctx.platform), await createPatient(ctx.platform)];
    const theirs = await insertAppointment(ctx.platform, {
      patientId: other.id,
      practitionerId: doc.id,
      facilityId: clinic.facilityId,
      appointmentTypeId: type.id,
      startsAt: '2026-02-20T15:00:00Z',
    });
    const res = await call('POST', '/api/v1/waitlist', {
      body: input(p.id, { currentAppointmentId: theirs.id }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]?.path).toBe('currentAppointmentId');
  });

  it('refuses deceased and merged-away patients', async () => {
    const dead = await createPatient(ctx.platform);
    const gone = await createPatient(ctx.platform);
    const survivor = await createPatient(ctx.platform);
    await ctx.platform.database.pool.query(`update patient set deceased = true where id = $1`, [
      dead.id,
    ]);
    await ctx.platform.database.pool.query(
      `update patient set status = 'merged', merged_into_id = $2 where id = $1`,
      [gone.id, survivor.id],
    );
    const a = await call('POST', '/api/v1/waitlist', { body: input(dead.id) });
    expect([a.statusCode, a.json<TestProblem>().code]).toEqual([
      422,
      'scheduling.patient_deceased',
    ]);
    const b = await call('POST', '/api/v1/waitlist', { body: input(gone.id) });
    expect([b.statusCode, b.json<TestProblem>().code]).toEqual([409, 'patient.merged']);
  });

  it('asks for break-the-glass before waitlisting a restricted patient', async () => {
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const res = await call('POST', '/api/v1/waitlist', { body: input(vip.id) });
    expect(res.json<TestProblem>().code).toBe('access.break_glass_required');
  });

  it('lists open entries first come first served, with a read audit naming the patients', async () => {
    const other = await createClinic(ctx.platform);
    const otherDoc = await createPractitioner(ctx.platform, { facilityId: other.facilityId });
    const patients = [await createPatient(ctx.platform), await createPatient(ctx.platform)];
    const facility = { facilityId: other.facilityId, practitionerId: otherDoc.id };
    const first = await addEntry(patients[0]!.id, facility);
    const second = await addEntry(patients[1]!.id, {
      ...facility,
      practitionerId: undefined,
      specialty: 'Family medicine',
    });
    const restricted = await createPatient(ctx.platform, { flags: { confidential: true } });
    await ctx.platform.database.pool.query(
      `insert into waitlist_entry (id, patient_id, facility_id, appointment_type_id, specialty,
         earliest_date, latest_date, status, version, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, $3, 'Family medicine', '2026-01-16', '2026-02-01',
         'waiting', 1, now() + interval '1 day', now())`,
      [restricted.id, other.facilityId, type.id],
    );

    const res = await call('GET', `/api/v1/waitlist?facilityId=${other.facilityId}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: WaitlistEntry[] }>().items;
    expect(items.map((e) => e.patientId)).toEqual([
      patients[0]!.id,
      patients[1]!.id,
      restricted.id,
    ]);
    expect(items[0]?.id).toBe(first.id);
    expect(items[1]).toMatchObject({
      id: second.id,
      specialty: 'Family medicine',
      practitionerName: null,
    });
    // A restricted record shows its id and MRN, not its name.
    expect(items[2]?.patient).toMatchObject({ restricted: true, name: null });

    const bySpecialty = await call(
      'GET',
      `/api/v1/waitlist?facilityId=${other.facilityId}&specialty=family%20MEDICINE`,
    );
    expect(bySpecialty.json<{ items: WaitlistEntry[] }>().items).toHaveLength(2);
    const byPractitioner = await call(
      'GET',
      `/api/v1/waitlist?facilityId=${other.facilityId}&practitionerId=${otherDoc.id}`,
    );
    expect(byPractitioner.json<{ items: WaitlistEntry[] }>().items.map((e) => e.id)).toEqual([
      first.id,
    ]);

    const [audit] = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'waitlist.read'), eq(auditEvent.actorUserId, clerk.id)))
      .orderBy(auditEvent.seq)
      .limit(1);
    expect((audit?.details as { patientIds: string[] }).patientIds).toEqual([
      patients[0]!.id,
      patients[1]!.id,
      restricted.id,
    ]);
  });

  it('cancels an entry at the version the clerk saw', async () => {
    const p = await createPatient(ctx.platform);
    const entry = await addEntry(p.id);
    const url = `/api/v1/waitlist/${entry.id}/cancel`;
    expect((await call('POST', url)).statusCode).toBe(428);
    expect((await call('POST', url, { ifMatch: '"7"' })).statusCode).toBe(412);
    const res = await call('POST', url, { ifMatch: '"1"' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<WaitlistEntry>()).toMatchObject({ status: 'cancelled', version: 2 });
    const again = await call('POST', url, { ifMatch: '"2"' });
    expect(again.json<TestProblem>().code).toBe('resource.conflict');

    const cancelled = await call(
      'GET',
      `/api/v1/waitlist?facilityId=${clinic.facilityId}&status=cancelled`,
    );
    expect(cancelled.json<{ items: WaitlistEntry[] }>().items.map((e) => e.id)).toContain(entry.id);
  });
});

describe('paging the waitlist', () => {
  type Page = { items: WaitlistEntry[]; nextCursor: string | null };

  /**
   * A clinic of its own with `count` waiting entries, one of them written straight to the
   * database 0.6 ms before the last (microseconds, as now() writes them): a cursor that kept
   * only milliseconds would show it twice.
   */
  async function waitingList(count: number) {
    const c = await createClinic(ctx.platform);
    const d = await createPractitioner(ctx.platform, { facilityId: c.facilityId });
    const ids: string[] = [];
    for (let i = 0; i < count - 1; i++) {
      const patient = await createPatient(ctx.platform);
      ids.push((await addEntry(patient.id, { facilityId: c.facilityId, practitionerId: d.id })).id);
    }
    const late = await createPatient(ctx.platform);
    const { rows } = await ctx.platform.database.pool.query<{ id: string }>(
      `insert into waitlist_entry (id, patient_id, facility_id, appointment_type_id, practitioner_id,
         earliest_date, latest_date, status, version, created_at, updated_at)
       select gen_random_uuid(), $1, facility_id, appointment_type_id, practitioner_id,
              earliest_date, latest_date, 'waiting', 1, created_at - interval '0.000600 seconds', now()
         from waitlist_entry where id = $2
       returning id`,
      [late.id, ids.at(-1)],
    );
    ids.splice(ids.length - 1, 0, rows[0]!.id);
    return { facilityId: c.facilityId, ids };
  }

  async function pageOf(facilityId: string, query = '') {
    const res = await call('GET', `/api/v1/waitlist?facilityId=${facilityId}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  }

  it('walks every entry once, in arrival order, page by page', async () => {
    const { facilityId, ids } = await waitingList(5);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await pageOf(
        facilityId,
        `&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      sizes.push(page.items.length);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(ids);
  });

  it('answers one page with no cursor when everything fits', async () => {
    const { facilityId, ids } = await waitingList(3);
    const page = await pageOf(facilityId, '&limit=3');
    expect(page.items.map((e) => e.id)).toEqual(ids);
    expect(page.nextCursor).toBeNull();
    // Fifty by default.
    expect((await pageOf(facilityId)).items).toHaveLength(3);
  });

  it('audits each page with the patients it showed', async () => {
    const { facilityId, ids } = await waitingList(3);
    const first = await pageOf(facilityId, '&limit=2');
    await pageOf(facilityId, `&limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    const audits = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'waitlist.read'), eq(auditEvent.facilityId, facilityId)))
      .orderBy(auditEvent.seq);
    expect(audits.map((a) => (a.details as { entryIds: string[] }).entryIds)).toEqual([
      ids.slice(0, 2),
      ids.slice(2),
    ]);
  });

  it.each([
    ['a cursor it did not issue', '&cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ['a limit over 200', '&limit=201', 'query.limit'],
    ['a limit of 0', '&limit=0', 'query.limit'],
  ])('refuses %s with 400 naming the field', async (_story, query, path) => {
    const res = await call('GET', `/api/v1/waitlist?facilityId=${clinic.facilityId}${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.map((e) => e.path)).toContain(path);
  });
});

describe('the waitlist and the booking API together', () => {
  it("offers a clerk's cancellation to the waitlist and keeps the held slot from other clerks", async () => {
    const c = await createClinic(ctx.platform);
    const d = await createPractitioner(ctx.platform, { facilityId: c.facilityId });
    await createTemplate(ctx.platform, { practitionerId: d.id, facilityId: c.facilityId });
    const leaver = await createPatient(ctx.platform);
    const booked = await insertAppointment(ctx.platform, {
      patientId: leaver.id,
      practitionerId: d.id,
      facilityId: c.facilityId,
      appointmentTypeId: type.id,
      startsAt: '2026-01-21T15:00:00Z',
    });
    const waiting = await createPatient(ctx.platform);
    const entry = await addEntry(waiting.id, { facilityId: c.facilityId, practitionerId: d.id });

    const cancel = await call('POST', `/api/v1/appointments/${booked.id}/cancel`, {
      body: { reason: 'Patient is travelling' },
      ifMatch: '"1"',
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const [offer] = await ctx.platform.db
      .select()
      .from(waitlistOffer)
      .where(eq(waitlistOffer.entryId, entry.id));
    expect(offer?.status).toBe('open');

    const list = await call('GET', `/api/v1/waitlist?facilityId=${c.facilityId}`);
    expect(list.json<{ items: WaitlistEntry[] }>().items[0]).toMatchObject({
      id: entry.id,
      status: 'offered',
      offerExpiresAt: offer?.expiresAt.toISOString(),
    });

    const someoneElse = await createPatient(ctx.platform);
    const grab = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: { cookie: clerk.cookie, 'idempotency-key': 'grab-held-slot' },
      payload: {
        patientId: someoneElse.id,
        practitionerId: d.id,
        appointmentTypeId: type.id,
        startsAt: '2026-01-21T15:00:00Z',
        facilityId: c.facilityId,
      },
    });
    expect(grab.statusCode, grab.body).toBe(409);
    expect(grab.json<TestProblem>().code).toBe('scheduling.slot_taken');
    const [held] = await ctx.platform.db
      .select()
      .from(appointment)
      .where(eq(appointment.id, offer!.heldAppointmentId));
    expect(held?.status).toBe('held');

    // Cancelling the entry withdraws its offer and, with nobody else asked, frees the slot.
    const withdrawn = await call('POST', `/api/v1/waitlist/${entry.id}/cancel`, {
      ifMatch: '"2"',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const [released] = await ctx.platform.db
      .select()
      .from(appointment)
      .where(eq(appointment.id, offer!.heldAppointmentId));
    expect(released?.status).toBe('cancelled');
  });
});
