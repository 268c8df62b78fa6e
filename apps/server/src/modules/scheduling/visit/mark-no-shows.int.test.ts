import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  insertAppointment,
  reserveRoom,
} from '../../../../test/scheduling-factories.js';
import { loadConfig } from '../../../platform/config.js';
import { jobRegistry } from '../../../platform/jobs.js';
import { appointment, appointmentEvent, type AppointmentRow } from '../scheduling.tables.js';
import { markNoShows } from './mark-no-shows.js';
import './visit.jobs.js';

let ctx: TestContext;
let base: { practitionerId: string; facilityId: string; appointmentTypeId: string };

beforeAll(async () => {
  // A grace period other than the default, to show the setting is what counts.
  ctx = await createTestContext({ env: { SCHEDULING_NO_SHOW_GRACE_MINUTES: '20' } });
  const clinic = await createClinic(ctx.platform);
  const type = await createAppointmentType(ctx.platform);
  base = { facilityId: clinic.facilityId, appointmentTypeId: type.id, practitionerId: '' };
});
afterAll(() => ctx.close());

/** Appointments of a fresh practitioner (so none overlap), one per status, all at `startsAt`. */
async function appointments(
  startsAt: string,
  statuses: AppointmentStatus[],
): Promise<AppointmentRow[]> {
  const rows: AppointmentRow[] = [];
  for (const status of statuses) {
    const doc = await createPractitioner(ctx.platform, { facilityId: base.facilityId });
    const patient = await createPatient(ctx.platform);
    rows.push(
      await insertAppointment(ctx.platform, {
        ...base,
        practitionerId: doc.id,
        patientId: patient.id,
        startsAt,
        status,
      }),
    );
  }
  return rows;
}

async function statusesOf(rows: AppointmentRow[]): Promise<AppointmentStatus[]> {
  const found = await ctx.platform.db
    .select({ id: appointment.id, status: appointment.status })
    .from(appointment)
    .where(
      inArray(
        appointment.id,
        rows.map((r) => r.id),
      ),
    );
  const byId = new Map(found.map((f) => [f.id, f.status]));
  return rows.map((r) => byId.get(r.id) ?? 'held');
}

async function auditFor(id: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    action: string;
    actor_user_id: string | null;
    patient_id: string | null;
    details: Record<string, unknown>;
  }>(
    `select action, actor_user_id, patient_id, details from audit_event
      where entity_id = $1 order by seq`,
    [id],
  );
  return rows;
}

// Each test works on its own day, after the previous tests' days, so that what a run marks
// is only that test's appointments.
describe('markNoShows (the scheduling.mark-no-shows job)', () => {
  it('marks nothing until start plus the grace period has passed', async () => {
    const [booked] = await appointments('2026-02-02T14:00:00Z', ['booked']);
    ctx.clock.set('2026-02-02T14:19:59Z');
    expect(await markNoShows(ctx.platform)).toBe(0);
    expect(await statusesOf([booked!])).toEqual(['booked']);
    ctx.clock.set('2026-02-02T14:20:00Z');
    expect(await markNoShows(ctx.platform)).toBe(1);
    expect(await statusesOf([booked!])).toEqual(['no_show']);
  });

  it('marks booked and confirmed ones as system no-shows, each with an event and an audit row', async () => {
    const rows = await appointments('2026-02-03T14:00:00Z', ['booked', 'confirmed']);
    ctx.clock.set('2026-02-03T15:00:00Z');
    expect(await markNoShows(ctx.platform)).toBe(2);
    for (const [i, row] of rows.entries()) {
      const [after] = await ctx.platform.db
        .select()
        .from(appointment)
        .where(eq(appointment.id, row.id));
      expect(after).toMatchObject({
        status: 'no_show',
        noShowAt: new Date('2026-02-03T15:00:00Z'),
        noShowVia: 'system',
        version: 2,
        updatedAt: new Date('2026-02-03T15:00:00Z'),
      });
      const events = await ctx.platform.db
        .select()
        .from(appointmentEvent)
        .where(eq(appointmentEvent.appointmentId, row.id));
      expect(events).toEqual([
        expect.objectContaining({
          kind: 'status',
          fromStatus: i === 0 ? 'booked' : 'confirmed',
          toStatus: 'no_show',
          channel: 'system',
          actorUserId: null,
        }),
      ]);
      expect(await auditFor(row.id)).toEqual([
        {
          action: 'appointment.status_changed',
          actor_user_id: null,
          patient_id: row.patientId,
          details: {
            action: 'no_show',
            fromStatus: i === 0 ? 'booked' : 'confirmed',
            toStatus: 'no_show',
            channel: 'system',
          },
        },
      ]);
    }
  });

  it('leaves alone the ones that were cancelled, arrived, seen, or not yet due', async () => {
    const untouched: AppointmentStatus[] = ['cancelled', 'arrived', 'in_room', 'completed'];
    const rows = await appointments('2026-02-04T14:00:00Z', untouched);
    const [future] = await appointments('2027-06-01T14:00:00Z', ['booked']);
    ctx.clock.set('2026-02-04T18:00:00Z');
    expect(await markNoShows(ctx.platform)).toBe(0);
    expect(await statusesOf([...rows, future!])).toEqual([...untouched, 'booked']);
    for (const row of rows) expect(await auditFor(row.id)).toEqual([]);
  });

  it('changes nothing on a second run', async () => {
    const rows = await appointments('2026-02-05T14:00:00Z', ['booked', 'confirmed']);
    ctx.clock.set('2026-02-05T15:00:00Z');
    expect(await markNoShows(ctx.platform)).toBe(2);
    ctx.clock.advance(5 * 60_000);
    expect(await markNoShows(ctx.platform)).toBe(0);
    for (const row of rows) expect(await auditFor(row.id)).toHaveLength(1);
  });

  it('works through the backlog in batches', async () => {
    const rows = await appointments(
      '2026-02-06T14:00:00Z',
      Array.from({ length: 5 }, () => 'booked' as const),
    );
    ctx.clock.set('2026-02-06T15:00:00Z');
    expect(await markNoShows(ctx.platform, { limit: 2 })).toBe(5);
    expect(await statusesOf(rows)).toEqual(Array.from({ length: 5 }, () => 'no_show'));
  });

  it('marks each appointment exactly once when two workers run at the same time', async () => {
    const rows = await appointments(
      '2026-02-09T14:00:00Z',
      Array.from({ length: 12 }, (_, i) => (i % 2 ? 'booked' : 'confirmed') as AppointmentStatus),
    );
    const now = new Date('2026-02-09T15:00:00Z');
    const [a, b] = await Promise.all([
      markNoShows(ctx.platform, { now, limit: 3 }),
      markNoShows(ctx.platform, { now, limit: 3 }),
    ]);
    expect(a + b).toBe(12);
    expect(await statusesOf(rows)).toEqual(Array.from({ length: 12 }, () => 'no_show'));
    const { rows: counts } = await ctx.platform.database.pool.query<{ events: number }>(
      `select count(*)::int as events from appointment_event
        where appointment_id = any($1) group by appointment_id`,
      [rows.map((r) => r.id)],
    );
    expect(counts).toEqual(Array.from({ length: 12 }, () => ({ events: 1 })));
    const { rows: audits } = await ctx.platform.database.pool.query<{ n: number }>(
      `select count(*)::int as n from audit_event where entity_id = any($1)`,
      [rows.map((r) => r.id)],
    );
    expect(audits[0]?.n).toBe(12);
  });

  it('frees the rooms a no-show had reserved', async () => {
    const [row] = await appointments('2026-02-10T14:00:00Z', ['booked']);
    await reserveRoom(ctx.platform, row!);
    const pool = ctx.platform.database.pool;
    ctx.clock.set('2026-02-10T15:00:00Z');
    expect(await markNoShows(ctx.platform)).toBe(1);
    const { rows: reserved } = await pool.query<{ is_active: boolean }>(
      'select is_active from appointment_resource where appointment_id = $1',
      [row!.id],
    );
    expect(reserved).toEqual([{ is_active: false }]);
  });
});

describe('the no-show job and its setting', () => {
  it('is scheduled every minute', () => {
    const job = jobRegistry.list().find((j) => j.name === 'scheduling.mark-no-shows');
    expect(job?.schedule).toMatchObject({ cron: '* * * * *', timeZone: 'UTC' });
  });

  it('defaults the grace period to 30 minutes and refuses more than a day', () => {
    expect(loadConfig({}).SCHEDULING_NO_SHOW_GRACE_MINUTES).toBe(30);
    expect(
      loadConfig({ SCHEDULING_NO_SHOW_GRACE_MINUTES: '0' }).SCHEDULING_NO_SHOW_GRACE_MINUTES,
    ).toBe(0);
    expect(() => loadConfig({ SCHEDULING_NO_SHOW_GRACE_MINUTES: '1441' })).toThrow(
      /SCHEDULING_NO_SHOW_GRACE_MINUTES/,
    );
    expect(() => loadConfig({ SCHEDULING_NO_SHOW_GRACE_MINUTES: '-1' })).toThrow(
      /SCHEDULING_NO_SHOW_GRACE_MINUTES/,
    );
  });
});
