// `npm run bench:admissions`: the admissions figures of issue 5 on PostgreSQL (the system
// server, BENCH_DATABASE_URL, default 127.0.0.1:5432): a fresh database gets the demo seed
// (first server start), N generated patients, and Meridian General Hospital grows by a
// 1,000-bed bench block (25 wards of 20 two-bed rooms, 60 % occupied by stays loaded in SQL);
// then TWO server instances on that one database serve:
//   - the whole hospital's bed board (GET /api/v1/bed-board), p95 <= 100 ms;
//   - admissions into free beds, then transfers between beds, each at a fixed arrival rate
//     (open loop, 20/s: far above a hospital's busiest hour), p99 <= 30 ms each, latency
//     taken from each request's planned send time;
//   - change-to-screen on the live board with 50 open boards (SSE clients spread over both
//     instances): from sending a bed change to each board having refetched the changed ward
//     and seeing the new state, <= 2 s;
//   - a race: 1,000 concurrent admissions for 100 free beds across both instances, every
//     patient trying two beds: exactly one winner per bed, no bed with two occupants and no
//     patient with two open stays.
// Prints figure, value, goal and pass/FAIL; writes bench/results/admissions-<time>.json.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect, parseArgs } from 'node:util';
import type pg from 'pg';
import { describeError, runBench, writeResultsFile } from './lib/harness.js';
import {
  epochNow,
  reportFlushes,
  spansDuringStall,
  startFlushProbe,
  type FlushReport,
  type Span,
} from './lib/flush-probe.js';
import { atRate, countStatus, inTurns, type Timed } from './lib/http.js';
import { get, outcome, send, type Instance } from './lib/instances.js';
import { timedStep } from './lib/pg.js';
import { latencyRow, ms, type ReportRow } from './lib/report.js';
import { summarize, type LatencySummary } from './lib/stats.js';
import { cleanUpTwoInstances, onTwoInstances } from './lib/two-instances.js';

const nurse = 'nurse@meridian.example';
const goals = { boardP95Ms: 100, admitP99Ms: 30, transferP99Ms: 30, changeToScreenMs: 2000 };
/** A disk flush this slow is a stall: with a request's own ~10 ms it passes the 30 ms goals. */
const flushStallMs = 10;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    patients: { type: 'string' },
    boards: { type: 'string' },
    'board-views': { type: 'string' },
    admits: { type: 'string' },
    transfers: { type: 'string' },
    changes: { type: 'string' },
    'race-beds': { type: 'string' },
    'race-attempts-per-bed': { type: 'string', default: '10' },
    'race-concurrency': { type: 'string', default: '64' },
    rate: { type: 'string', default: '20' },
    'max-minutes': { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const settings = {
  patients: num(args.patients, args.quick ? 10_000 : 20_000),
  wards: 25,
  roomsPerWard: 20,
  bedsPerRoom: 2,
  /** Of every 10 bench beds, this many are occupied at the start. */
  occupiedTenths: 6,
  boardViews: num(args['board-views'], args.quick ? 40 : 200),
  admits: num(args.admits, args.quick ? 40 : 120),
  transfers: num(args.transfers, args.quick ? 40 : 120),
  boards: num(args.boards, 50),
  /** A multiple of 3, so the bed ends where it began (dirty, cleaning, available). */
  changes: num(args.changes, args.quick ? 6 : 21),
  raceBeds: num(args['race-beds'], 100),
  raceAttemptsPerBed: num(args['race-attempts-per-bed'], 10),
  raceConcurrency: num(args['race-concurrency'], 64),
  /** Admissions (then transfers) a second, open loop. */
  rate: num(args.rate, 20),
  warmup: 10,
  maxMinutes: num(args['max-minutes'], args.quick ? 10 : 20),
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
};
const benchBeds = settings.wards * settings.roomsPerWard * settings.bedsPerRoom;

interface Measured {
  latency: LatencySummary;
  statuses: Record<string, number>;
}
/**
 * Requests sent on a schedule (open loop) at `rate`/s; the answers over the goal, and how
 * many of them came while a disk flush stalled.
 */
type AtRate = Measured & { achievedRate: number; overGoal: Span[]; overGoalDuringStall?: number };
interface Results {
  loadSeconds?: { patients: number; beds: number };
  bedsOnBoard?: number;
  occupiedOnBoard?: number;
  board?: Measured;
  admit?: AtRate;
  transfer?: AtRate;
  /** This machine's disk flushes while admissions and transfers were measured. */
  flushes?: FlushReport;
  changeToScreen?: Measured & { boards: number; changes: number; missed: number };
  race?: {
    attempts: number;
    beds: number;
    outcomes: Record<string, number>;
    bedsWithOneWinner: number;
    doubleOccupancy: number;
    patientsWithTwoOpenStays: number;
  };
}
const results: Results & { failures: { where: string; status: number; body: unknown }[] } = {
  failures: [],
};

function noteFailure(where: string, res: Timed): void {
  if (results.failures.length < 20) {
    results.failures.push({ where, status: res.status, body: res.body });
  }
}

// ---- the database ----

/** The bench block: wards BW01-BW25 at MGH, rooms of two beds, 60 % occupied. */
async function loadBeds(c: pg.Client): Promise<void> {
  await c.query('begin');
  await c.query(
    `create table bench_ward as
     select w, gen_random_uuid() as id from generate_series(1, $1) w`,
    [settings.wards],
  );
  await c.query(`
    insert into ward (id, facility_id, code, name, kind)
    select b.id, f.id, 'BW' || lpad(b.w::text, 2, '0'), 'Bench ward ' || b.w, 'medical_surgical'
      from bench_ward b join facility f on f.code = 'MGH'`);
  await c.query(
    `create table bench_room as
     select b.id as ward_id, r, gen_random_uuid() as id
       from bench_ward b, generate_series(1, $1) r`,
    [settings.roomsPerWard],
  );
  await c.query(`
    insert into ward_room (id, ward_id, code)
    select id, ward_id, 'R' || r from bench_room`);
  await c.query(
    `create table bench_bed as
     select (row_number() over (order by w.w, r.r, k) - 1)::int as idx, gen_random_uuid() as id,
            r.id as room_id, r.ward_id, f.id as facility_id, 'R' || r.r || '-' || chr(64 + k) as code
       from bench_room r join bench_ward w on w.id = r.ward_id
       join facility f on f.code = 'MGH', generate_series(1, $1) k`,
    [settings.bedsPerRoom],
  );
  await c.query('create unique index on bench_bed (idx)');
  await c.query(`
    insert into bed (id, room_id, ward_id, facility_id, code, isolation_capable)
    select id, room_id, ward_id, facility_id, code, idx % 20 = 0 from bench_bed`);
  // Patients with no stay and no restriction; the first ones lie in the occupied beds.
  await c.query(`
    create table bench_patient as
    select (row_number() over (order by p.mrn) - 1)::int as idx, p.id
      from patient p
     where p.status = 'active' and not p.deceased
       and not (p.flag_vip or p.flag_employee or p.flag_confidential)
       and not exists (select 1 from inpatient_stay s where s.patient_id = p.id)`);
  await c.query('create unique index on bench_patient (idx)');
  await c.query(
    `create table bench_stay as
     select b.idx, b.id as bed_id, b.ward_id, b.facility_id, p.id as patient_id,
            gen_random_uuid() as stay_id,
            now() - ((b.idx % 9) + 1) * interval '1 day' - (b.idx % 13) * interval '1 hour' as admitted_at
       from bench_bed b join bench_patient p on p.idx = b.idx
      where b.idx % 10 < $1`,
    [settings.occupiedTenths],
  );
  await c.query(`
    insert into inpatient_stay (id, patient_id, facility_id, status, source,
                                admitting_practitioner_id, attending_practitioner_id, reason,
                                level_of_care, admitted_at)
    select s.stay_id, s.patient_id, s.facility_id, 'admitted', 'emergency', pr.id, pr.id,
           'Bench admission', 'acute', s.admitted_at
      from bench_stay s,
           lateral (select id from practitioner where facility_id = s.facility_id
                     order by id limit 1) pr`);
  await c.query(`
    update bed b set state = 'occupied', stay_id = s.stay_id, state_since = s.admitted_at
      from bench_stay s where s.bed_id = b.id`);
  await c.query(`
    insert into bed_occupancy (id, stay_id, bed_id, ward_id, facility_id, period)
    select gen_random_uuid(), stay_id, bed_id, ward_id, facility_id, tstzrange(admitted_at, null)
      from bench_stay`);
  await c.query(`
    insert into stay_movement (id, stay_id, facility_id, kind, occurred_at, to_bed_id, to_ward_id,
                               to_level_of_care)
    select gen_random_uuid(), stay_id, facility_id, 'admitted', admitted_at, bed_id, ward_id, 'acute'
      from bench_stay`);
  await c.query('commit');
  // The steady state a running hospital's database is in: without it autovacuum catches up
  // on the load (the beds' 600 updates above) in the middle of the measurements.
  await c.query('vacuum analyze');
}

async function facilityAndPractitioner(
  c: pg.Client,
): Promise<{ facilityId: string; practitionerId: string }> {
  const { rows } = await c.query<{ facility_id: string; practitioner_id: string }>(`
    select f.id as facility_id,
           (select id from practitioner where facility_id = f.id and is_active order by id limit 1)
             as practitioner_id
      from facility f where f.code = 'MGH'`);
  const row = rows[0];
  if (!row?.practitioner_id) throw new Error('no active practitioner at MGH');
  return { facilityId: row.facility_id, practitionerId: row.practitioner_id };
}

/** Free bench beds (not yet used by the bench), oldest index first. */
async function freeBeds(
  c: pg.Client,
  count: number,
  skip = 0,
): Promise<{ id: string; wardId: string }[]> {
  const { rows } = await c.query<{ id: string; ward_id: string }>(
    `select b.id, b.ward_id from bench_bed bb join bed b on b.id = bb.id
      where b.state = 'available' order by bb.idx offset $2 limit $1`,
    [count, skip],
  );
  return rows.map((r) => ({ id: r.id, wardId: r.ward_id }));
}

/** Patients without any stay, from `offset` in bench order. */
async function freePatients(c: pg.Client, count: number, offset: number): Promise<string[]> {
  const { rows } = await c.query<{ id: string }>(
    `select p.id from bench_patient p
      where p.idx >= $2 and not exists (select 1 from inpatient_stay s where s.patient_id = p.id)
      order by p.idx limit $1`,
    [count, offset],
  );
  if (rows.length < count) throw new Error('not enough bench patients');
  return rows.map((r) => r.id);
}

// ---- measuring ----

async function benchBoard(instances: Instance[], facilityId: string): Promise<void> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  for (let n = 0; n < settings.boardViews + settings.warmup; n++) {
    const res = await get(
      instances[n % instances.length] as Instance,
      `/api/v1/bed-board?facilityId=${facilityId}`,
    );
    if (n === 0 && res.status === 200) {
      const wards = (res.body as { wards: { beds: { occupant: unknown }[] }[] }).wards;
      const beds = wards.flatMap((w) => w.beds);
      results.bedsOnBoard = beds.length;
      results.occupiedOnBoard = beds.filter((b) => b.occupant !== null).length;
    }
    if (n < settings.warmup) continue;
    countStatus(statuses, res.status);
    if (res.status === 200) latencies.push(res.ms);
    else noteFailure('board', res);
  }
  results.board = { latency: summarize(latencies), statuses };
}

function admitBody(o: {
  facilityId: string;
  practitionerId: string;
  patientId: string;
  bedId: string;
}) {
  return {
    patientId: o.patientId,
    facilityId: o.facilityId,
    source: 'direct',
    admittingPractitionerId: o.practitionerId,
    attendingPractitionerId: o.practitionerId,
    reason: 'Bench admission',
    levelOfCare: 'acute',
    bedId: o.bedId,
  };
}

/**
 * Sends one request per item at settings.rate a second (open loop) and measures those after
 * the warm-up from their planned send time; any other status than `okStatus` is a failure.
 * Answers over `goalMs` are kept as spans, to be set against the disk's flush stalls.
 */
async function measureAtRate<T>(
  items: readonly T[],
  where: string,
  okStatus: number,
  goalMs: number,
  request: (item: T, n: number) => Promise<Timed>,
): Promise<AtRate> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const overGoal: Span[] = [];
  const seconds = await atRate(items, settings.rate, async (item, n, plannedAt) => {
    const res = await request(item, n);
    if (n < settings.warmup) return;
    countStatus(statuses, res.status);
    if (res.status !== okStatus) {
      noteFailure(where, res);
      return;
    }
    const elapsed = performance.now() - plannedAt;
    latencies.push(elapsed);
    if (elapsed > goalMs) {
      overGoal.push({ from: performance.timeOrigin + plannedAt, to: epochNow() });
    }
  });
  return {
    latency: summarize(latencies),
    statuses,
    achievedRate: Math.round(items.length / seconds),
    overGoal,
  };
}

async function benchAdmitAndTransfer(
  c: pg.Client,
  instances: Instance[],
  ids: { facilityId: string; practitionerId: string },
): Promise<void> {
  const on = (n: number) => instances[n % instances.length] as Instance;
  const beds = await freeBeds(c, settings.admits + settings.warmup);
  const patients = await freePatients(c, beds.length, benchBeds);
  // Transfers of bench stays (loaded in SQL) into further free beds.
  const targets = await freeBeds(c, settings.transfers + settings.warmup, beds.length);
  const { rows: stays } = await c.query<{ stay_id: string }>(
    'select stay_id from bench_stay order by idx limit $1',
    [targets.length],
  );
  const probe = startFlushProbe();
  try {
    results.admit = await measureAtRate(beds, 'admit', 201, goals.admitP99Ms, (bed, n) =>
      send(
        on(n),
        'POST',
        '/api/v1/admissions',
        admitBody({ ...ids, patientId: patients[n] ?? '', bedId: bed.id }),
        { 'idempotency-key': randomUUID() },
      ),
    );
    results.transfer = await measureAtRate(
      targets,
      'transfer',
      200,
      goals.transferP99Ms,
      (bed, n) =>
        send(on(n), 'POST', `/api/v1/admissions/${stays[n]?.stay_id ?? ''}/transfer`, {
          bedId: bed.id,
          reason: 'Bench transfer',
        }),
    );
  } finally {
    const flushes = await probe.stop();
    results.flushes = reportFlushes(flushes, flushStallMs);
    for (const f of [results.admit, results.transfer]) {
      if (f) f.overGoalDuringStall = spansDuringStall(f.overGoal, flushes, flushStallMs).length;
    }
  }
}

interface BoardEvent {
  wardIds: string[];
  bedIds: string[];
}

/** One open board: an SSE stream; calls `onEvent` for each `beds` event. */
async function openBoard(
  i: Instance,
  facilityId: string,
  onEvent: (e: BoardEvent) => void,
): Promise<AbortController> {
  const abort = new AbortController();
  const res = await fetch(`${i.server.baseUrl}/api/v1/bed-board/events?facilityId=${facilityId}`, {
    headers: { cookie: i.cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`the board stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          if (!lines.includes('event: beds')) continue;
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          onEvent(JSON.parse(data) as BoardEvent);
        }
      }
    } catch {
      // aborted at the end of the bench
    }
  })();
  return abort;
}

/**
 * 50 boards open; each change (a free bench bed made dirty, cleaned, made available) is
 * timed from its send until every board has refetched the changed ward and seen the bed in
 * its new state.
 */
async function benchChangeToScreen(
  c: pg.Client,
  instances: Instance[],
  facilityId: string,
): Promise<void> {
  const [bed] = await freeBeds(c, 1, 50);
  if (!bed) throw new Error('no free bench bed for the live bench');
  const cycle = [
    { action: 'mark_dirty', state: 'dirty' },
    { action: 'start_cleaning', state: 'cleaning' },
    { action: 'finish_cleaning', state: 'available' },
  ] as const;
  let current: { sentAt: number; state: string; seen: Set<number>; done: () => void } | null = null;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const boards: AbortController[] = [];
  let missed = 0;
  try {
    for (let b = 0; b < settings.boards; b++) {
      const instance = instances[b % instances.length] as Instance;
      boards.push(
        await openBoard(instance, facilityId, (e) => {
          const change = current;
          if (!change || !e.bedIds.includes(bed.id) || change.seen.has(b)) return;
          void get(
            instance,
            `/api/v1/bed-board?facilityId=${facilityId}&wardId=${bed.wardId}`,
          ).then((res) => {
            const shown = (
              res.body as { wards?: { beds: { id: string; state: string }[] }[] }
            ).wards
              ?.flatMap((w) => w.beds)
              .find((x) => x.id === bed.id);
            if (current !== change || shown?.state !== change.state || change.seen.has(b)) return;
            change.seen.add(b);
            latencies.push(performance.now() - change.sentAt);
            if (change.seen.size === settings.boards) change.done();
          });
        }),
      );
    }
    await sleep(500);
    for (let n = 0; n < settings.changes; n++) {
      const step = cycle[n % cycle.length] ?? cycle[0];
      const { rows } = await c.query<{ version: number }>('select version from bed where id = $1', [
        bed.id,
      ]);
      const seenAll = new Promise<void>((resolve) => {
        current = { sentAt: performance.now(), state: step.state, seen: new Set(), done: resolve };
      });
      const res = await send(
        instances[n % instances.length] as Instance,
        'POST',
        `/api/v1/beds/${bed.id}/state`,
        { action: step.action },
        { 'if-match': `"${rows[0]?.version ?? 0}"` },
      );
      countStatus(statuses, res.status);
      if (res.status !== 200) noteFailure('bed change', res);
      const timedOut = await Promise.race([
        seenAll.then(() => false),
        sleep(5000).then(() => true),
      ]);
      if (timedOut) {
        const change = current as { seen: Set<number> } | null;
        missed += settings.boards - (change?.seen.size ?? 0);
      }
      current = null;
      await sleep(250);
    }
  } finally {
    for (const b of boards) b.abort();
  }
  results.changeToScreen = {
    latency: summarize(latencies),
    statuses,
    boards: settings.boards,
    changes: settings.changes,
    missed,
  };
}

/** 100 free beds, 10 admissions each at once, every patient trying two different beds. */
async function benchRace(
  c: pg.Client,
  instances: Instance[],
  ids: { facilityId: string; practitionerId: string },
): Promise<void> {
  const beds = await freeBeds(c, settings.raceBeds);
  const half = Math.floor(settings.raceAttemptsPerBed / 2);
  const patients = await freePatients(c, beds.length * half, benchBeds + 2000);
  // Bed i is wanted by patients k*B + i (k < half) and k*B + (i + 1) mod B: so patient
  // k*B + j tries bed j and bed j - 1, two beds at once. Of a bed's candidates at most two
  // can win elsewhere (one in each neighbour), so every bed must end with exactly one.
  const attempts = beds.flatMap((bed, i) =>
    Array.from({ length: half * 2 }, (_, k) => ({
      bedId: bed.id,
      patientId: patients[(k % half) * beds.length + (k < half ? i : (i + 1) % beds.length)] ?? '',
    })),
  );
  let x = 2026;
  for (let i = attempts.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [attempts[i], attempts[j]] = [
      attempts[j] as (typeof attempts)[number],
      attempts[i] as (typeof attempts)[number],
    ];
  }
  const outcomes: Record<string, number> = {};
  await inTurns(attempts, settings.raceConcurrency, async (a, n) => {
    const res = await send(
      instances[n % instances.length] as Instance,
      'POST',
      '/api/v1/admissions',
      admitBody({ ...ids, ...a }),
    );
    const key = outcome(res);
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (res.status !== 201 && res.status !== 409) noteFailure('race', res);
  });
  const bedIds = beds.map((b) => b.id);
  const { rows } = await c.query<{ one: string; double: string; two_stays: string }>(
    `select
       (select count(*) from bed where id = any($1) and state = 'occupied') as one,
       (select count(*) from bed_occupancy a join bed_occupancy b
           on a.bed_id = b.bed_id and a.id < b.id and a.period && b.period
          and not a.is_void and not b.is_void) as double,
       (select count(*) from (
          select patient_id from inpatient_stay
           where status in ('pre_admitted', 'admitted', 'on_leave')
           group by patient_id having count(*) > 1) t) as two_stays`,
    [bedIds],
  );
  const o = rows[0];
  results.race = {
    attempts: attempts.length,
    beds: beds.length,
    outcomes,
    bedsWithOneWinner: Number(o?.one ?? -1),
    doubleOccupancy: Number(o?.double ?? -1),
    patientsWithTwoOpenStays: Number(o?.two_stays ?? -1),
  };
}

// ---- the run ----

function benchAll(): Promise<void> {
  return onTwoInstances({
    name: 'adm',
    databaseUrl: settings.databaseUrl,
    patients: settings.patients,
    signInAs: nurse,
    load: async (c, patientSeconds) => {
      const beds = await timedStep(`${benchBeds} bench beds and their stays`, () => loadBeds(c));
      results.loadSeconds = { patients: patientSeconds, beds };
    },
    measure: async (c, instances) => {
      const ids = await facilityAndPractitioner(c);
      console.log('[bench] bed board views ...');
      await benchBoard(instances, ids.facilityId);
      console.log(`[bench] admissions and transfers at ${settings.rate}/s ...`);
      await benchAdmitAndTransfer(c, instances, ids);
      console.log(`[bench] live board: ${settings.boards} boards ...`);
      await benchChangeToScreen(c, instances, ids.facilityId);
      console.log('[bench] the race ...');
      await benchRace(c, instances, ids);
    },
  });
}

function rows(): ReportRow[] {
  const out: ReportRow[] = [];
  const { board, admit, transfer, changeToScreen, race } = results;
  if (results.bedsOnBoard !== undefined) {
    out.push({
      figure: 'beds on the board (occupied)',
      value: `${results.bedsOnBoard} (${results.occupiedOnBoard ?? 0})`,
      goal: '>= 1000',
      result: results.bedsOnBoard >= 1000 ? 'pass' : 'FAIL',
    });
  }
  out.push(...latencyRow('bed board (whole hospital)', board, 'p95Ms', goals.boardP95Ms, '200'));
  const atRateOf = (f: AtRate | undefined) =>
    `at ${settings.rate}/s (${f?.achievedRate ?? 0}/s done)`;
  const overGoalRow = (what: string, f: AtRate | undefined, goalMs: number): ReportRow[] =>
    f
      ? [
          {
            figure: `  ${what} over ${goalMs} ms (of them during a disk flush stall)`,
            value: `${f.overGoal.length} (${f.overGoalDuringStall ?? '?'})`,
            goal: '',
            result: 'info',
          },
        ]
      : [];
  out.push(...latencyRow(`admit ${atRateOf(admit)}`, admit, 'p99Ms', goals.admitP99Ms, '201'));
  out.push(...overGoalRow('admissions', admit, goals.admitP99Ms));
  out.push(
    ...latencyRow(`transfer ${atRateOf(transfer)}`, transfer, 'p99Ms', goals.transferP99Ms, '200'),
  );
  out.push(...overGoalRow('transfers', transfer, goals.transferP99Ms));
  if (results.flushes) {
    const { flushes: l, stalls, stallMs } = results.flushes;
    out.push({
      figure: `disk flush (8 KiB fdatasync) meanwhile (${l.count})`,
      value: `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)}; ${stalls} of ${stallMs} ms or more`,
      goal: '',
      result: 'info',
    });
  }
  if (changeToScreen) {
    out.push(
      ...latencyRow(
        `change to screen (${changeToScreen.boards} boards x ${changeToScreen.changes} changes)`,
        changeToScreen,
        'p99Ms',
        goals.changeToScreenMs,
        '200',
      ),
    );
    out.push({
      figure: '  boards that never showed a change',
      value: String(changeToScreen.missed),
      goal: '0',
      result: changeToScreen.missed === 0 ? 'pass' : 'FAIL',
    });
  }
  if (race) {
    const wins = race.outcomes['201'] ?? 0;
    out.push({
      figure: 'race: attempts / outcomes',
      value: `${race.attempts} / ${inspect(race.outcomes)}`,
      goal: `201 = ${race.beds} beds, rest 409`,
      result:
        wins === race.beds &&
        race.bedsWithOneWinner === race.beds &&
        Object.entries(race.outcomes).every(([k]) => k === '201' || k.startsWith('admission.'))
          ? 'pass'
          : 'FAIL',
    });
    out.push({
      figure: 'race: double occupancy / patients with two open stays',
      value: `${race.doubleOccupancy} / ${race.patientsWithTwoOpenStays}`,
      goal: '0 / 0',
      result: race.doubleOccupancy === 0 && race.patientsWithTwoOpenStays === 0 ? 'pass' : 'FAIL',
    });
  }
  return out;
}

function writeResults(startedAt: Date, loadavgAtStart: number[], error: unknown): string {
  return writeResultsFile('admissions', startedAt, loadavgAtStart, {
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
