// `npm run bench:clinical`: the measured figures of issue 6 (the clinical record) on
// PostgreSQL (the system server, BENCH_DATABASE_URL, default 127.0.0.1:5432): a fresh
// database gets the demo seed (first server start), N generated patients (`meridian seed
// patients`) and, in SQL, one heavy patient (1,000 encounters, 10,000 vital-sign
// observations in 1,000 scored vital sets, problems, prescriptions, allergies, lab orders and
// results) over a background of 5 encounters and 50 observations for 20,000 other patients;
// then TWO server instances on that one database serve, signed in as the physician:
//   - the chart summary: the Summary tab's requests for the heavy patient fired in parallel
//     (active problems, active prescriptions, allergy summary, latest vitals, the cumulative
//     lab page, the encounter timeline's first page), wall time of the set p95 <= 150 ms,
//     and each request alone;
//   - the encounter timeline's first page alone, p95 <= 100 ms;
//   - ICD-10-CM search (~50 realistic queries, each several times), p95 <= 30 ms;
//   - the prescribing decision-support check of drafts (an NSAID for a patient on warfarin,
//     a penicillin for a penicillin-allergic patient, a duplicate statin, an overdose),
//     p95 <= 50 ms.
// Then `meridian import fhir` of the Synthea demo bundles into fresh migrated databases,
// 3 times: resources written per second (best and median), >= 1,000/s.
// Prints figure, value, goal and pass/FAIL; writes bench/results/clinical-<time>.json.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { describeError, runBench, writeResultsFile } from './lib/harness.js';
import { countStatus, itemsOf, type Timed } from './lib/http.js';
import { get, outcome, send, type Instance } from './lib/instances.js';
import { heavyCounts, loadClinical } from './lib/clinical-data.js';
import { runCli } from './lib/cli.js';
import { databaseUrlFor, timedStep, withClient } from './lib/pg.js';
import { latencyRow, ms, type ReportRow } from './lib/report.js';
import { median, summarize, type LatencySummary } from './lib/stats.js';
import { cleanUpTwoInstances, onTwoInstances } from './lib/two-instances.js';

const physician = 'physician@meridian.example';
const goals = {
  chartSummaryP95Ms: 150,
  timelineP95Ms: 100,
  icdSearchP95Ms: 30,
  checkP95Ms: 50,
  importPerSecond: 1000,
};

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    patients: { type: 'string' },
    'background-patients': { type: 'string', default: '20000' },
    'chart-sets': { type: 'string' },
    'icd-rounds': { type: 'string' },
    checks: { type: 'string' },
    'import-runs': { type: 'string', default: '3' },
    'max-minutes': { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const settings = {
  patients: num(args.patients, args.quick ? 20_000 : 100_000),
  backgroundPatients: num(args['background-patients'], 20_000),
  encounters: 1000,
  backgroundEncounters: 5,
  labOrders: 200,
  labTests: 8,
  /** Chart summary sets (and as many timeline pages and single requests per endpoint). */
  chartSets: num(args['chart-sets'], args.quick ? 100 : 300),
  /** Rounds over the ICD-10-CM query list. */
  icdRounds: num(args['icd-rounds'], args.quick ? 4 : 10),
  checks: num(args.checks, args.quick ? 200 : 500),
  importRuns: num(args['import-runs'], 3),
  importPath: 'apps/server/src/demo/data/synthea',
  warmup: 20,
  maxMinutes: num(args['max-minutes'], args.quick ? 20 : 45),
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
};

/** Codes with and without the dot, word prefixes, several words, typos. */
const icdQueries = [
  'E11',
  'E11.9',
  'e119',
  'E11.65',
  'I10',
  'I50.9',
  'J45',
  'j45.909',
  'N18.3',
  'Z00.00',
  'R07.9',
  'M54.5',
  'F32',
  'K21.9',
  'C50.9',
  'S72',
  'O80',
  'A41.9',
  'J18.9',
  'I48.91',
  'diabetes',
  'diab',
  'diabetes type 2',
  'diab type 2 kidn',
  'type 1 diabetes ketoacidosis',
  'hypertension',
  'hypert',
  'essential hypertension',
  'heart failure',
  'congestive heart',
  'asthma',
  'pneumonia',
  'copd',
  'chronic obstructive',
  'atrial fibrillation',
  'chest pain',
  'low back pain',
  'depression',
  'major depressive disorder',
  'anxiety',
  'migraine',
  'fracture femur',
  'breast cancer',
  'sepsis',
  'urinary tract infection',
  'appendicitis',
  // Typos
  'diabtes',
  'hypertenson',
  'pnuemonia',
  'asthama',
  'fibrilation',
];

interface Latencies {
  latency: LatencySummary;
  statuses: Record<string, number>;
}
interface ImportRun {
  resources: number;
  byType: Record<string, number>;
  cliSeconds: number;
  importSeconds: number | null;
  perSecond: number;
  perSecondWholeCli: number;
}
interface Results {
  loadSeconds?: { patients: number; clinical: number };
  heavy?: Record<string, number>;
  chartSet?: Latencies & { perRequest: Record<string, Latencies> };
  timeline?: Latencies & { meanItems: number };
  single?: Record<string, Latencies>;
  icdSearch?: Latencies & { queries: number; meanHits: number };
  check?: Latencies & { alertsByScenario: Record<string, string[]> };
  imports?: ImportRun[];
}
const results: Results & { failures: { where: string; status: number; body: unknown }[] } = {
  failures: [],
};

function noteFailure(where: string, res: Timed): void {
  if (results.failures.length < 20) {
    results.failures.push({ where, status: res.status, body: res.body });
  }
}

/** Latencies of answers with `okStatus`; the others counted by status and noted. */
class Recorder {
  private readonly values: number[] = [];
  private readonly statuses: Record<string, number> = {};
  constructor(
    private readonly where: string,
    private readonly okStatus = 200,
  ) {}
  add(res: Timed, ms = res.ms): boolean {
    countStatus(this.statuses, res.status);
    if (res.status !== this.okStatus) {
      noteFailure(this.where, res);
      return false;
    }
    this.values.push(ms);
    return true;
  }
  result(): Latencies {
    return { latency: summarize(this.values), statuses: this.statuses };
  }
}

// ---- the chart ----

function chartRequests(patientId: string): Record<string, string> {
  const p = `/api/v1/patients/${patientId}`;
  return {
    problems: `${p}/problems?status=active`,
    prescriptions: `${p}/prescriptions?status=active`,
    allergies: `${p}/allergies/summary`,
    vitals: `${p}/vitals/latest`,
    labs: `${p}/lab-results/cumulative`,
    timeline: `${p}/encounters?limit=20`,
  };
}

const pick = (instances: Instance[], n: number) => instances[n % instances.length] as Instance;

async function benchChart(instances: Instance[], patientId: string): Promise<void> {
  const requests = Object.entries(chartRequests(patientId));
  // Each request alone, in turn.
  const single = Object.fromEntries(requests.map(([k]) => [k, new Recorder(`${k} alone`)]));
  for (let n = 0; n < settings.chartSets + settings.warmup; n++) {
    for (const [k, path] of requests) {
      const res = await get(pick(instances, n), path);
      if (n >= settings.warmup) single[k]?.add(res);
    }
  }
  results.single = Object.fromEntries(Object.entries(single).map(([k, r]) => [k, r.result()]));
  // The timeline's first page alone (its own figure).
  const timeline = new Recorder('timeline');
  let items = 0;
  for (let n = 0; n < settings.chartSets + settings.warmup; n++) {
    const res = await get(pick(instances, n), chartRequests(patientId).timeline ?? '');
    if (n < settings.warmup) continue;
    if (timeline.add(res)) items += itemsOf(res.body).length;
  }
  const t = timeline.result();
  results.timeline = {
    ...t,
    meanItems: t.latency.count ? Math.round((items / t.latency.count) * 10) / 10 : 0,
  };
  // The whole Summary tab: every request at once, wall time until the last answer.
  const set = new Recorder('chart set');
  const inSet = Object.fromEntries(requests.map(([k]) => [k, new Recorder(`${k} in set`)]));
  for (let n = 0; n < settings.chartSets + settings.warmup; n++) {
    const instance = pick(instances, n);
    const t0 = performance.now();
    const answers = await Promise.all(requests.map(([, path]) => get(instance, path)));
    const wall = performance.now() - t0;
    if (n < settings.warmup) continue;
    const failed = answers.find((a) => a.status !== 200);
    set.add(failed ?? { status: 200, ms: wall, body: null });
    for (const [i, [k]] of requests.entries()) {
      const a = answers[i];
      if (a) inSet[k]?.add(a);
    }
  }
  results.chartSet = {
    ...set.result(),
    perRequest: Object.fromEntries(Object.entries(inSet).map(([k, r]) => [k, r.result()])),
  };
}

// ---- ICD-10-CM search ----

async function benchIcdSearch(instances: Instance[]): Promise<void> {
  const rec = new Recorder('icd10cm search');
  let hits = 0;
  for (const [n, q] of icdQueries.slice(0, settings.warmup).entries()) {
    await get(pick(instances, n), `/api/v1/codes/icd10cm?${new URLSearchParams({ q })}`);
  }
  for (let round = 0; round < settings.icdRounds; round++) {
    for (const [n, q] of icdQueries.entries()) {
      const res = await get(
        pick(instances, n + round),
        `/api/v1/codes/icd10cm?${new URLSearchParams({ q })}`,
      );
      if (rec.add(res)) hits += itemsOf(res.body).length;
    }
  }
  const r = rec.result();
  results.icdSearch = {
    ...r,
    queries: icdQueries.length,
    meanHits: r.latency.count ? Math.round((hits / r.latency.count) * 10) / 10 : 0,
  };
}

// ---- decision support ----

interface Scenario {
  name: string;
  ingredient: string;
  doseValue: number;
  frequency: string;
}
const scenarios: Scenario[] = [
  { name: 'ibuprofen on warfarin', ingredient: '5640', doseValue: 1, frequency: 'tid' },
  { name: 'amoxicillin, penicillin allergy', ingredient: '723', doseValue: 1, frequency: 'tid' },
  { name: 'second atorvastatin', ingredient: '83367', doseValue: 1, frequency: 'once_daily' },
  { name: 'aspirin overdose', ingredient: '1191', doseValue: 4, frequency: 'qid' },
  { name: 'metformin duplicate', ingredient: '6809', doseValue: 1, frequency: 'bid' },
];

async function benchCheck(c: pg.Client, instances: Instance[], patientId: string): Promise<void> {
  const drafts: { name: string; id: string }[] = [];
  for (const s of scenarios) {
    const product = await c.query<{ rxcui: string; form_unit: string }>(
      `select p.rxcui, p.form_unit
         from drug_product p join drug_product_ingredient i on i.product_rxcui = p.rxcui
        where i.ingredient_rxcui = $1 and p.is_active and p.route = 'oral'
          and p.form_unit in ('tablet', 'capsule')
        order by i.mg_per_unit desc limit 1`,
      [s.ingredient],
    );
    const row = product.rows[0];
    if (!row) throw new Error(`no oral product for ingredient ${s.ingredient}`);
    const res = await send(
      pick(instances, drafts.length),
      'POST',
      `/api/v1/patients/${patientId}/prescriptions`,
      {
        productRxcui: row.rxcui,
        doseValue: s.doseValue,
        doseUnit: row.form_unit,
        route: 'oral',
        frequency: s.frequency,
        durationDays: 10,
      },
    );
    if (res.status !== 201) {
      throw new Error(`draft for ${s.name}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    drafts.push({ name: s.name, id: (res.body as { id: string }).id });
  }
  const rec = new Recorder('check');
  const alertsByScenario: Record<string, string[]> = {};
  for (let n = 0; n < settings.checks + settings.warmup; n++) {
    const d = drafts[n % drafts.length];
    if (!d) continue;
    const res = await send(pick(instances, n), 'POST', `/api/v1/prescriptions/${d.id}/check`, {});
    if (n < settings.warmup) {
      if (res.status !== 200) throw new Error(`check: ${outcome(res)}`);
      const alerts = (res.body as { alerts: { kind: string; severity: string }[] }).alerts;
      alertsByScenario[d.name] = alerts.map((a) => `${a.kind}/${a.severity}`);
      continue;
    }
    rec.add(res);
  }
  results.check = { ...rec.result(), alertsByScenario };
}

// ---- FHIR import ----

/** Sums "N imported" of the report's per-type lines (`  Encounter   12 imported, 3 ...`). */
function parseImport(output: string): { byType: Record<string, number>; seconds: number | null } {
  const byType: Record<string, number> = {};
  let seconds: number | null = null;
  let patientsCreated = 0;
  for (const raw of output.split('\n')) {
    // The CLI's log lines carry a `[meridian] ` prefix.
    const line = raw.replace(/^\[[a-z-]+\] /, '');
    const type = /^\s+([A-Z][A-Za-z]+)\s+(\d+ [a-zA-Z]+(?:, \d+ [a-zA-Z]+)*)\s*$/.exec(line);
    const imported = type?.[2] ? /(\d+) imported/.exec(type[2]) : null;
    if (type?.[1] && imported?.[1]) byType[type[1]] = Number(imported[1]);
    const created = /patients: (\d+) created/.exec(line);
    if (created?.[1]) patientsCreated = Number(created[1]);
    const took = /took ([\d.]+) s/.exec(line);
    if (took?.[1]) seconds = Number(took[1]);
  }
  // Patients count as resources written (the report lists them apart from the other types).
  if (byType.Patient === undefined && patientsCreated > 0) byType.Patient = patientsCreated;
  return { byType, seconds };
}

async function benchImport(): Promise<void> {
  results.imports = [];
  for (let run = 1; run <= settings.importRuns; run++) {
    const dbName = `meridian_bench_fhir_${process.pid}_${run}`;
    await withClient(settings.databaseUrl, (c) => c.query(`create database ${dbName}`));
    try {
      const env = {
        DATABASE_URL: databaseUrlFor(settings.databaseUrl, dbName),
        ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      };
      await timedStep(`import ${run}: migrate`, () => runCli(['migrate'], env));
      const { output, seconds } = await runCli(['import', 'fhir', settings.importPath], env);
      const parsed = parseImport(output);
      const resources = Object.values(parsed.byType).reduce((a, b) => a + b, 0);
      const importSeconds = parsed.seconds;
      const r: ImportRun = {
        resources,
        byType: parsed.byType,
        cliSeconds: Math.round(seconds * 100) / 100,
        importSeconds,
        perSecond: Math.round(resources / (importSeconds ?? seconds)),
        perSecondWholeCli: Math.round(resources / seconds),
      };
      console.log(
        `[bench] import ${run}: ${resources} resources, ${r.perSecond}/s (whole CLI ${r.perSecondWholeCli}/s)`,
      );
      results.imports.push(r);
    } finally {
      await withClient(settings.databaseUrl, (c) =>
        c.query(`drop database if exists ${dbName} with (force)`),
      );
    }
  }
}

// ---- the run ----

async function benchAll(): Promise<void> {
  let heavy = '';
  await onTwoInstances({
    name: 'clinical',
    databaseUrl: settings.databaseUrl,
    patients: settings.patients,
    signInAs: physician,
    load: async (c, patientSeconds) => {
      const clinical = await timedStep('bench clinical records', async () => {
        heavy = await loadClinical(c, {
          encounters: settings.encounters,
          observationsPerEncounter: 10,
          backgroundPatients: settings.backgroundPatients,
          backgroundEncounters: settings.backgroundEncounters,
          labOrders: settings.labOrders,
          labTests: settings.labTests,
        });
      });
      results.loadSeconds = { patients: patientSeconds, clinical };
      results.heavy = await heavyCounts(c, heavy);
      console.log(`[bench] heavy patient and database: ${JSON.stringify(results.heavy)}`);
    },
    measure: async (c, instances) => {
      console.log('[bench] chart summary ...');
      await benchChart(instances, heavy);
      console.log('[bench] ICD-10-CM search ...');
      await benchIcdSearch(instances);
      console.log('[bench] decision-support checks ...');
      await benchCheck(c, instances, heavy);
    },
  });
  console.log('[bench] FHIR import ...');
  await benchImport();
}

function rows(): ReportRow[] {
  const out: ReportRow[] = [];
  const h = results.heavy;
  if (h) {
    out.push({
      figure: 'heavy patient: encounters / observations',
      value: `${h.encounters} / ${h.observations}`,
      goal: `>= ${settings.encounters} / ${settings.encounters * 10}`,
      result:
        (h.encounters ?? 0) >= settings.encounters &&
        (h.observations ?? 0) >= settings.encounters * 10
          ? 'pass'
          : 'FAIL',
    });
    out.push({
      figure: 'patients in the database',
      value: (h.patientsInDatabase ?? 0).toLocaleString('en-US'),
      goal: `>= ${settings.patients.toLocaleString('en-US')}`,
      result: (h.patientsInDatabase ?? 0) >= settings.patients ? 'pass' : 'FAIL',
    });
  }
  out.push(
    ...latencyRow(
      'chart summary (6 requests in parallel, wall)',
      results.chartSet,
      'p95Ms',
      goals.chartSummaryP95Ms,
      '200',
    ),
  );
  for (const [k, l] of Object.entries(results.chartSet?.perRequest ?? {})) {
    out.push({
      figure: `  ${k} in the set p95`,
      value: `${ms(l.latency.p95Ms)} (p50 ${ms(l.latency.p50Ms)})`,
      goal: '-',
      result: 'info',
    });
  }
  for (const [k, l] of Object.entries(results.single ?? {})) {
    out.push({
      figure: `  ${k} alone p95`,
      value: `${ms(l.latency.p95Ms)} (p50 ${ms(l.latency.p50Ms)})`,
      goal: '-',
      result: 'info',
    });
  }
  out.push(
    ...latencyRow(
      'encounter timeline first page',
      results.timeline,
      'p95Ms',
      goals.timelineP95Ms,
      '200',
    ),
  );
  out.push(
    ...latencyRow(
      `ICD-10-CM search (${icdQueries.length} queries)`,
      results.icdSearch,
      'p95Ms',
      goals.icdSearchP95Ms,
      '200',
    ),
  );
  if (results.icdSearch) {
    out.push({
      figure: '  codes per search',
      value: String(results.icdSearch.meanHits),
      goal: '-',
      result: 'info',
    });
  }
  out.push(...latencyRow('prescribing check', results.check, 'p95Ms', goals.checkP95Ms, '200'));
  for (const [k, alerts] of Object.entries(results.check?.alertsByScenario ?? {})) {
    out.push({
      figure: `  alerts: ${k}`,
      value: alerts.join(', ') || 'none',
      goal: '-',
      result: 'info',
    });
  }
  const imports = results.imports ?? [];
  if (imports.length > 0) {
    const rates = imports.map((i) => i.perSecond);
    const best = Math.max(...rates);
    out.push({
      figure: `FHIR import (${imports[0]?.resources ?? 0} resources, ${imports.length} runs) best`,
      value: `${best.toLocaleString('en-US')}/s (median ${Math.round(median(rates)).toLocaleString('en-US')}/s)`,
      goal: `>= ${goals.importPerSecond.toLocaleString('en-US')}/s`,
      result: best >= goals.importPerSecond ? 'pass' : 'FAIL',
    });
    out.push({
      figure: '  FHIR import, whole CLI run (with start-up) median',
      value: `${Math.round(median(imports.map((i) => i.perSecondWholeCli))).toLocaleString('en-US')}/s`,
      goal: '-',
      result: 'info',
    });
  }
  return out;
}

function writeResults(startedAt: Date, loadavgAtStart: number[], error: unknown): string {
  return writeResultsFile('clinical', startedAt, loadavgAtStart, {
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
