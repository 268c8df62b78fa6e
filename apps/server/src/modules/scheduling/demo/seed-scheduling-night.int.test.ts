import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieFor } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { ManualClock } from '../../../platform/clock.js';
import { seedDemo } from '../../../demo/seed-demo.js';

// Tuesday 8 December 2026, 21:30 in New York: UTC already says Wednesday 02:30, and every
// physician's regular hours ended at 17:00.
const now = new Date('2026-12-09T02:30:00Z');
/** What this test reads of a Today list entry. */
interface TodayEntry {
  status: string;
  startsAt: string;
  waitingMinutes: number | null;
}

let ctx: TestContext;
let facilityId: string;
let cookie: string;

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

beforeAll(async () => {
  ctx = await createTestContext({ clock: new ManualClock(now) });
  await seedDemo(ctx.platform);
  const [desk] = await query<{ id: string; facility_id: string }>(
    `select u.id, f.id as facility_id from user_account u, facility f
      where u.email = 'frontdesk@meridian.example' order by f.code limit 1`,
  );
  facilityId = desk!.facility_id;
  cookie = await sessionCookieFor(ctx.platform, desk!.id);
});
afterAll(async () => {
  await ctx.close();
});

describe('the demo seeded late in the evening', () => {
  it("shows the front desk a Today list of the facility's day with patients seen, waiting and to come", async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/appointments/today?facilityId=${facilityId}`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json<{ date: string; items: TodayEntry[] }>();
    expect(list.date).toBe('2026-12-08');
    const byStatus = (s: string) => list.items.filter((a) => a.status === s);
    expect(byStatus('completed').length).toBeGreaterThan(10);
    expect(byStatus('arrived').length).toBeGreaterThanOrEqual(1);
    for (const a of byStatus('arrived')) {
      expect(a.waitingMinutes).toBeGreaterThanOrEqual(5);
      expect(a.waitingMinutes).toBeLessThanOrEqual(25);
    }
    const toCome = list.items.filter(
      (a) => Date.parse(a.startsAt) > now.getTime() && ['booked', 'confirmed'].includes(a.status),
    );
    expect(toCome.length).toBeGreaterThanOrEqual(1);
  });

  it('seeds the evening as one-off extended hours of two internists, outside their regular hours', async () => {
    const rows = await query<{ email: string; from: string; until: string; blocks: string }>(
      `select u.email, t.effective_from::text as from, t.effective_until::text as until,
              string_agg(b.weekday || ':' || b.start_minute || '-' || b.end_minute, ',') as blocks
         from schedule_template t
         join practitioner p on p.id = t.practitioner_id
         join user_account u on u.id = p.user_id
         join schedule_template_block b on b.template_id = t.id
        where t.name = 'Extended hours'
        group by u.email, t.effective_from, t.effective_until order by u.email`,
    );
    // 19:30 to 23:30 local, Tuesday only.
    expect(rows).toEqual([
      {
        email: 'okafor@meridian.example',
        from: '2026-12-08',
        until: '2026-12-08',
        blocks: '2:1170-1410',
      },
      {
        email: 'physician@meridian.example',
        from: '2026-12-08',
        until: '2026-12-08',
        blocks: '2:1170-1410',
      },
    ]);
    const [outside] = await query<{ n: number }>(
      `select count(*)::int as n from appointment a
        where (a.starts_at at time zone 'America/New_York')::date = '2026-12-08'
          and (a.starts_at at time zone 'America/New_York')::time >= '17:00'
          and a.practitioner_id not in (select t.practitioner_id from schedule_template t
                                         where t.name = 'Extended hours')`,
    );
    expect(outside!.n).toBe(0);
  });
});
