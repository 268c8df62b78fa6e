// Census counts and figures: SQL only.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';

export type WardCountsRow = {
  ward_id: string;
  code: string;
  name: string;
  beds: number;
  available: number;
  reserved: number;
  occupied: number;
  dirty: number;
  cleaning: number;
  blocked: number;
  on_leave: number;
  pending_discharges: number;
};

/** Per active ward, its beds in service (active beds of active rooms) by state, now. */
export async function currentWardCounts(db: DbOrTx, facilityId: string): Promise<WardCountsRow[]> {
  const { rows } = await db.execute<WardCountsRow>(sql`
    select w.id as ward_id, w.code, w.name,
           count(b.id)::int as beds,
           count(b.id) filter (where b.state = 'available')::int as available,
           count(b.id) filter (where b.state = 'reserved')::int as reserved,
           count(b.id) filter (where b.state = 'occupied')::int as occupied,
           count(b.id) filter (where b.state = 'dirty')::int as dirty,
           count(b.id) filter (where b.state = 'cleaning')::int as cleaning,
           count(b.id) filter (where b.state = 'blocked')::int as blocked,
           count(b.id) filter (where s.status = 'on_leave')::int as on_leave,
           count(b.id) filter (where s.status in ('admitted', 'on_leave')
                                 and s.discharge_expected_at is not null)::int as pending_discharges
      from ward w
      left join (bed b join ward_room r on r.id = b.room_id and r.is_active)
             on b.ward_id = w.id and b.is_active
      left join inpatient_stay s on s.id = b.stay_id
     where w.facility_id = ${facilityId} and w.is_active
     group by w.id
     order by w.code, w.id`);
  return rows;
}

export interface DaySpan {
  day: string;
  starts: string;
  ends: string;
}

export type DayFiguresRow = {
  day: string;
  admissions: number;
  discharges: number;
  transfers_in: number;
  transfers_out: number;
  midnight_census: number | null;
  occupied: number | null;
  usable_beds: number | null;
};

/**
 * Per local day: admissions, discharges (not undone since), transfers between wards in and
 * out (for the facility, ward changes count both ways), from the movements of stays not
 * cancelled; and the midnight snapshot. `wardId` null: the whole facility.
 */
export async function dayFigures(
  db: DbOrTx,
  facilityId: string,
  wardId: string | null,
  days: DaySpan[],
): Promise<DayFiguresRow[]> {
  const first = days[0]!.starts;
  const last = days[days.length - 1]!.ends;
  const w = sql`${wardId}::uuid`;
  const { rows } = await db.execute<DayFiguresRow>(sql`
    with days as (
      select * from json_to_recordset(${JSON.stringify(days)}::json)
        as d(day date, starts timestamptz, ends timestamptz)
    ), mv as (
      select m.* from stay_movement m join inpatient_stay s on s.id = m.stay_id
       where m.facility_id = ${facilityId} and s.status <> 'cancelled'
         and m.occurred_at >= ${first}::timestamptz and m.occurred_at < ${last}::timestamptz
         and m.kind in ('admitted', 'discharged', 'transferred', 'swapped')
         and not (m.kind = 'discharged' and exists (
               select 1 from stay_movement u where u.stay_id = m.stay_id
                  and u.kind = 'discharge_undone' and u.recorded_at > m.recorded_at))
    ), snap as (
      select census_date, sum(occupied - on_leave)::int as midnight_census,
             sum(occupied)::int as occupied, sum(beds - blocked)::int as usable_beds
        from census_snapshot
       where facility_id = ${facilityId} and (${w} is null or ward_id = ${w})
         and census_date between ${days[0]!.day}::date and ${days[days.length - 1]!.day}::date
       group by census_date
    )
    select d.day::text as day,
           count(mv.id) filter (where mv.kind = 'admitted'
                                  and (${w} is null or mv.to_ward_id = ${w}))::int as admissions,
           count(mv.id) filter (where mv.kind = 'discharged'
                                  and (${w} is null or mv.from_ward_id = ${w}))::int as discharges,
           count(mv.id) filter (where mv.kind in ('transferred', 'swapped')
                                  and mv.from_ward_id is distinct from mv.to_ward_id
                                  and (${w} is null or mv.to_ward_id = ${w}))::int as transfers_in,
           count(mv.id) filter (where mv.kind in ('transferred', 'swapped')
                                  and mv.from_ward_id is distinct from mv.to_ward_id
                                  and (${w} is null or mv.from_ward_id = ${w}))::int as transfers_out,
           max(snap.midnight_census) as midnight_census,
           max(snap.occupied) as occupied,
           max(snap.usable_beds) as usable_beds
      from days d
      left join mv on mv.occurred_at >= d.starts and mv.occurred_at < d.ends
      left join snap on snap.census_date = d.day
     group by d.day
     order by d.day`);
  return rows;
}

/** Mean length of stay, in days, of stays discharged in [from, to) (from the ward, if given). */
export async function averageLengthOfStayDays(
  db: DbOrTx,
  facilityId: string,
  wardId: string | null,
  from: Date,
  to: Date,
): Promise<number | null> {
  const w = sql`${wardId}::uuid`;
  const { rows } = await db.execute<{ days: number | null }>(sql`
    select avg(extract(epoch from s.discharged_at - s.admitted_at) / 86400)::float8 as days
      from inpatient_stay s
     where s.facility_id = ${facilityId} and s.status = 'discharged'
       and s.discharged_at >= ${from} and s.discharged_at < ${to}
       and (${w} is null or exists (
             select 1 from stay_movement m
              where m.stay_id = s.id and m.kind = 'discharged' and m.from_ward_id = ${w}))`);
  return rows[0]?.days ?? null;
}

/**
 * Median and 90th percentile minutes from a bed turning dirty (vacated or marked) to being
 * cleaned and available, for beds made available in [from, to).
 */
export async function bedTurnaroundMinutes(
  db: DbOrTx,
  facilityId: string,
  wardId: string | null,
  from: Date,
  to: Date,
): Promise<{ median: number | null; p90: number | null }> {
  const w = sql`${wardId}::uuid`;
  const { rows } = await db.execute<{ median: number | null; p90: number | null }>(sql`
    select percentile_cont(0.5) within group (order by minutes)::float8 as median,
           percentile_cont(0.9) within group (order by minutes)::float8 as p90
      from (
        select extract(epoch from f.occurred_at - (
                 select d.occurred_at from bed_state_change d
                  where d.bed_id = f.bed_id and d.to_state = 'dirty' and d.occurred_at <= f.occurred_at
                  order by d.occurred_at desc, d.id desc limit 1)) / 60 as minutes
          from bed_state_change f
         where f.facility_id = ${facilityId} and f.action = 'finish_cleaning'
           and f.occurred_at >= ${from} and f.occurred_at < ${to}
           and (${w} is null or f.ward_id = ${w})
      ) t
     where minutes is not null`);
  return { median: rows[0]?.median ?? null, p90: rows[0]?.p90 ?? null };
}
