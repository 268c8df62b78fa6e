import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { ManualClock } from '../../../platform/clock.js';
import { seedDemo } from '../../../demo/seed-demo.js';
import { DEMO_PRACTITIONERS } from './seed-scheduling.js';

// Tuesday 8 December 2026, 10:10 in New York: a working morning in the middle of the seed.
const now = new Date('2026-12-08T15:10:00Z');
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ clock: new ManualClock(now) });
  await seedDemo(ctx.platform);
});
afterAll(async () => {
  await ctx.close();
});

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

const localDay = `(starts_at at time zone 'America/New_York')::date`;

describe('the demo scheduling seed', () => {
  it('needs no extended hours on a working morning', async () => {
    const [row] = await query<{ n: number }>(
      "select count(*)::int as n from schedule_template where name = 'Extended hours'",
    );
    expect(row!.n).toBe(0);
  });

  it('gives Dr. Raman and five more physicians a profile and weekly hours', async () => {
    const rows = await query<{ email: string; specialty: string; code: string; blocks: number }>(
      `select u.email, p.specialty, d.code,
              (select count(*)::int from schedule_template_block b where b.practitioner_id = p.id) as blocks
         from practitioner p join user_account u on u.id = p.user_id
         join department d on d.id = p.department_id order by u.email`,
    );
    expect(rows).toHaveLength(DEMO_PRACTITIONERS.length);
    expect(rows).toContainEqual({
      email: 'physician@meridian.example',
      specialty: 'Internal medicine',
      code: 'IM',
      blocks: 10,
    });
    expect(rows).toContainEqual({
      email: 'patel@meridian.example',
      specialty: 'Pediatrics',
      code: 'PEDS',
      blocks: 11,
    });
    const [template] = await query<{ effective_from: string }>(
      'select min(effective_from)::text as effective_from from schedule_template',
    );
    expect(template!.effective_from < '2026-11-01').toBe(true);
  });

  it('offers the minor procedure only with the surgeon, in the procedure room', async () => {
    const allowed = await query<{ email: string }>(
      `select u.email from appointment_type_practitioner tp
         join appointment_type t on t.id = tp.appointment_type_id and t.code = 'PROC'
         join practitioner p on p.id = tp.practitioner_id join user_account u on u.id = p.user_id`,
    );
    expect(allowed).toEqual([{ email: 'kim@meridian.example' }]);
    const [rooms] = await query<{ procedures: number; with_room: number }>(
      `select count(*)::int as procedures,
              count(*) filter (where exists (select 1 from appointment_resource r
                join schedule_resource s on s.id = r.resource_id and s.code = 'PROC-1'
                where r.appointment_id = a.id))::int as with_room
         from appointment a join appointment_type t on t.id = a.appointment_type_id and t.code = 'PROC'`,
    );
    expect(rooms!.procedures).toBeGreaterThan(0);
    expect(rooms!.with_room).toBe(rooms!.procedures);
  });

  it('books nobody on the holidays or during the leave next week', async () => {
    const holidays = await query<{ day: string }>(
      `select (lower(period) at time zone 'America/New_York')::date::text as day
         from schedule_exception where kind = 'holiday' order by 1`,
    );
    expect(holidays.map((h) => h.day)).toEqual(['2026-12-25', '2027-01-01']);
    const [clash] = await query<{ n: number }>(
      `select count(*)::int as n from appointment a join schedule_exception e
         on (e.facility_id = a.facility_id or e.practitioner_id = a.practitioner_id)
        and e.period && a.blocked_period`,
    );
    expect(clash!.n).toBe(0);
    const [leave] = await query<{ day: string }>(
      `select (lower(period) at time zone 'America/New_York')::date::text as day
         from schedule_exception where kind = 'leave'`,
    );
    expect(leave!.day).toBe('2026-12-14');
  });

  it('fills about two thirds of the working hours', async () => {
    const [row] = await query<{ booked: number; open: number }>(
      `select (select sum(extract(epoch from upper(blocked_period) - lower(blocked_period)))
                 from appointment where ${localDay} = '2026-12-03') / 60 as booked,
              (select count(*) * 480 from practitioner) as open`,
    );
    const share = Number(row!.booked) / Number(row!.open);
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.8);
  });

  it('completes the past, with some no-shows and cancellations with reasons', async () => {
    const rows = await query<{ status: string; n: number; without_reason: number }>(
      `select status, count(*)::int as n,
              count(*) filter (where status = 'cancelled' and cancel_reason is null)::int as without_reason
         from appointment where ${localDay} < '2026-12-08' group by status`,
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    expect(Object.keys(byStatus).sort()).toEqual(['cancelled', 'completed', 'no_show']);
    expect(byStatus.no_show! / total).toBeGreaterThan(0.04);
    expect(byStatus.no_show! / total).toBeLessThan(0.13);
    expect(byStatus.cancelled! / total).toBeLessThan(0.1);
    expect(rows.every((r) => r.without_reason === 0)).toBe(true);
  });

  it('has patients in the rooms and two waiting today, later visits still to come', async () => {
    const rows = await query<{
      status: string;
      starts_at: Date;
      ends_at: Date;
      arrived_at: Date | null;
      practitioner_id: string;
    }>(
      `select status, starts_at, ends_at, arrived_at, practitioner_id from appointment
        where ${localDay} = '2026-12-08' order by starts_at`,
    );
    // Each physician sees one patient at a time: those whose visit is under way.
    const inRoom = rows.filter((r) => r.status === 'in_room');
    expect(inRoom.length).toBeGreaterThanOrEqual(1);
    expect(new Set(inRoom.map((r) => r.practitioner_id)).size).toBe(inRoom.length);
    for (const r of inRoom) {
      expect(r.starts_at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(r.ends_at.getTime()).toBeGreaterThan(now.getTime());
    }
    const arrived = rows.filter((r) => r.status === 'arrived');
    expect(arrived).toHaveLength(2);
    for (const a of arrived) {
      const waitedMinutes = (now.getTime() - a.arrived_at!.getTime()) / 60_000;
      expect(waitedMinutes).toBeGreaterThanOrEqual(5);
      expect(waitedMinutes).toBeLessThanOrEqual(25);
    }
    const ended = rows.filter((r) => r.starts_at.getTime() + 60 * 60_000 < now.getTime());
    expect(ended.every((r) => ['completed', 'cancelled'].includes(r.status))).toBe(true);
    const later = rows.filter((r) => r.starts_at.getTime() > now.getTime() + 60 * 60_000);
    expect(later.length).toBeGreaterThan(5);
    expect(later.every((r) => ['booked', 'confirmed', 'cancelled'].includes(r.status))).toBe(true);
  });

  it('leaves the future booked, some confirmed, none done', async () => {
    const rows = await query<{ status: string }>(
      `select distinct status from appointment where ${localDay} > '2026-12-08' order by 1`,
    );
    expect(rows.map((r) => r.status)).toEqual(['booked', 'cancelled', 'confirmed']);
    const [booking] = await query<{ late: number }>(
      'select count(*)::int as late from appointment where booked_at > $1',
      [now],
    );
    expect(booking!.late).toBe(0);
  });

  it('writes the booking and every status change as appointment events', async () => {
    const [row] = await query<{ missing: number; transitions_missing: number }>(
      `select count(*) filter (where not exists (select 1 from appointment_event e
                where e.appointment_id = a.id and e.kind = 'booked'))::int as missing,
              count(*) filter (where a.status <> 'booked' and not exists (select 1 from appointment_event e
                where e.appointment_id = a.id and e.kind = 'status' and e.to_status = a.status))::int
                as transitions_missing
         from appointment a`,
    );
    expect(row).toEqual({ missing: 0, transitions_missing: 0 });
  });

  it('records one audit event for the scheduling seed', async () => {
    const rows = await query<{ details: { appointments: number } }>(
      "select details from audit_event where action = 'scheduling.demo_seeded'",
    );
    expect(rows).toHaveLength(1);
    const [count] = await query<{ n: number }>('select count(*)::int as n from appointment');
    expect(rows[0]!.details.appointments).toBe(count!.n);
  });
});
