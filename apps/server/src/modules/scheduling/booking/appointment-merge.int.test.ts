import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { apiCaller } from '../../../../test/http.js';
import { mergeBody } from '../../../../test/merge-fixtures.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createBookingScene,
  createWaitlistEntry,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';

let ctx: TestContext;
let adminCookie: string;
const call = apiCaller(
  () => ctx,
  () => adminCookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  adminCookie = (await signedInStaff(ctx.platform, { roles: ['admin'] })).cookie;
});
afterAll(() => ctx.close());

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

async function pair() {
  const s = await createBookingScene(ctx.platform);
  const survivor = await createPatient(ctx.platform);
  const duplicate = await createPatient(ctx.platform);
  const at = (patientId: string, startsAt: string, status?: 'cancelled') =>
    insertAppointment(ctx.platform, {
      patientId,
      practitionerId: s.doc.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt,
      ...(status ? { status } : {}),
    });
  return { ...s, survivor, duplicate, at };
}

const ownerOf = async (table: string, id: string) =>
  (await q<{ patient_id: string }>(`select patient_id from ${table} where id = $1`, [id]))[0]
    ?.patient_id;

describe("merging patients' appointments", () => {
  it("moves the duplicate's appointments and waitlist entries to the survivor", async () => {
    const p = await pair();
    await p.at(p.survivor.id, '2026-01-19T15:00:00Z');
    const moving = await p.at(p.duplicate.id, '2026-01-19T16:00:00Z');
    // A cancelled visit at the survivor's time is history, not a conflict.
    const cancelled = await p.at(p.duplicate.id, '2026-01-19T15:00:00Z', 'cancelled');
    const entry = await createWaitlistEntry(ctx.platform, {
      patientId: p.duplicate.id,
      facilityId: p.clinic.facilityId,
      appointmentTypeId: p.type.id,
      practitionerId: p.doc.id,
    });

    const preview = await call('POST', '/api/v1/patients/merge/preview', {
      body: { survivorId: p.survivor.id, duplicateId: p.duplicate.id },
    });
    expect(preview.json()).toMatchObject({ conflicts: [], moves: { appointments: 3 } });

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(p.survivor, p.duplicate),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ moved: { appointments: 3 } });
    expect(await ownerOf('appointment', moving.id)).toBe(p.survivor.id);
    expect(await ownerOf('appointment', cancelled.id)).toBe(p.survivor.id);
    expect(await ownerOf('waitlist_entry', entry.id)).toBe(p.survivor.id);
  });

  it('refuses the merge while both records hold active appointments at overlapping times', async () => {
    const p = await pair();
    const elsewhere = await createBookingScene(ctx.platform);
    const kept = await p.at(p.survivor.id, '2026-01-19T15:00:00Z');
    const clash = await insertAppointment(ctx.platform, {
      patientId: p.duplicate.id,
      practitionerId: elsewhere.doc.id,
      facilityId: elsewhere.clinic.facilityId,
      appointmentTypeId: elsewhere.type.id,
      startsAt: '2026-01-19T15:15:00Z',
    });

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(p.survivor, p.duplicate),
    });

    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'patient.merge_conflict',
      conflicts: [
        {
          source: 'appointments',
          field: 'appointments.overlap',
          message: `appointment ${clash.id} overlaps the survivor's appointment ${kept.id}`,
        },
      ],
    });
    expect(await ownerOf('appointment', clash.id)).toBe(p.duplicate.id);
    expect(await q('select status from patient where id = $1', [p.duplicate.id])).toEqual([
      { status: 'active' },
    ]);
  });
});
