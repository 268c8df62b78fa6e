// `npm run bench`: bare Fastify baseline, full-stack GET /api/v1/auth/me, API sign-in latency
// and cold start on an existing data directory. Writes bench/results/<timestamp>.json and
// prints figure, value, goal and pass/FAIL. See bench/README.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect, parseArgs } from 'node:util';
import {
  demoPassword,
  demoUsers,
  killAllServers,
  makeDataDir,
  removeDataDir,
  repoRoot,
  sessionState,
  signInViaApi,
  startServer,
  type MeridianServer,
  type StopResult,
} from '../tools/meridian-server.js';
import { serverFastifyVersion, startBareFastify, type BareServer } from './lib/bare-fastify.js';
import { measureGet, type LoadResult, type LoadSettings } from './lib/load.js';
import { runBench } from './lib/harness.js';
import { ms, perSecond, type ReportRow } from './lib/report.js';
import { measureSignIns, type SignInResult, type SignInSettings } from './lib/sign-in.js';
import { median } from './lib/stats.js';

const benchUser = demoUsers.physician;
const goals = { fullStackRatio: 0.6, signInP95Ms: 150, coldStartMs: 3_000 };

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    logins: { type: 'string' },
    'login-concurrency': { type: 'string' },
    'cold-starts': { type: 'string' },
    rounds: { type: 'string' },
    'max-minutes': { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const load: LoadSettings = {
  connections: num(args.connections, 10),
  durationSeconds: num(args.duration, args.quick ? 3 : 10),
  warmupSeconds: num(args.warmup, args.quick ? 1 : 2),
};
const signInSettings: SignInSettings = {
  count: num(args.logins, args.quick ? 40 : 200),
  concurrency: num(args['login-concurrency'], 4),
  warmup: 5,
};
const coldStarts = num(args['cold-starts'], 3);
/** Alternating bare / full-stack load runs; medians are reported (see README). */
const rounds = num(args.rounds, args.quick ? 1 : 3);
const maxMinutes = num(args['max-minutes'], 6);
/** Shipped defaults except the sign-in rate limit, raised so the bench is not throttled. */
const serverEnv = { DEMO: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' };

interface ColdStartRun {
  readyMs: number;
  /** The "[meridian] ready in N ms" the server printed (from its own start, excludes node boot). */
  serverReportedReadyMs: number | null;
  previousStop: StopResult;
}

interface Results {
  bareFastify?: LoadResult & { fastifyVersion: string };
  fullStackMe?: LoadResult & { ratioToBare: number };
  /** Every alternating round: bare then full stack, back to back. */
  throughputRounds?: { bareRps: number; fullStackRps: number; ratio: number }[];
  firstStart?: { readyMs: number; serverReportedReadyMs: number | null };
  signIn?: SignInResult;
  coldStart?: { runs: ColdStartRun[]; medianMs: number; maxMs: number };
  finalStop?: StopResult;
}

const results: Results = {};
const tempDirs = new Set<string>();
let bare: BareServer | null = null;

function reportedReadyMs(output: string): number | null {
  const matches = [...output.matchAll(/\[meridian\] ready in (\d+) ms/g)];
  const last = matches[matches.length - 1];
  return last ? Number(last[1]) : null;
}

/**
 * Bare Fastify and the full stack, both running, measured in alternating rounds (bare, full,
 * bare, full, ...). On a shared machine the baseline alone swung from 16k to 28k req/s
 * between runs; back-to-back pairs see the same conditions, and the median of the per-round
 * ratios is the figure.
 */
async function benchThroughput(server: MeridianServer): Promise<void> {
  bare = await startBareFastify();
  try {
    const cookie = await signInPhysician(server);
    const bareRuns: LoadResult[] = [];
    const fullRuns: LoadResult[] = [];
    for (let i = 0; i < rounds; i++) {
      console.log(`[bench] round ${i + 1}/${rounds}: bare Fastify, then GET /api/v1/auth/me ...`);
      bareRuns.push(await measureGet(bare.url, load));
      fullRuns.push(await measureGet(`${server.baseUrl}/api/v1/auth/me`, load, { cookie }));
    }
    results.throughputRounds = bareRuns.map((b, i) => {
      const fullStackRps = fullRuns[i]?.requestsPerSecond ?? Number.NaN;
      return {
        bareRps: b.requestsPerSecond,
        fullStackRps,
        ratio: Math.round((fullStackRps / b.requestsPerSecond) * 1000) / 1000,
      };
    });
    const medianRun = (runs: LoadResult[]) => {
      const m = median(runs.map((r) => r.requestsPerSecond));
      return runs.find((r) => r.requestsPerSecond === m) ?? runs[0]!;
    };
    results.bareFastify = { ...medianRun(bareRuns), fastifyVersion: bare.fastifyVersion };
    results.fullStackMe = {
      ...medianRun(fullRuns),
      ratioToBare: median(results.throughputRounds.map((r) => r.ratio)),
    };
  } finally {
    await bare.stop();
    bare = null;
  }
}

async function signInPhysician(server: MeridianServer): Promise<string> {
  const res = await signInViaApi(server.baseUrl, benchUser, demoPassword);
  if (res.status !== 200 || !res.cookie || sessionState(res.body) !== 'active') {
    throw new Error(
      `sign-in as ${benchUser} failed: ${res.status} ${JSON.stringify(res.body)} (cookie: ${res.cookie ? 'set' : 'none'})`,
    );
  }
  return res.cookie;
}

async function coldStartRuns(first: MeridianServer, dataDir: string): Promise<MeridianServer> {
  let server = first;
  const runs: ColdStartRun[] = [];
  for (let i = 0; i < coldStarts; i++) {
    console.log(`[bench] cold start ${i + 1}/${coldStarts} ...`);
    const previousStop = await server.stop();
    server = await startServer({ dataDir, env: serverEnv, pollIntervalMs: 10 });
    runs.push({
      readyMs: Math.round(server.readyMs),
      serverReportedReadyMs: reportedReadyMs(server.output()),
      previousStop,
    });
  }
  const times = runs.map((r) => r.readyMs);
  results.coldStart = { runs, medianMs: median(times), maxMs: Math.max(...times) };
  return server;
}

async function benchFullStack(): Promise<void> {
  const dataDir = makeDataDir('meridian-bench-');
  tempDirs.add(dataDir);
  console.log(`[bench] starting the server on a fresh data directory (${dataDir}) ...`);
  let server: MeridianServer | null = null;
  try {
    server = await startServer({ dataDir, env: serverEnv, readyTimeoutMs: 180_000 });
    results.firstStart = {
      readyMs: Math.round(server.readyMs),
      serverReportedReadyMs: reportedReadyMs(server.output()),
    };
    await benchThroughput(server);
    console.log(`[bench] ${signInSettings.count} sign-ins ...`);
    results.signIn = await measureSignIns(server.baseUrl, benchUser, demoPassword, signInSettings);
    server = await coldStartRuns(server, dataDir);
    results.finalStop = await server.stop();
    server = null;
  } finally {
    if (server) await server.stop(10_000).catch(() => server?.kill());
    removeDataDir(dataDir);
    tempDirs.delete(dataDir);
  }
}

function rows(): ReportRow[] {
  const out: ReportRow[] = [];
  const { bareFastify: b, fullStackMe: f, signIn: s, coldStart: c, firstStart } = results;
  if (b) {
    out.push({
      figure: 'bare Fastify',
      value: perSecond(b.requestsPerSecond),
      goal: '-',
      result: 'info',
    });
    const l = b.latency;
    out.push({
      figure: 'bare Fastify latency p50/p95/p99',
      value: `${ms(l.p50Ms)} / ${ms(l.p95Ms)} / ${ms(l.p99Ms)}`,
      goal: '-',
      result: 'info',
    });
  }
  if (f) {
    const clean = f.non2xx === 0 && f.errors === 0;
    const pct = `${(f.ratioToBare * 100).toFixed(0)}% of bare`;
    out.push({
      figure: 'full stack GET /api/v1/auth/me',
      value: `${perSecond(f.requestsPerSecond)} (${pct}${clean ? '' : `, ${f.non2xx} non-2xx, ${f.errors} errors`})`,
      goal: `>= ${goals.fullStackRatio * 100}% of bare`,
      result: clean && f.ratioToBare >= goals.fullStackRatio ? 'pass' : 'FAIL',
    });
    const l = f.latency;
    out.push({
      figure: 'full stack latency p50/p95/p99',
      value: `${ms(l.p50Ms)} / ${ms(l.p95Ms)} / ${ms(l.p99Ms)}`,
      goal: '-',
      result: 'info',
    });
  }
  for (const [i, r] of (results.throughputRounds ?? []).entries()) {
    out.push({
      figure: `  round ${i + 1}: full / bare`,
      value: `${Math.round(r.fullStackRps).toLocaleString('en-US')} / ${Math.round(r.bareRps).toLocaleString('en-US')} req/s = ${(r.ratio * 100).toFixed(0)}%`,
      goal: '-',
      result: 'info',
    });
  }
  if (firstStart) {
    out.push({
      figure: 'first start (fresh data dir, demo seed)',
      value: ms(firstStart.readyMs),
      goal: '-',
      result: 'info',
    });
  }
  if (s) {
    out.push({
      figure: `sign-in p95 (${signInSettings.count}, ${signInSettings.concurrency} at a time)`,
      value: `${ms(s.latency.p95Ms)} (p50 ${ms(s.latency.p50Ms)}${s.failed ? `, ${s.failed} failed` : ''})`,
      goal: `<= ${goals.signInP95Ms} ms`,
      result: s.failed === 0 && s.latency.p95Ms <= goals.signInP95Ms ? 'pass' : 'FAIL',
    });
  }
  if (c) {
    const clean = c.runs.every((r) => r.previousStop.clean);
    const note = clean ? '' : ' (a stop was not clean)';
    out.push({
      figure: `cold start median (${c.runs.length} runs)`,
      value: ms(c.medianMs) + note,
      goal: `<= ${goals.coldStartMs} ms`,
      result: clean && c.medianMs <= goals.coldStartMs ? 'pass' : 'FAIL',
    });
    out.push({
      figure: 'cold start max',
      value: ms(c.maxMs),
      goal: `<= ${goals.coldStartMs} ms`,
      result: c.maxMs <= goals.coldStartMs ? 'pass' : 'FAIL',
    });
  }
  return out;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function writeResults(startedAt: Date, loadavgAtStart: number[], error: unknown): string {
  const dir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/:/g, '-')}.json`);
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      node: process.version,
      platform: `${process.platform} ${os.release()} ${process.arch}`,
      cpuCount: os.cpus().length,
      availableParallelism: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? null,
      totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
      loadavgAtStart,
      loadavgAtEnd: os.loadavg(),
    },
    settings: {
      load: { ...load, pipelining: 1, tool: 'autocannon 8, in the bench process' },
      signIn: { ...signInSettings, user: benchUser, via: 'POST /api/v1/auth/login (fetch)' },
      coldStarts,
      server: {
        command: 'node apps/server/dist/cli.js start',
        env: {
          ...serverEnv,
          HOST: '127.0.0.1',
          NODE_ENV: 'production',
          DATA_DIR: '(fresh temp dir)',
        },
        logLevel: 'LOG_LEVEL unset: the shipped default (info)',
        stdout: 'piped to the bench and discarded (last 256 KB kept for error reports)',
        database: 'embedded PostgreSQL in DATA_DIR',
        fastifyVersion: serverFastifyVersion(),
      },
      goals,
    },
    results,
    goals: rows().filter((r) => r.result !== 'info'),
    error: error === null ? null : describe(error, true),
  };
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

function describe(error: unknown, withStack: boolean): string {
  if (error instanceof Error) return withStack ? (error.stack ?? error.message) : error.message;
  return inspect(error);
}

function cleanUp(): void {
  bare?.kill();
  killAllServers();
  for (const dir of tempDirs) removeDataDir(dir);
}

process.exit(await runBench({ run: benchFullStack, maxMinutes, cleanUp, rows, writeResults }));
