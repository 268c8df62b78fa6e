import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CensusFigures, CurrentCensus } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { sessionCookieFor } from '../../../../test/factories.js';
import { ManualClock } from '../../../platform/clock.js';
import { seedDemo } from '../../../demo/seed-demo.js';
import { takeDueMidnightCensus } from '../census/midnight-census.js';
import { DEMO_WARDS } from './demo-wards.js';
import { DEMO_CENSUS_DAYS } from './seed-admissions.js';

// Tuesday 8 December 2026, 10:10 in New York.
const now = new Date('2026-12-08T15:10:00Z');
let ctx: TestContext;
let facilityId: string;
let nurseCookie: string;
beforeAll(async () => {
  ctx = await createTestContext({ clock: new ManualClock(now) });
  await seedDemo(ctx.platform);
  const [row] = await query<{ id: string; nurse: string }>(
    `select f.id, (select id from user_account where email = 'nurse@meridian.example') as nurse
       from facility f where f.code = 'MGH'`,
  );
  facilityId = row!.id;
  nurseCookie = await sessionCookieFor(ctx.platform, row!.nurse);
});
afterAll(async () => {
  await ctx.close();
});

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

describe('the demo admissions seed', () => {
  it('builds the eight wards of Meridian General, about 110 beds', async () => {
    const wards = await query<{ code: string; kind: string; beds: number; telemetry: number }>(
      `select w.code, w.kind, count(b.id)::int as beds,
              count(b.id) filter (where b.telemetry)::int as telemetry
         from ward w join bed b on b.ward_id = w.id group by w.id order by w.code`,
    );
    expect(wards.map((w) => w.code)).toEqual(DEMO_WARDS.map((w) => w.code).sort());
    expect(wards.find((w) => w.code === 'ICU')).toMatchObject({
      kind: 'icu',
      beds: 10,
      telemetry: 10,
    });
    expect(wards.find((w) => w.code === '4W')).toMatchObject({ beds: 24 });
    const total = wards.reduce((sum, w) => sum + w.beds, 0);
    expect(total).toBeGreaterThanOrEqual(105);
    expect(total).toBeLessThanOrEqual(115);
    const [attrs] = await query<{ bariatric: number; single_sex: number; icu_isolation: number }>(
      `select (select count(*)::int from bed where bariatric) as bariatric,
              (select count(*)::int from ward_room where sex_restriction is not null) as single_sex,
              (select count(*)::int from bed b join ward w on w.id = b.ward_id
                where w.code = 'ICU' and b.isolation_capable) as icu_isolation`,
    );
    expect(attrs).toMatchObject({ bariatric: 2, icu_isolation: 10 });
    expect(attrs!.single_sex).toBeGreaterThanOrEqual(4);
  });

  it("fills about three quarters of the beds, with today's picture", async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/census?facilityId=${facilityId}`,
      headers: { cookie: nurseCookie },
    });
    expect(res.statusCode).toBe(200);
    const census = res.json<CurrentCensus>().facility;
    expect(census.occupancyPercent).toBeGreaterThanOrEqual(65);
    expect(census.occupancyPercent).toBeLessThanOrEqual(88);
    expect(census.reserved).toBe(1);
    expect(census.blocked).toBe(3);
    expect(census.onLeave).toBe(1);
    expect(census.pendingDischarges).toBeGreaterThanOrEqual(3);
    expect(census.dirty + census.cleaning).toBeGreaterThanOrEqual(1);
    const [stays] = await query<{ pre: number; discharged: number; transferred: number }>(
      `select count(*) filter (where status = 'pre_admitted')::int as pre,
              count(*) filter (where status = 'discharged')::int as discharged,
              (select count(distinct stay_id)::int from stay_movement where kind = 'transferred') as transferred
         from inpatient_stay`,
    );
    expect(stays).toMatchObject({ pre: 1 });
    expect(stays!.discharged).toBeGreaterThan(50);
    expect(stays!.transferred).toBeGreaterThan(5);
  });

  it('keeps every bed consistent with its stay, its stretch and its last state change', async () => {
    const broken = await query(
      `select b.code, b.state from bed b
        where b.state <> coalesce((select c.to_state from bed_state_change c where c.bed_id = b.id
                                    order by c.occurred_at desc, c.id desc limit 1), 'available')
           or (b.state = 'occupied') <> exists (
                select 1 from bed_occupancy o where o.bed_id = b.id and upper_inf(o.period))
           or (b.state = 'occupied' and not exists (
                select 1 from inpatient_stay s where s.id = b.stay_id and s.status in ('admitted', 'on_leave')))
           or (b.state = 'reserved' and not exists (
                select 1 from inpatient_stay s where s.id = b.stay_id and s.status = 'pre_admitted'))`,
    );
    expect(broken).toEqual([]);
    const openWithoutBed = await query(
      `select s.id from inpatient_stay s
        where s.status in ('admitted', 'on_leave', 'pre_admitted')
          and not exists (select 1 from bed b where b.stay_id = s.id)`,
    );
    expect(openWithoutBed).toEqual([]);
    const closedStillInBed = await query(
      `select s.id from inpatient_stay s join bed_occupancy o on o.stay_id = s.id
        where s.status = 'discharged' and (upper_inf(o.period) or upper(o.period) > s.discharged_at)`,
    );
    expect(closedStillInBed).toEqual([]);
    const wrongSex = await query(
      `select b.code from bed_occupancy o join bed b on b.id = o.bed_id
         join ward_room r on r.id = b.room_id join inpatient_stay s on s.id = o.stay_id
         join patient p on p.id = s.patient_id
        where r.sex_restriction is not null and r.sex_restriction <> p.sex_at_birth`,
    );
    expect(wrongSex).toEqual([]);
    const [future] = await query<{ n: number }>(
      `select ((select count(*) from stay_movement where occurred_at > $1)
             + (select count(*) from bed_state_change where occurred_at > $1))::int as n`,
      [now],
    );
    expect(future!.n).toBe(0);
  });

  it('comes with the midnight census of the last ten days, so the figures have data', async () => {
    const days = await query<{ date: string; wards: number; occupied: number }>(
      `select census_date::text as date, count(*)::int as wards, sum(occupied)::int as occupied
         from census_snapshot group by census_date order by census_date`,
    );
    expect(days).toHaveLength(DEMO_CENSUS_DAYS);
    expect(days[days.length - 1]!.date).toBe('2026-12-08');
    expect(days.every((d) => d.wards === DEMO_WARDS.length && d.occupied > 65)).toBe(true);
    expect(await takeDueMidnightCensus(ctx.platform)).toBe(0);

    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/census/figures?facilityId=${facilityId}&from=2026-12-01&to=2026-12-07`,
      headers: { cookie: nurseCookie },
    });
    const f = res.json<CensusFigures>();
    expect(f.days.every((d) => d.admissions > 0 && d.discharges > 0)).toBe(true);
    expect(f.patientDays).toBeGreaterThan(7 * 50);
    expect(f.averageLengthOfStayDays).toBeGreaterThan(1);
    expect(f.medianBedTurnaroundMinutes).toBeGreaterThan(30);
    expect(f.averageOccupancyPercent).toBeGreaterThan(55);
  });
});
