// `npm run bench:patients`: loads N generated patients through `meridian seed patients`
// into a fresh embedded data directory, starts the real server on it (which adds the demo
// seed), then measures over HTTP as the front-desk user: search latency over a mix of name,
// partial name, typo, date of birth and MRN queries, and registration latency (POST
// /api/v1/patients with new people, the duplicate check included). Prints figure, value,
// goal and pass/FAIL; writes bench/results/patients-<timestamp>.json. See bench/README.md.
import { inspect, parseArgs } from 'node:util';
import { mrnFromSequence } from '@meridian/contracts';
import type { DEMO_USERS } from '../apps/server/src/demo/seed-demo.js';
import {
  generatePerson,
  generateRecords,
  type GeneratedRecord,
} from '../apps/server/src/modules/patients/generator/patient-generator.js';
import {
  demoPassword,
  killAllServers,
  makeDataDir,
  removeDataDir,
  sessionState,
  signInViaApi,
  startServer,
  type MeridianServer,
} from '../tools/meridian-server.js';
import { runCli } from './lib/cli.js';
import { describeError, runBench, writeResultsFile } from './lib/harness.js';
import { inTurns, itemsOf, timedRequest } from './lib/http.js';
import { ms, type ReportRow } from './lib/report.js';
import { summarize, type LatencySummary } from './lib/stats.js';
import {
  buildSearchMixWithKinds,
  type SearchMixQuery,
  type SearchSample,
} from './patient-search-queries.js';

const frontDesk: (typeof DEMO_USERS)[number]['email'] = 'frontdesk@meridian.example';
const goals = { loadMinutesPerMillion: 5, searchP95Ms: 50, registerP95Ms: 100 };

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    patients: { type: 'string' },
    seed: { type: 'string', default: '2026' },
    searches: { type: 'string' },
    registrations: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    'max-minutes': { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const settings = {
  patients: num(args.patients, args.quick ? 50_000 : 1_000_000),
  seed: num(args.seed, 2026),
  searches: num(args.searches, args.quick ? 350 : 1400),
  registrations: num(args.registrations, args.quick ? 100 : 300),
  /** Requests in flight at once (1: one registrar at a time, latency without queueing). */
  concurrency: num(args.concurrency, 1),
  warmup: 30,
  maxMinutes: num(args['max-minutes'], args.quick ? 10 : 25),
};
const serverEnv = { DEMO: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' };
/** `patient_mrn_seq` starts here (0100_patients.sql); the CLI loads before anything else. */
const firstMrnSequence = 1_000_000;

interface LoadFigures {
  count: number;
  /** What the CLI reported: generation, inserts with index maintenance, vacuum analyze. */
  loaderSeconds: number;
  /** The whole CLI process: embedded PostgreSQL initdb and start, migrations, load, stop. */
  processSeconds: number;
}
interface LatencyFigures {
  latency: LatencySummary;
  statuses: Record<string, number>;
  failed: number;
}
interface Results {
  load?: LoadFigures;
  firstStartMs?: number;
  search?: LatencyFigures & { byKind: Record<string, LatencySummary>; emptyResults: number };
  registration?: LatencyFigures & { likelyDuplicates: number };
}
const results: Results = {};

async function loadPatients(dataDir: string): Promise<void> {
  console.log(
    `[bench] loading ${settings.patients.toLocaleString('en-US')} patients through the CLI ...`,
  );
  const { output, seconds } = await runCli(
    ['seed', 'patients', '--count', String(settings.patients), '--seed', String(settings.seed)],
    { DATA_DIR: dataDir },
  );
  const m = /seeded ([\d,]+) patients in ([\d.]+) s/.exec(output);
  if (!m) throw new Error(`the CLI did not report its load:\n${output}`);
  results.load = {
    count: Number(m[1]?.replace(/,/g, '')),
    loaderSeconds: Number(m[2]),
    processSeconds: Math.round(seconds * 10) / 10,
  };
}

/** Every n-th loaded person as a search sample, with the MRN the load gave it. */
function searchSamples(): SearchSample[] {
  const wanted = settings.searches + settings.warmup;
  const step = Math.max(1, Math.floor(settings.patients / wanted));
  const samples: SearchSample[] = [];
  for (let key = 0; key < settings.patients && samples.length < wanted; key += step) {
    const { input } = generatePerson(settings.seed, key);
    samples.push({
      mrn: mrnFromSequence(firstMrnSequence + key),
      given: input.name.given,
      family: input.name.family,
      birthDate: input.birthDate,
    });
  }
  return samples;
}

async function signIn(server: MeridianServer): Promise<string> {
  const res = await signInViaApi(server.baseUrl, frontDesk, demoPassword);
  if (res.status !== 200 || !res.cookie || sessionState(res.body) !== 'active') {
    throw new Error(`sign-in as ${frontDesk} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.cookie;
}

/** The loaded MRNs must be those the bench assumes; a few MRN searches check it. */
async function checkSamples(server: MeridianServer, cookie: string, samples: SearchSample[]) {
  for (const s of samples.slice(0, 5)) {
    const res = await timedRequest(`${server.baseUrl}/api/v1/patients?q=${s.mrn}`, {
      headers: { cookie },
    });
    const hit = itemsOf(res.body)[0] as { mrn?: string; name?: { family?: string } } | undefined;
    if (res.status !== 200 || hit?.mrn !== s.mrn || hit.name?.family !== s.family) {
      throw new Error(
        `MRN ${s.mrn} did not find its generated patient: ${res.status} ${inspect(res.body)}`,
      );
    }
  }
}

async function benchSearch(server: MeridianServer, cookie: string, samples: SearchSample[]) {
  const mix = buildSearchMixWithKinds(samples, settings.seed);
  const get = (m: SearchMixQuery) =>
    timedRequest(
      `${server.baseUrl}/api/v1/patients?${new URLSearchParams({ q: m.q, limit: '25' })}`,
      {
        headers: { cookie },
      },
    );
  for (const m of mix.slice(0, settings.warmup)) await get(m);
  const latencies: number[] = [];
  const byKind: Record<string, number[]> = {};
  const statuses: Record<string, number> = {};
  let emptyResults = 0;
  await inTurns(mix.slice(settings.warmup), settings.concurrency, async (m) => {
    const res = await get(m);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status !== 200) return;
    latencies.push(res.ms);
    (byKind[m.kind] ??= []).push(res.ms);
    if (itemsOf(res.body).length === 0) emptyResults++;
  });
  results.search = {
    latency: summarize(latencies),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, summarize(v)])),
    statuses,
    failed: Object.entries(statuses).reduce((n, [s, c]) => n + (s === '200' ? 0 : c), 0),
    emptyResults,
  };
}

async function benchRegistration(server: MeridianServer, cookie: string) {
  // New people: another seed, so they are not the loaded ones.
  const people: GeneratedRecord[] = [
    ...generateRecords({
      seed: settings.seed + 7919,
      count: settings.registrations + 5,
      duplicatePairs: 0,
    }),
  ];
  const post = (r: GeneratedRecord) =>
    timedRequest(`${server.baseUrl}/api/v1/patients`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify(r.input),
    });
  for (const r of people.slice(0, 5)) await post(r);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let likelyDuplicates = 0;
  await inTurns(people.slice(5), settings.concurrency, async (r) => {
    const res = await post(r);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    // A refusal as a likely duplicate ran the whole check too; it is timed and counted.
    const duplicate = res.status === 409 && inspect(res.body).includes('patient.likely_duplicate');
    if (duplicate) likelyDuplicates++;
    if (res.status === 201 || duplicate) latencies.push(res.ms);
  });
  results.registration = {
    latency: summarize(latencies),
    statuses,
    failed:
      Object.entries(statuses).reduce((n, [s, c]) => n + (s === '201' ? 0 : c), 0) -
      likelyDuplicates,
    likelyDuplicates,
  };
}

const tempDirs = new Set<string>();

async function benchAll(): Promise<void> {
  const dataDir = makeDataDir('meridian-bench-patients-');
  tempDirs.add(dataDir);
  let server: MeridianServer | null = null;
  try {
    await loadPatients(dataDir);
    console.log('[bench] starting the server (first start: demo seed) ...');
    server = await startServer({ dataDir, env: serverEnv, readyTimeoutMs: 300_000 });
    results.firstStartMs = Math.round(server.readyMs);
    const cookie = await signIn(server);
    const samples = searchSamples();
    await checkSamples(server, cookie, samples);
    console.log(`[bench] ${settings.searches} searches ...`);
    await benchSearch(server, cookie, samples);
    console.log(`[bench] ${settings.registrations} registrations ...`);
    await benchRegistration(server, cookie);
    await server.stop();
    server = null;
  } finally {
    if (server) await server.stop(10_000).catch(() => server?.kill());
    removeDataDir(dataDir);
    tempDirs.delete(dataDir);
  }
}

function latencyRow(figure: string, f: LatencyFigures | undefined, goalMs: number): ReportRow[] {
  if (!f) return [];
  const l = f.latency;
  const clean = f.failed === 0 && l.count > 0;
  return [
    {
      figure: `${figure} p95 (${l.count}, ${settings.concurrency} at a time)`,
      value: `${ms(l.p95Ms)} (p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}${clean ? '' : `, ${f.failed} failed`})`,
      goal: `<= ${goalMs} ms`,
      result: clean && l.p95Ms <= goalMs ? 'pass' : 'FAIL',
    },
  ];
}

function rows(): ReportRow[] {
  const out: ReportRow[] = [];
  const { load, search, registration } = results;
  if (load) {
    const goalSeconds = (goals.loadMinutesPerMillion * 60 * settings.patients) / 1_000_000;
    out.push({
      figure: `load ${load.count.toLocaleString('en-US')} patients (CLI)`,
      value: `${load.loaderSeconds.toFixed(1)} s (${Math.round(load.count / load.loaderSeconds).toLocaleString('en-US')}/s; process ${load.processSeconds} s)`,
      goal: `<= ${goalSeconds.toFixed(0)} s`,
      result:
        load.count === settings.patients && load.loaderSeconds <= goalSeconds ? 'pass' : 'FAIL',
    });
  }
  if (results.firstStartMs !== undefined) {
    out.push({
      figure: 'first start (demo seed)',
      value: ms(results.firstStartMs),
      goal: '-',
      result: 'info',
    });
  }
  out.push(...latencyRow('search', search, goals.searchP95Ms));
  for (const [kind, l] of Object.entries(search?.byKind ?? {})) {
    out.push({
      figure: `  search ${kind} p95`,
      value: `${ms(l.p95Ms)} (${l.count})`,
      goal: '-',
      result: 'info',
    });
  }
  if (search) {
    out.push({
      figure: '  searches with no result',
      value: String(search.emptyResults),
      goal: '-',
      result: 'info',
    });
  }
  out.push(...latencyRow('registration', registration, goals.registerP95Ms));
  if (registration) {
    out.push({
      figure: '  refused as likely duplicates',
      value: String(registration.likelyDuplicates),
      goal: '-',
      result: 'info',
    });
  }
  return out;
}

function writeResults(startedAt: Date, loadavgAtStart: number[], error: unknown): string {
  return writeResultsFile('patients', startedAt, loadavgAtStart, {
    settings: {
      ...settings,
      user: frontDesk,
      load: 'node apps/server/dist/cli.js seed patients --count N --seed S (fresh embedded data dir)',
      server: {
        command: 'node apps/server/dist/cli.js start',
        env: { ...serverEnv, NODE_ENV: 'production' },
      },
      goals,
    },
    results,
    goals: rows().filter((r) => r.result !== 'info'),
    error: describeError(error),
  });
}

function cleanUp(): void {
  killAllServers();
  for (const dir of tempDirs) removeDataDir(dir);
}

process.exit(
  await runBench({ run: benchAll, maxMinutes: settings.maxMinutes, cleanUp, rows, writeResults }),
);
