import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createBookingScene,
  createPractitioner,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { newId } from '../../../platform/ids.js';

let ctx: TestContext;
let cookie: string;
const call = apiCaller(
  () => ctx,
  () => cookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  cookie = (await signedInStaff(ctx.platform, { roles: ['front_desk'] })).cookie;
});
afterAll(() => ctx.close());

type Page = {
  items: { id: string; startsAt: string; patient: { name: unknown } | null }[];
  nextCursor: string | null;
};

/** A practitioner's Monday: three visits that day, one the day before and one the day after. */
async function busyDay() {
  const s = await createBookingScene(ctx.platform);
  const base = {
    practitionerId: s.doc.id,
    facilityId: s.clinic.facilityId,
    appointmentTypeId: s.type.id,
    departmentId: s.clinic.departmentId,
  };
  const patients = await Promise.all([1, 2, 3, 4, 5].map(() => createPatient(ctx.platform)));
  const at = async (i: number, startsAt: string, status?: 'cancelled') =>
    insertAppointment(ctx.platform, {
      ...base,
      patientId: patients[i]!.id,
      startsAt,
      ...(status ? { status } : {}),
    });
  const sunday = await at(0, '2026-01-19T04:00:00Z');
  const a = await at(1, '2026-01-19T15:00:00Z');
  const b = await at(2, '2026-01-19T16:00:00Z', 'cancelled');
  const c = await at(3, '2026-01-19T17:00:00Z');
  const tuesday = await at(4, '2026-01-20T15:00:00Z');
  return { ...s, patients, sunday, a, b, c, tuesday };
}

const day = 'from=2026-01-19T05:00:00Z&to=2026-01-20T05:00:00Z';

describe("a practitioner's day", () => {
  it('lists the appointments starting that day in time order, and audits the patients shown', async () => {
    const d = await busyDay();
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/appointments?practitionerId=${d.doc.id}&${day}`);
    expect(res.statusCode).toBe(200);
    const page = res.json<Page>();
    expect(page.items.map((i) => i.id)).toEqual([d.a.id, d.b.id, d.c.id]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({
      practitionerName: d.doc.displayName,
      appointmentTypeName: d.type.name,
      patient: { id: d.patients[1]!.id, name: { family: d.patients[1]!.familyName } },
    });
    const [audit] = await auditRows(ctx.platform, ['appointment.list'], seq);
    expect(audit?.details).toEqual({
      patientIds: [d.patients[1]!.id, d.patients[2]!.id, d.patients[3]!.id],
      resultCount: 3,
    });
  });

  it('filters by status, department, facility and patient', async () => {
    const d = await busyDay();
    const ids = async (filter: string) =>
      (await call('GET', `/api/v1/appointments?${filter}&${day}`))
        .json<Page>()
        .items.map((i) => i.id);
    expect(await ids(`practitionerId=${d.doc.id}&status=booked,confirmed`)).toEqual([
      d.a.id,
      d.c.id,
    ]);
    expect(await ids(`departmentId=${d.clinic.departmentId}`)).toEqual([d.a.id, d.b.id, d.c.id]);
    expect(await ids(`facilityId=${d.clinic.facilityId}&status=cancelled`)).toEqual([d.b.id]);
    expect(await ids(`patientId=${d.patients[3]!.id}`)).toEqual([d.c.id]);
  });

  it('shows several practitioners side by side', async () => {
    const d = await busyDay();
    const other = await createPractitioner(ctx.platform, { facilityId: d.clinic.facilityId });
    const p = await createPatient(ctx.platform);
    const theirs = await insertAppointment(ctx.platform, {
      patientId: p.id,
      practitionerId: other.id,
      facilityId: d.clinic.facilityId,
      appointmentTypeId: d.type.id,
      startsAt: '2026-01-19T15:30:00Z',
    });
    const res = await call(
      'GET',
      `/api/v1/appointments?practitionerIds=${d.doc.id},${other.id}&status=booked&${day}`,
    );
    expect(res.json<Page>().items.map((i) => i.id)).toEqual([d.a.id, theirs.id, d.c.id]);
  });

  it('pages with a cursor on (start, id) without losing or repeating a row', async () => {
    const d = await busyDay();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/appointments?practitionerId=${d.doc.id}&from=2026-01-18T00:00:00Z&to=2026-01-21T00:00:00Z&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page = (await call('GET', url)).json<Page>();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([d.sunday.id, d.a.id, d.b.id, d.c.id, d.tuesday.id]);
  });

  it('refuses a cursor it did not issue and a range that ends before it starts', async () => {
    const bad = await call('GET', `/api/v1/appointments?${day}&cursor=bm90LWEtY3Vyc29y`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ path: 'query.cursor' }] });
    const backwards = await call(
      'GET',
      '/api/v1/appointments?from=2026-01-20T00:00:00Z&to=2026-01-19T00:00:00Z',
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ errors: [{ path: 'query.to' }] });
  });

  it('hides the name of a restricted patient from a reader without a grant', async () => {
    const s = await createBookingScene(ctx.platform);
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const row = await insertAppointment(ctx.platform, {
      patientId: vip.id,
      practitionerId: s.doc.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt: '2026-01-19T15:00:00Z',
    });
    const res = await call('GET', `/api/v1/appointments?practitionerId=${s.doc.id}&${day}`);
    expect(res.json<Page>().items).toMatchObject([
      { id: row.id, patientId: vip.id, patient: { id: vip.id, mrn: vip.mrn, name: null } },
    ]);
  });
});

describe('one appointment', () => {
  it('answers with its ETag and audits the read', async () => {
    const d = await busyDay();
    const seq = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/appointments/${d.a.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json()).toMatchObject({ id: d.a.id, status: 'booked' });
    const [audit] = await auditRows(ctx.platform, ['appointment.read'], seq);
    expect(audit).toMatchObject({ entity_type: 'appointment', entity_id: d.a.id });
  });

  it('answers 404 for an unknown id', async () => {
    const res = await call('GET', `/api/v1/appointments/${newId()}`);
    expect(res.statusCode).toBe(404);
  });

  it('needs appointment.read', async () => {
    const d = await busyDay();
    const patientUser = await signedInStaff(ctx.platform, { roles: ['patient'] });
    const res = await call('GET', `/api/v1/appointments/${d.a.id}`, { cookie: patientUser.cookie });
    expect(res.statusCode).toBe(403);
  });
});
