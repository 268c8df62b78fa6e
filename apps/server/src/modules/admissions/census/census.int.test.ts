import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CensusFigures, CurrentCensus } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createWard, type WardScene } from '../../../../test/admissions-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { createClinic } from '../../../../test/scheduling-factories.js';
import {
  admitIntoBed,
  clean,
  dischargeAt,
  leave,
  transferTo,
} from '../../../../test/census-occupancy.js';
import { takeDueMidnightCensus } from './midnight-census.js';

// New York springs forward on 2026-03-08: that day has 23 hours, and from then on local
// midnight is 04:00Z instead of 05:00Z. 2026-03-09T04:30Z is 00:30 on the 9th (EDT), though
// a fixed UTC-5 would call it 23:30 on the 8th.
let ctx: TestContext;
let nurse: { cookie: string };
let adminOfOther: { cookie: string };
let facilityId: string;
let otherFacilityId: string;
let w: WardScene;
let v: WardScene;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-05T12:00:00Z');
  ({ facilityId } = await createClinic(ctx.platform, { timeZone: 'America/New_York' }));
  ({ facilityId: otherFacilityId } = await createClinic(ctx.platform));
  w = await createWard(ctx.platform, { facilityId, code: 'W', rooms: 2, bedsPerRoom: 2 });
  v = await createWard(ctx.platform, { facilityId, code: 'V', rooms: 1, bedsPerRoom: 2 });
  const [w0, w1, w2, w3] = w.beds;
  const [v0, v1] = v.beds;

  const d = await admitIntoBed(ctx.platform, w3!, { at: at('2026-03-07T12:00:00Z') });
  let a = await admitIntoBed(ctx.platform, w0!, { at: at('2026-03-07T15:00:00Z') });
  a = await transferTo(ctx.platform, a, v0!, at('2026-03-08T20:00:00Z'));
  await clean(ctx.platform, w0!.id, at('2026-03-08T20:30:00Z'), at('2026-03-08T21:45:00Z'));
  const { changeBedState } = await import('../beds/bed-state.js');
  await changeBedState(ctx.platform.db, {
    bedId: v1!.id,
    action: 'block',
    at: at('2026-03-08T10:00:00Z'),
    actorUserId: null,
    reason: 'broken rail',
  });
  await leave(ctx.platform, d, at('2026-03-08T22:00:00Z'), at('2026-03-09T14:00:00Z'));
  const b = await admitIntoBed(ctx.platform, w1!, { at: at('2026-03-09T03:50:00Z') });
  const c = await admitIntoBed(ctx.platform, w2!, { at: at('2026-03-09T04:10:00Z') });
  await dischargeAt(ctx.platform, a, at('2026-03-09T04:30:00Z'));
  await clean(ctx.platform, v0!.id, at('2026-03-09T05:00:00Z'), at('2026-03-09T06:30:00Z'));
  await leave(ctx.platform, c, at('2026-03-10T10:00:00Z'));
  await ctx.platform.database.pool.query(
    `update inpatient_stay set discharge_expected_at = '2026-03-10T18:00:00Z',
            discharge_ordered_at = '2026-03-10T09:00:00Z' where id = $1`,
    [b.stayId],
  );
});
afterAll(async () => {
  await ctx.close();
});

const call = apiCaller(
  () => ctx,
  () => nurse.cookie,
);

async function snapshots() {
  const { rows } = await ctx.platform.database.pool.query<{
    ward: string;
    date: string;
    midnight: string;
    beds: number;
    blocked: number;
    occupied: number;
    on_leave: number;
  }>(
    `select w.code as ward, s.census_date::text as date, s.midnight_at as midnight, s.beds,
            s.blocked, s.occupied, s.on_leave
       from census_snapshot s join ward w on w.id = s.ward_id
      where s.facility_id = $1 order by s.census_date, w.code`,
    [facilityId],
  );
  return rows.map((r) => ({ ...r, midnight: new Date(r.midnight).toISOString() }));
}

describe('the midnight census job', () => {
  it('does not take a midnight that has not come yet in the facility zone', async () => {
    ctx.clock.set('2026-03-10T03:59:00Z'); // 23:59 on the 9th in New York
    await takeDueMidnightCensus(ctx.platform);
    const dates = [...new Set((await snapshots()).map((s) => s.date))];
    expect(dates).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']);
  });

  it('counts at each midnight instant, even when it runs late, across the DST change', async () => {
    ctx.clock.set('2026-03-10T12:00:00Z');
    await takeDueMidnightCensus(ctx.platform);
    const rows = (await snapshots()).filter((s) => s.date >= '2026-03-08');
    expect(rows).toEqual([
      {
        ward: 'V',
        date: '2026-03-08',
        midnight: '2026-03-08T05:00:00.000Z',
        beds: 2,
        blocked: 0,
        occupied: 0,
        on_leave: 0,
      },
      {
        ward: 'W',
        date: '2026-03-08',
        midnight: '2026-03-08T05:00:00.000Z',
        beds: 4,
        blocked: 0,
        occupied: 2,
        on_leave: 0,
      },
      {
        ward: 'V',
        date: '2026-03-09',
        midnight: '2026-03-09T04:00:00.000Z',
        beds: 2,
        blocked: 1,
        occupied: 1,
        on_leave: 0,
      },
      {
        ward: 'W',
        date: '2026-03-09',
        midnight: '2026-03-09T04:00:00.000Z',
        beds: 4,
        blocked: 0,
        occupied: 2,
        on_leave: 1,
      },
      {
        ward: 'V',
        date: '2026-03-10',
        midnight: '2026-03-10T04:00:00.000Z',
        beds: 2,
        blocked: 1,
        occupied: 0,
        on_leave: 0,
      },
      {
        ward: 'W',
        date: '2026-03-10',
        midnight: '2026-03-10T04:00:00.000Z',
        beds: 4,
        blocked: 0,
        occupied: 3,
        on_leave: 0,
      },
    ]);
  });

  it('takes each snapshot once, even when two instances run at the same time', async () => {
    const before = await snapshots();
    ctx.clock.set('2026-03-11T04:20:00Z');
    const inserted = await Promise.all([
      takeDueMidnightCensus(ctx.platform),
      takeDueMidnightCensus(ctx.platform),
    ]);
    expect(inserted[0] + inserted[1]).toBe(2);
    expect((await snapshots()).length).toBe(before.length + 2);
    expect(await takeDueMidnightCensus(ctx.platform)).toBe(0);
  });
});

describe('GET /api/v1/census', () => {
  beforeAll(async () => {
    // Sessions idle out after 15 minutes of the manual clock: sign in at the reading time.
    ctx.clock.set('2026-03-11T05:00:00Z');
    nurse = await signedInStaff(ctx.platform, { roles: ['nurse'], facilityIds: [facilityId] });
    adminOfOther = await signedInStaff(ctx.platform, {
      roles: ['admin'],
      facilityIds: [otherFacilityId],
    });
  });

  it('counts bed states per ward and for the facility, occupancy without blocked beds', async () => {
    const res = await call('GET', `/api/v1/census?facilityId=${facilityId}`);
    expect(res.statusCode).toBe(200);
    const census = res.json<CurrentCensus>();
    expect(census.wards.map((x) => x.code)).toEqual(['V', 'W']);
    expect(census.wards[1]).toMatchObject({
      beds: 4,
      available: 1,
      occupied: 3,
      blocked: 0,
      occupancyPercent: 75,
      onLeave: 1,
      pendingDischarges: 1,
    });
    expect(census.wards[0]).toMatchObject({
      beds: 2,
      blocked: 1,
      available: 1,
      occupancyPercent: 0,
    });
    expect(census.facility).toMatchObject({
      beds: 6,
      occupied: 3,
      blocked: 1,
      available: 2,
      occupancyPercent: 60,
      onLeave: 1,
      pendingDischarges: 1,
    });
  });

  it('refuses a facility the user does not work in', async () => {
    const res = await call('GET', `/api/v1/census?facilityId=${facilityId}`, {
      cookie: adminOfOther.cookie,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /api/v1/census/figures', () => {
  it("counts a ward's movements per local day and its midnight census", async () => {
    const res = await call(
      'GET',
      `/api/v1/census/figures?facilityId=${facilityId}&wardId=${w.ward.id}&from=2026-03-07&to=2026-03-10`,
    );
    expect(res.statusCode).toBe(200);
    const f = res.json<CensusFigures>();
    expect(f.days).toEqual([
      {
        date: '2026-03-07',
        admissions: 2,
        discharges: 0,
        transfersIn: 0,
        transfersOut: 0,
        midnightCensus: 0,
      },
      {
        date: '2026-03-08',
        admissions: 1,
        discharges: 0,
        transfersIn: 0,
        transfersOut: 1,
        midnightCensus: 2,
      },
      {
        date: '2026-03-09',
        admissions: 1,
        discharges: 0,
        transfersIn: 0,
        transfersOut: 0,
        midnightCensus: 1,
      },
      {
        date: '2026-03-10',
        admissions: 0,
        discharges: 0,
        transfersIn: 0,
        transfersOut: 0,
        midnightCensus: 3,
      },
    ]);
    expect(f.patientDays).toBe(6);
    // Occupied beds at the four midnights (0 + 2 + 2 + 3) of 16 usable.
    expect(f.averageOccupancyPercent).toBe(43.8);
    expect(f.averageLengthOfStayDays).toBeNull();
    // W's bed 1 went dirty at 20:00Z and was ready at 21:45Z.
    expect(f.medianBedTurnaroundMinutes).toBe(105);
  });

  it('gives the facility its discharges, length of stay and bed turnaround', async () => {
    const res = await call(
      'GET',
      `/api/v1/census/figures?facilityId=${facilityId}&from=2026-03-08&to=2026-03-09`,
    );
    const f = res.json<CensusFigures>();
    expect(
      f.days.map((d) => [d.date, d.admissions, d.discharges, d.transfersIn, d.transfersOut]),
    ).toEqual([
      ['2026-03-08', 1, 0, 1, 1],
      ['2026-03-09', 1, 1, 0, 0],
    ]);
    // 2026-03-07T15:00Z to 2026-03-09T04:30Z: 37.5 hours.
    expect(f.averageLengthOfStayDays).toBe(1.6);
    // 105 and 120 minutes from dirty to available (linear interpolation between them).
    expect(f.medianBedTurnaroundMinutes).toBe(112.5);
    expect(f.p90BedTurnaroundMinutes).toBe(118.5);
  });

  it.each([
    ['to before from', 'from=2026-03-09&to=2026-03-08', 'query.to', 'before_from'],
    ['more than 366 days', 'from=2025-01-01&to=2026-03-08', 'query.to', 'too_long'],
    ['a malformed date', 'from=2026-3-8&to=2026-03-08', 'query.from', 'invalid_format'],
  ])('refuses %s, naming the field', async (_what, range, path, rule) => {
    const res = await call('GET', `/api/v1/census/figures?facilityId=${facilityId}&${range}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({ path, rule });
  });

  it('refuses a ward of another facility', async () => {
    const other = await createWard(ctx.platform, { facilityId: otherFacilityId });
    const res = await call(
      'GET',
      `/api/v1/census/figures?facilityId=${facilityId}&wardId=${other.ward.id}&from=2026-03-08&to=2026-03-09`,
    );
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'query.wardId',
      rule: 'other_facility',
    });
  });
});
