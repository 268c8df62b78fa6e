// The midnight census: per ward, the patients in a bed at the local midnight that begins a
// date, counted from bed_occupancy (the history), so it is right even when taken late.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import { addDays, localDateAt, localDayBounds } from './local-day.js';

/** How far back a job that did not run (server down) still fills in missed midnights. */
export const censusLookbackDays = 7;

/**
 * Inserts the snapshot of every active ward of the facility (created before that midnight)
 * for `date`: beds in service, beds blocked at midnight (their last state change before
 * it), patients whose stretch covers midnight, and of those the ones on leave then (their
 * last leave movement before it). The primary key (ward, date) makes a second run, on this
 * or another instance, insert nothing. Returns the rows inserted.
 */
export async function takeMidnightCensus(
  db: DbOrTx,
  o: { facilityId: string; date: string; timeZone: string; takenAt: Date },
): Promise<number> {
  const midnight = localDayBounds(o.date, o.timeZone).from.toISOString();
  const result = await db.execute(sql`
    insert into census_snapshot (ward_id, census_date, facility_id, midnight_at, taken_at, beds,
                                 blocked, occupied, on_leave)
    select w.id, ${o.date}::date, w.facility_id, ${midnight}::timestamptz, ${o.takenAt},
           (select count(*) from bed b
             where b.ward_id = w.id and b.is_active and b.created_at <= ${midnight}::timestamptz),
           (select count(*) from bed b
             where b.ward_id = w.id and b.is_active and b.created_at <= ${midnight}::timestamptz
               and (select c.to_state from bed_state_change c
                     where c.bed_id = b.id and c.occurred_at <= ${midnight}::timestamptz
                     order by c.occurred_at desc, c.id desc limit 1) = 'blocked'),
           (select count(*) from bed_occupancy o
             where o.ward_id = w.id and not o.is_void and o.period @> ${midnight}::timestamptz),
           (select count(*) from bed_occupancy o
             where o.ward_id = w.id and not o.is_void and o.period @> ${midnight}::timestamptz
               and (select m.kind from stay_movement m
                     where m.stay_id = o.stay_id and m.kind in ('leave_started', 'leave_ended')
                       and m.occurred_at <= ${midnight}::timestamptz
                     order by m.occurred_at desc, m.recorded_at desc, m.id desc limit 1)
                   = 'leave_started')
      from ward w
     where w.facility_id = ${o.facilityId} and w.is_active
       and w.created_at <= ${midnight}::timestamptz
    on conflict (ward_id, census_date) do nothing`);
  return result.rowCount ?? 0;
}

/**
 * For every active facility, the snapshots of the local midnights of the last
 * censusLookbackDays days that have passed without one. Returns the rows inserted.
 */
export async function takeDueMidnightCensus(platform: Platform): Promise<number> {
  const now = platform.clock.now();
  const { rows: facilities } = await platform.db.execute<{ id: string; time_zone: string }>(
    sql`select id, time_zone from facility where is_active order by id`,
  );
  let inserted = 0;
  for (const f of facilities) {
    const today = localDateAt(now, f.time_zone);
    const oldest = addDays(today, -(censusLookbackDays - 1));
    const { rows: taken } = await platform.db.execute<{ census_date: string }>(
      sql`select distinct census_date::text from census_snapshot
           where facility_id = ${f.id} and census_date >= ${oldest}::date`,
    );
    const done = new Set(taken.map((t) => t.census_date));
    for (let back = 0; back < censusLookbackDays; back += 1) {
      const date = addDays(today, -back);
      if (done.has(date) || localDayBounds(date, f.time_zone).from > now) continue;
      inserted += await takeMidnightCensus(platform.db, {
        facilityId: f.id,
        date,
        timeZone: f.time_zone,
        takenAt: now,
      });
    }
  }
  return inserted;
}
