import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';

export type MetricsGroupBy = 'practitioner' | 'department' | 'facility';

export interface MetricsFilter {
  /** Inclusive local dates, each appointment and template block in its facility's zone. */
  from: string;
  to: string;
  facilityId?: string;
  departmentId?: string;
  practitionerId?: string;
  groupBy: MetricsGroupBy;
}

export interface MetricsFigures {
  groupId: string | null;
  groupName: string | null;
  appointments: number;
  completed: number;
  noShows: number;
  cancellations: number;
  medianLeadTimeMinutes: number | null;
  medianWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  scheduledMinutes: number;
  availableMinutes: number;
}

// The group an appointment (a, its practitioner p) and a template block (b, template t,
// practitioner p) count towards. An appointment's department is the one it was booked in,
// else its practitioner's.
const appointmentGroup: Record<MetricsGroupBy, SQL> = {
  practitioner: sql`a.practitioner_id`,
  department: sql`coalesce(a.department_id, p.department_id)`,
  facility: sql`a.facility_id`,
};
const blockGroup: Record<MetricsGroupBy, SQL> = {
  practitioner: sql`b.practitioner_id`,
  department: sql`p.department_id`,
  facility: sql`t.facility_id`,
};
const groupName: Record<MetricsGroupBy, SQL> = {
  practitioner: sql`(select u.display_name from practitioner gp
                       join user_account u on u.id = gp.user_id where gp.id = g.group_id)`,
  department: sql`(select d.name from department d where d.id = g.group_id)`,
  facility: sql`(select gf.name from facility gf where gf.id = g.group_id)`,
};

function appointmentFilters(f: MetricsFilter): SQL {
  const parts = [
    sql`a.status <> 'held'`,
    // Wider than any local date reaches in UTC (zones run from -12 to +14 hours), so the
    // (facility_id|practitioner_id, starts_at) indexes narrow the scan before the zone test.
    sql`a.starts_at >= (${f.from}::date - 2)::timestamp at time zone 'UTC'`,
    sql`a.starts_at < (${f.to}::date + 2)::timestamp at time zone 'UTC'`,
    sql`(a.starts_at at time zone f.time_zone)::date between ${f.from}::date and ${f.to}::date`,
  ];
  if (f.facilityId) parts.push(sql`a.facility_id = ${f.facilityId}::uuid`);
  if (f.practitionerId) parts.push(sql`a.practitioner_id = ${f.practitionerId}::uuid`);
  if (f.departmentId) {
    parts.push(sql`coalesce(a.department_id, p.department_id) = ${f.departmentId}::uuid`);
  }
  return sql.join(parts, sql` and `);
}

function blockFilters(f: MetricsFilter): SQL {
  const parts = [sql`true`];
  if (f.facilityId) parts.push(sql`t.facility_id = ${f.facilityId}::uuid`);
  if (f.practitionerId) parts.push(sql`b.practitioner_id = ${f.practitionerId}::uuid`);
  if (f.departmentId) parts.push(sql`p.department_id = ${f.departmentId}::uuid`);
  return sql.join(parts, sql` and `);
}

const minutesBetween = (from: SQL, to: SQL) => sql`extract(epoch from ${to} - ${from}) / 60`;

/**
 * The scheduling figures of each group over a local date range, in one statement:
 * appointment counts and percentiles, booked minutes of the visits that kept their place
 * (active or completed), and the template minutes worked at each location's local times
 * minus the practitioner's exceptions and the facility's holidays (DST-safe: a block is
 * placed with `timestamp at time zone`).
 */
export async function schedulingFigures(tx: DbOrTx, f: MetricsFilter): Promise<MetricsFigures[]> {
  const { rows } = await tx.execute<{
    group_id: string | null;
    group_name: string | null;
    appointments: number;
    completed: number;
    no_shows: number;
    cancellations: number;
    median_lead: number | null;
    median_wait: number | null;
    p90_wait: number | null;
    scheduled: number;
    available: number;
  }>(sql`
    with appts as (
      select ${appointmentGroup[f.groupBy]} as group_id, a.*
        from appointment a
        join practitioner p on p.id = a.practitioner_id
        join facility f on f.id = a.facility_id
       where ${appointmentFilters(f)}
    ),
    appt_figures as (
      select group_id,
             count(*)::int as appointments,
             (count(*) filter (where status = 'completed'))::int as completed,
             (count(*) filter (where status = 'no_show'))::int as no_shows,
             (count(*) filter (where status = 'cancelled'))::int as cancellations,
             percentile_cont(0.5) within group
               (order by ${minutesBetween(sql`booked_at`, sql`starts_at`)}) as median_lead,
             percentile_cont(0.5) within group
               (order by ${minutesBetween(sql`arrived_at`, sql`in_room_at`)}) as median_wait,
             percentile_cont(0.9) within group
               (order by ${minutesBetween(sql`arrived_at`, sql`in_room_at`)}) as p90_wait,
             coalesce(sum(${minutesBetween(sql`starts_at`, sql`ends_at`)}) filter (
               where status in ('booked', 'confirmed', 'arrived', 'in_room', 'completed')
             ), 0) as scheduled
        from appts
       group by group_id
    ),
    blocks as (
      select ${blockGroup[f.groupBy]} as group_id, b.practitioner_id, t.facility_id,
             tstzrange(
               (day + b.start_minute * interval '1 minute') at time zone f.time_zone,
               (day + b.end_minute * interval '1 minute') at time zone f.time_zone
             ) as period
        from (
          -- Tricky: over dates, generate_series yields timestamptz; local dates are wanted.
          select d::date as day
            from generate_series(${f.from}::timestamp, ${f.to}::timestamp, interval '1 day') as d
        ) as g
        join schedule_template_block b
          on b.weekday = extract(isodow from g.day) and b.effective @> g.day
        join schedule_template t on t.id = b.template_id
        join practitioner p on p.id = b.practitioner_id
        join facility f on f.id = t.facility_id
       where ${blockFilters(f)}
    ),
    free_figures as (
      select bl.group_id,
             sum((
               select coalesce(sum(extract(epoch from upper(r) - lower(r))), 0)
                 from unnest(
                   tstzmultirange(bl.period) - coalesce((
                     select range_agg(e.period)
                       from schedule_exception e
                      where not e.is_cancelled
                        and e.period && bl.period
                        and (e.practitioner_id = bl.practitioner_id
                             or e.facility_id = bl.facility_id)
                   ), '{}'::tstzmultirange)
                 ) as r
             )) / 60 as available
        from blocks bl
       group by bl.group_id
    ),
    g as (
      select group_id,
             sum(appointments)::int as appointments, sum(completed)::int as completed,
             sum(no_shows)::int as no_shows, sum(cancellations)::int as cancellations,
             max(median_lead) as median_lead, max(median_wait) as median_wait,
             max(p90_wait) as p90_wait,
             round(sum(scheduled))::int as scheduled, round(sum(available))::int as available
        from (
          select group_id, appointments, completed, no_shows, cancellations, median_lead,
                 median_wait, p90_wait, scheduled, 0 as available
            from appt_figures
          union all
          select group_id, 0, 0, 0, 0, null, null, null, 0, available
            from free_figures
        ) both_sides
       group by group_id
    )
    select g.*, ${groupName[f.groupBy]} as group_name
      from g
     order by group_name nulls last, group_id nulls last`);
  return rows.map((r) => ({
    groupId: r.group_id,
    groupName: r.group_name,
    appointments: r.appointments,
    completed: r.completed,
    noShows: r.no_shows,
    cancellations: r.cancellations,
    medianLeadTimeMinutes: r.median_lead,
    medianWaitMinutes: r.median_wait,
    p90WaitMinutes: r.p90_wait,
    scheduledMinutes: r.scheduled,
    availableMinutes: r.available,
  }));
}
