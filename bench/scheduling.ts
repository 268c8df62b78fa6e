// `npm run bench:scheduling`: the scheduling figures of issue 4 on PostgreSQL (the system
// server, BENCH_DATABASE_URL, default 127.0.0.1:5432): a fresh database gets the demo seed
// (first server start), N generated patients (`meridian seed patients`), bench practitioners
// with weekly templates and 1,000,000 appointments (SQL, below); then TWO server instances
// on that one database serve:
//   - a practitioner's day view (GET /api/v1/appointments for one local day), p95 <= 20 ms;
//   - a two-week slot search for a specialty of 20 practitioners, p95 <= 50 ms;
//   - bookings at a fixed arrival rate (open loop, >= 500/s), p99 <= 15 ms, latency taken
//     from each request's planned send time so a stalled server cannot hide its queue;
//   - a race: 10,000 bookings for 500 slots, 20 clerks per slot, spread over both
//     instances: exactly one success per slot and zero overlapping active appointments.
// Prints figure, value, goal and pass/FAIL; writes bench/results/scheduling-<time>.json.
import { performance } from 'node:perf_hooks';
import { inspect, parseArgs } from 'node:util';
import type pg from 'pg';
import { describeError, runBench, writeResultsFile } from './lib/harness.js';
import { atRate, countStatus, inTurns, itemsOf, type Timed } from './lib/http.js';
import { get, send, type Instance } from './lib/instances.js';
import { timedStep } from './lib/pg.js';
import { latencyRow, type ReportRow } from './lib/report.js';
import { summarize, type LatencySummary } from './lib/stats.js';
import { cleanUpTwoInstances, onTwoInstances } from './lib/two-instances.js';

const frontDesk = 'frontdesk@meridian.example';
const goals = { dayViewP95Ms: 20, slotSearchP95Ms: 50, bookingP99Ms: 15, bookingRate: 500 };

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    appointments: { type: 'string' },
    patients: { type: 'string' },
    practitioners: { type: 'string', default: '200' },
    'day-views': { type: 'string' },
    'slot-searches': { type: 'string' },
    'booking-rate': { type: 'string', default: '500' },
    'booking-seconds': { type: 'string' },
    'race-slots': { type: 'string' },
    'race-clerks': { type: 'string', default: '20' },
    'race-concurrency': { type: 'string', default: '64' },
    'max-minutes': { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const settings = {
  appointments: num(args.appointments, args.quick ? 100_000 : 1_000_000),
  patients: num(args.patients, args.quick ? 20_000 : 100_000),
  /** Bench practitioners, 20 per specialty ("Bench specialty 0", 1, ...). */
  practitioners: num(args.practitioners, 200),
  dayViews: num(args['day-views'], args.quick ? 100 : 500),
  slotSearches: num(args['slot-searches'], args.quick ? 50 : 200),
  bookingRate: num(args['booking-rate'], 500),
  bookingSeconds: num(args['booking-seconds'], args.quick ? 5 : 20),
  raceSlots: num(args['race-slots'], args.quick ? 100 : 500),
  raceClerks: num(args['race-clerks'], 20),
  raceConcurrency: num(args['race-concurrency'], 64),
  warmup: 20,
  maxMinutes: num(args['max-minutes'], args.quick ? 10 : 30),
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
};
/** Working day 08:00-17:00 local in 30-minute slots. */
const slotsPerDay = 18;
const perSpecialty = 20;
const slotSearchSpecialty = 'Bench specialty 3';

interface RaceFigures {
  attempts: number;
  successes: number;
  conflicts: number;
  other: Record<string, number>;
  slots: number;
  slotsWithOneBooking: number;
  practitionerOverlaps: number;
  patientOverlaps: number;
}
interface Results {
  loadSeconds?: { patients: number; calendars: number; appointments: number };
  appointmentsStored?: number;
  dayView?: { latency: LatencySummary; statuses: Record<string, number>; meanItems: number };
  slotSearch?: { latency: LatencySummary; statuses: Record<string, number>; meanSlots: number };
  booking?: {
    latency: LatencySummary;
    plannedRate: number;
    achievedRate: number;
    statuses: Record<string, number>;
  };
  race?: RaceFigures;
}
const results: Results & { failures: { where: string; status: number; body: unknown }[] } = {
  failures: [],
};

/** Keeps the first few failed answers (ids and codes only) for the results file. */
function noteFailure(where: string, res: Timed): void {
  if (results.failures.length < 20) {
    results.failures.push({ where, status: res.status, body: res.body });
  }
}

// ---- the database ----

/** Practitioners (staff users with the physician role), their templates and a 30-min type. */
async function loadCalendars(c: pg.Client): Promise<void> {
  await c.query('begin');
  await c.query(
    `create table bench_practitioner as
     select g as idx, gen_random_uuid() as id, gen_random_uuid() as user_id
       from generate_series(0, $1 - 1) g`,
    [settings.practitioners],
  );
  await c.query(`
    insert into user_account (id, email, kind, display_name, password_hash)
    select b.user_id, 'bench-doc-' || b.idx || '@bench.example', 'staff', 'Dr. Bench ' || b.idx,
           (select password_hash from user_account where email = 'physician@meridian.example')
      from bench_practitioner b`);
  await c.query(
    `insert into user_role (user_id, role) select user_id, 'physician' from bench_practitioner`,
  );
  await c.query(
    `insert into practitioner (id, user_id, facility_id, department_id, specialty, is_active,
                               version, created_at, updated_at)
     select b.id, b.user_id, f.id, d.id, 'Bench specialty ' || (b.idx / $1), true, 1, now(), now()
       from bench_practitioner b
       join facility f on f.code = 'MGH'
       join department d on d.facility_id = f.id and d.code = 'IM'`,
    [perSpecialty],
  );
  await c.query(`
    create table bench_template as
    select gen_random_uuid() as id, b.id as practitioner_id from bench_practitioner b`);
  await c.query(`
    insert into schedule_template (id, practitioner_id, facility_id, name, effective_from,
                                   version, created_at, updated_at)
    select t.id, t.practitioner_id, f.id, 'Bench hours', date '2020-01-01', 1, now(), now()
      from bench_template t join facility f on f.code = 'MGH'`);
  await c.query(`
    insert into schedule_template_block (id, template_id, practitioner_id, weekday, start_minute,
                                         end_minute, effective)
    select gen_random_uuid(), t.id, t.practitioner_id, wd, 480, 1020, daterange('2020-01-01', null)
      from bench_template t, generate_series(1, 5) wd`);
  await c.query(`
    insert into appointment_type (id, code, name, duration_minutes, buffer_before_minutes,
                                  buffer_after_minutes, visit_kind, modality, color, is_active,
                                  version, created_at, updated_at)
    values (gen_random_uuid(), 'BENCH30', 'Bench visit', 30, 0, 0, 'follow_up', 'in_person',
            '#1c7ed6', true, 1, now(), now())`);
  // Patients without demo appointments, so bench rows never put one patient in two places.
  await c.query(`
    create table bench_patient as
    select (row_number() over (order by p.mrn) - 1)::int as idx, p.id
      from patient p
     where p.status = 'active' and not p.deceased
       and not (p.flag_vip or p.flag_employee or p.flag_confidential)
       and not exists (select 1 from appointment a where a.patient_id = p.id)`);
  await c.query('create unique index on bench_patient (idx)');
  await c.query('commit');
}

/** Local working-day slot starts for the bench practitioners from `fromDay` for `days` days. */
function slotsSql(fromDay: string, days: string): string {
  return `
    select (row_number() over (order by d, k) - 1) as slot_idx,
           ((d::date + time '08:00' + k * interval '30 minutes') at time zone f.time_zone) as starts_at
      from facility f,
           generate_series(${fromDay}, ${fromDay} + (${days}) - 1, interval '1 day') d,
           generate_series(0, ${slotsPerDay - 1}) k
     where f.code = 'MGH' and extract(isodow from d) < 6`;
}

/**
 * The stored appointments: every slot of every bench practitioner filled in the past
 * (completed, every 12th a no-show), the next 14 days 60 % booked; the patient of slot s
 * and practitioner p is patient (s * P + p) mod N, so no patient is in two places.
 */
async function loadAppointments(c: pg.Client): Promise<void> {
  const perWeekday = settings.practitioners * slotsPerDay;
  const future = Math.round(perWeekday * 10 * 0.6);
  const pastWeekdays = Math.max(1, Math.ceil((settings.appointments - future) / perWeekday));
  const pastDays = Math.ceil((pastWeekdays * 7) / 5) + 1;
  const patients = (await c.query<{ n: string }>('select count(*) as n from bench_patient')).rows[0]
    ?.n;
  const insert = (fromDay: string, days: string, where: string) =>
    c.query(`
      insert into appointment (id, patient_id, practitioner_id, facility_id, department_id,
        appointment_type_id, starts_at, ends_at, blocked_period, status, modality,
        is_overbooked, booked_at, completed_at, no_show_at, no_show_via, version, created_at,
        updated_at)
      select gen_random_uuid(), bp.id, pr.id, p.facility_id, p.department_id, t.id,
             s.starts_at, s.starts_at + interval '30 minutes',
             tstzrange(s.starts_at, s.starts_at + interval '30 minutes'),
             case when s.starts_at >= now() then 'booked'
                  when (s.slot_idx + pr.idx) % 12 = 0 then 'no_show' else 'completed' end,
             'in_person', false, s.starts_at - interval '9 days',
             case when s.starts_at < now() and (s.slot_idx + pr.idx) % 12 <> 0
                  then s.starts_at + interval '30 minutes' end,
             case when s.starts_at < now() and (s.slot_idx + pr.idx) % 12 = 0
                  then s.starts_at + interval '30 minutes' end,
             case when s.starts_at < now() and (s.slot_idx + pr.idx) % 12 = 0 then 'system' end,
             1, now(), now()
        from (${slotsSql(fromDay, days)}) s
        cross join bench_practitioner pr
        join practitioner p on p.id = pr.id
        join appointment_type t on t.code = 'BENCH30'
        join bench_patient bp on bp.idx = (s.slot_idx * ${settings.practitioners} + pr.idx) % ${patients}
       where ${where}`);
  await insert(`current_date - ${pastDays}`, String(pastDays), 's.starts_at < now()');
  await insert('current_date + 1', '14', '(s.slot_idx * 7 + pr.idx * 3) % 10 < 6');
  await c.query('analyze');
}

// ---- measuring ----

function post(i: Instance, pathAndQuery: string, body: unknown): Promise<Timed> {
  return send(i, 'POST', pathAndQuery, body);
}

async function benchDayView(c: pg.Client, instances: Instance[]): Promise<void> {
  const { rows } = await c.query<{ id: string; from: Date; to: Date }>(
    `select pr.id, (d::date::timestamp at time zone f.time_zone) as "from",
            ((d::date + 1)::timestamp at time zone f.time_zone) as "to"
       from (select id from bench_practitioner order by random() limit 100) pr,
            facility f,
            generate_series(current_date - 60, current_date - 1, interval '1 day') d
      where f.code = 'MGH' and extract(isodow from d) < 6
      order by random() limit $1`,
    [settings.dayViews + settings.warmup],
  );
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let items = 0;
  for (const [n, r] of rows.entries()) {
    const q = new URLSearchParams({
      practitionerId: r.id,
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      limit: '200',
    });
    const res = await get(instances[n % instances.length] as Instance, `/api/v1/appointments?${q}`);
    if (n < settings.warmup) continue;
    countStatus(statuses, res.status);
    if (res.status !== 200) {
      noteFailure('day view', res);
      continue;
    }
    latencies.push(res.ms);
    items += itemsOf(res.body).length;
  }
  results.dayView = {
    latency: summarize(latencies),
    statuses,
    meanItems: latencies.length ? Math.round((items / latencies.length) * 10) / 10 : 0,
  };
}

async function benchSlotSearch(c: pg.Client, instances: Instance[], typeId: string) {
  const { rows } = await c.query<{ day: string }>(
    `select to_char(current_date + g, 'YYYY-MM-DD') as day from generate_series(1, 7) g`,
  );
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let slots = 0;
  for (let n = 0; n < settings.slotSearches + settings.warmup; n++) {
    const from = rows[n % rows.length]?.day ?? '';
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + 13 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const q = new URLSearchParams({
      appointmentTypeId: typeId,
      specialty: slotSearchSpecialty,
      from,
      to,
      limit: '2000',
    });
    const res = await get(
      instances[n % instances.length] as Instance,
      `/api/v1/scheduling/slots?${q}`,
    );
    if (n < settings.warmup) continue;
    countStatus(statuses, res.status);
    if (res.status !== 200) {
      noteFailure('slot search', res);
      continue;
    }
    latencies.push(res.ms);
    slots += itemsOf(res.body).length;
  }
  results.slotSearch = {
    latency: summarize(latencies),
    statuses,
    meanSlots: latencies.length ? Math.round(slots / latencies.length) : 0,
  };
}

interface Booking {
  patientId: string;
  practitionerId: string;
  startsAt: string;
}

/** Free slots weeks ahead (no stored appointments), each with its own patient. */
async function freeBookings(
  c: pg.Client,
  o: { fromDays: number; days: number; count: number; patientOffset: number; specialty: string },
): Promise<Booking[]> {
  const { rows } = await c.query<{ practitioner_id: string; starts_at: Date }>(
    `select pr.id as practitioner_id, s.starts_at
       from (${slotsSql(`current_date + ${o.fromDays}`, String(o.days))}) s
       cross join bench_practitioner pr
       join practitioner p on p.id = pr.id
      where p.specialty ${o.specialty}
      order by s.starts_at, pr.idx
      limit $1`,
    [o.count],
  );
  const patients = await c.query<{ id: string }>(
    'select id from bench_patient where idx >= $1 order by idx limit $2',
    [o.patientOffset, rows.length],
  );
  if (patients.rows.length < rows.length) throw new Error('not enough bench patients');
  return rows.map((r, n) => ({
    practitionerId: r.practitioner_id,
    startsAt: r.starts_at.toISOString(),
    patientId: patients.rows[n]?.id ?? '',
  }));
}

/** Open loop: requests leave on schedule at `rate`/s whatever the answers take. */
async function benchBooking(c: pg.Client, instances: Instance[], typeId: string): Promise<void> {
  const total = settings.bookingRate * settings.bookingSeconds;
  const bookings = await freeBookings(c, {
    fromDays: 21,
    days: 70,
    count: total + settings.warmup,
    patientOffset: 0,
    specialty: `<> '${slotSearchSpecialty}'`,
  });
  const book = (b: Booking, n: number) =>
    post(instances[n % instances.length] as Instance, '/api/v1/appointments', {
      patientId: b.patientId,
      practitionerId: b.practitionerId,
      appointmentTypeId: typeId,
      startsAt: b.startsAt,
    });
  for (const [n, b] of bookings.slice(0, settings.warmup).entries()) await book(b, n);
  const measured = bookings.slice(settings.warmup);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const seconds = await atRate(measured, settings.bookingRate, async (b, n, plannedAt) => {
    const res = await book(b, n);
    countStatus(statuses, res.status);
    if (res.status === 201) latencies.push(performance.now() - plannedAt);
    else noteFailure('booking', res);
  });
  results.booking = {
    latency: summarize(latencies),
    plannedRate: settings.bookingRate,
    achievedRate: Math.round(measured.length / seconds),
    statuses,
  };
}

/** Many clerks, few slots: every slot is wanted by raceClerks patients at once. */
async function benchRace(c: pg.Client, instances: Instance[], typeId: string): Promise<void> {
  const slots = await freeBookings(c, {
    fromDays: 100,
    days: 28,
    count: settings.raceSlots,
    patientOffset: 0,
    specialty: `= '${slotSearchSpecialty}'`,
  });
  // Each slot's clerks book different patients, unknown to the booking bench's range.
  const offset = settings.bookingRate * settings.bookingSeconds + settings.warmup;
  const patients = await c.query<{ id: string }>(
    'select id from bench_patient where idx >= $1 order by idx limit $2',
    [offset, slots.length * settings.raceClerks],
  );
  if (patients.rows.length < slots.length * settings.raceClerks) {
    throw new Error('not enough bench patients for the race');
  }
  const attempts: Booking[] = slots.flatMap((s, i) =>
    Array.from({ length: settings.raceClerks }, (_, k) => ({
      ...s,
      patientId: patients.rows[i * settings.raceClerks + k]?.id ?? '',
    })),
  );
  // Shuffle (deterministically) so the clerks of one slot arrive at different moments.
  let x = 2026;
  for (let i = attempts.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [attempts[i], attempts[j]] = [attempts[j] as Booking, attempts[i] as Booking];
  }
  const statuses: Record<string, number> = {};
  await inTurns(attempts, settings.raceConcurrency, async (b, n) => {
    const res = await post(instances[n % instances.length] as Instance, '/api/v1/appointments', {
      patientId: b.patientId,
      practitionerId: b.practitionerId,
      appointmentTypeId: typeId,
      startsAt: b.startsAt,
    });
    const code =
      res.status === 409 && typeof res.body === 'object' && res.body !== null && 'code' in res.body
        ? String(res.body.code)
        : String(res.status);
    statuses[code] = (statuses[code] ?? 0) + 1;
    if (res.status !== 201 && res.status !== 409) noteFailure('race', res);
  });
  const first = slots[0]?.startsAt ?? new Date().toISOString();
  const overlaps = await c.query<{ practitioner: string; patient: string; one: string }>(
    `with r as (
       select * from appointment
        where starts_at >= $1 and status in ('held','booked','confirmed','arrived','in_room','completed'))
     select
       (select count(*) from r a join r b on a.practitioner_id = b.practitioner_id and a.id < b.id
          and a.blocked_period && b.blocked_period and not a.is_overbooked and not b.is_overbooked)
         as practitioner,
       (select count(*) from r a join r b on a.patient_id = b.patient_id and a.id < b.id
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)) as patient,
       (select count(*) from (
          select practitioner_id, starts_at from r group by 1, 2 having count(*) = 1) s) as one`,
    [first],
  );
  const o = overlaps.rows[0];
  const successes = statuses['201'] ?? 0;
  const conflicts = statuses['scheduling.slot_taken'] ?? 0;
  const other = Object.fromEntries(
    Object.entries(statuses).filter(([k]) => !['201', 'scheduling.slot_taken'].includes(k)),
  );
  results.race = {
    attempts: attempts.length,
    successes,
    conflicts,
    other,
    slots: slots.length,
    slotsWithOneBooking: Number(o?.one ?? 0),
    practitionerOverlaps: Number(o?.practitioner ?? -1),
    patientOverlaps: Number(o?.patient ?? -1),
  };
}

// ---- the run ----

function benchAll(): Promise<void> {
  return onTwoInstances({
    name: 'sched',
    databaseUrl: settings.databaseUrl,
    patients: settings.patients,
    signInAs: frontDesk,
    load: async (c, patientSeconds) => {
      const calendarSeconds = await timedStep('bench calendars', () => loadCalendars(c));
      const appointmentSeconds = await timedStep('bench appointments', () => loadAppointments(c));
      results.loadSeconds = {
        patients: patientSeconds,
        calendars: calendarSeconds,
        appointments: appointmentSeconds,
      };
      const count = await c.query<{ n: string }>('select count(*) as n from appointment');
      results.appointmentsStored = Number(count.rows[0]?.n ?? 0);
      console.log(`[bench] appointments stored: ${results.appointmentsStored}`);
    },
    measure: async (c, instances) => {
      const type = await c.query<{ id: string }>(
        `select id from appointment_type where code = 'BENCH30'`,
      );
      const typeId = type.rows[0]?.id ?? '';
      console.log('[bench] day views ...');
      await benchDayView(c, instances);
      console.log('[bench] slot searches ...');
      await benchSlotSearch(c, instances, typeId);
      console.log(`[bench] bookings at ${settings.bookingRate}/s ...`);
      await benchBooking(c, instances, typeId);
      console.log('[bench] the race ...');
      await benchRace(c, instances, typeId);
    },
  });
}

function rows(): ReportRow[] {
  const out: ReportRow[] = [];
  const { dayView, slotSearch, booking, race } = results;
  if (results.appointmentsStored !== undefined) {
    out.push({
      figure: 'appointments stored',
      value: results.appointmentsStored.toLocaleString('en-US'),
      goal: `>= ${settings.appointments.toLocaleString('en-US')}`,
      result: results.appointmentsStored >= settings.appointments ? 'pass' : 'FAIL',
    });
  }
  out.push(...latencyRow('day view', dayView, 'p95Ms', goals.dayViewP95Ms, '200'));
  if (dayView) {
    out.push({
      figure: '  appointments per day view',
      value: String(dayView.meanItems),
      goal: '-',
      result: 'info',
    });
  }
  out.push(
    ...latencyRow(
      `slot search (${perSpecialty} practitioners, 14 days)`,
      slotSearch,
      'p95Ms',
      goals.slotSearchP95Ms,
      '200',
    ),
  );
  if (slotSearch) {
    out.push({
      figure: '  slots per search',
      value: String(slotSearch.meanSlots),
      goal: '-',
      result: 'info',
    });
  }
  out.push(...latencyRow('booking', booking, 'p99Ms', goals.bookingP99Ms, '201'));
  if (booking) {
    out.push({
      figure: '  booking rate (open loop, planned)',
      value: `${booking.achievedRate}/s (planned ${booking.plannedRate}/s)`,
      goal: `>= ${goals.bookingRate}/s`,
      result: booking.achievedRate >= goals.bookingRate * 0.98 ? 'pass' : 'FAIL',
    });
  }
  if (race) {
    out.push({
      figure: 'race: attempts / successes / conflicts',
      value: `${race.attempts} / ${race.successes} / ${race.conflicts}${Object.keys(race.other).length ? ` / other ${inspect(race.other)}` : ''}`,
      goal: `successes = ${race.slots} slots`,
      result:
        race.successes === race.slots && race.successes + race.conflicts === race.attempts
          ? 'pass'
          : 'FAIL',
    });
    out.push({
      figure: 'race: double bookings (practitioner / patient)',
      value: `${race.practitionerOverlaps} / ${race.patientOverlaps}`,
      goal: '0 / 0',
      result: race.practitionerOverlaps === 0 && race.patientOverlaps === 0 ? 'pass' : 'FAIL',
    });
  }
  return out;
}

function writeResults(startedAt: Date, loadavgAtStart: number[], error: unknown): string {
  return writeResultsFile('scheduling', startedAt, loadavgAtStart, {
    settings: { ...settings, databaseUrl: settings.databaseUrl.replace(/\/\/[^@]*@/, '//') },
    results,
    goals: rows().filter((r) => r.result !== 'info'),
    error: describeError(error),
  });
}

process.exit(
  await runBench({
    run: benchAll,
    maxMinutes: settings.maxMinutes,
    cleanUp: cleanUpTwoInstances,
    rows,
    writeResults,
  }),
);
