// `npx tsx bench/match-quality.ts`: the duplicate check's quality on generated people.
//
// Loads `--people` distinct people and `--pairs` known duplicate pairs (the project's
// seeded generator, realistic perturbations) into a scratch database on the system
// PostgreSQL, then:
//   recall  for each duplicate record, findCandidates (leaving the record itself out)
//           must rank its original in the top 5;
//   FP rate for each person registered once, no other record may score >= likely;
// and prints both with the p50/p95 latency of findCandidates, per perturbation too.
// Writes bench/results/match-quality-<timestamp>.json. Never run in CI (minutes, not ms).
//
// The m/u table and thresholds (apps/server/src/modules/patients/matching/weights.ts) were
// tuned with this bench; the figures it reached are recorded there.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { systemClock } from '../apps/server/src/platform/clock.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { createDatabase, type Database } from '../apps/server/src/platform/db.js';
import { migrate } from '../apps/server/src/platform/migrate.js';
import { createPlatform, type Platform } from '../apps/server/src/platform/platform.js';
import {
  generateRecords,
  type GeneratedRecord,
} from '../apps/server/src/modules/patients/generator/patient-generator.js';
import { loadRecords } from '../apps/server/src/modules/patients/generator/load-records.js';
import { toBlockingKeys } from '../apps/server/src/modules/patients/matching/blocking.js';
import { candidatesQuery } from '../apps/server/src/modules/patients/matching/candidates.repository.js';
import { toProbe } from '../apps/server/src/modules/patients/matching/match-record.js';
import { createMatchService } from '../apps/server/src/modules/patients/matching/match.service.js';
import type { MatchInput } from '../apps/server/src/modules/patients/matching/match.types.js';
import { toMatchInput } from '../apps/server/src/modules/patients/record/record-input.js';
import { printTable, type ReportRow } from './lib/report.js';
import { summarize, type LatencySummary } from './lib/stats.js';

const goals = { recall: 0.95, falsePositiveRate: 0.01 };
const topN = 5;

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    pairs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20261122' },
    'database-url': {
      type: 'string',
      default:
        process.env.MATCHBENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    /** Check only every n-th person registered once for false positives (large runs). */
    'fp-every': { type: 'string', default: '1' },
    /** Print the blocking query's plan for this many duplicate probes (EXPLAIN ANALYZE). */
    explain: { type: 'string', default: '0' },
    'keep-database': { type: 'boolean', default: false },
    /** Query the database a previous run kept (same --people/--pairs/--seed) without loading. */
    'reuse-database': { type: 'boolean', default: false },
    /** Print each missed duplicate's perturbations and its original's rank (no PHI leaves the machine). */
    verbose: { type: 'boolean', default: false },
  },
});

const scratchName = 'meridian_matchbench';

function scratchUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${scratchName}`;
  return url.toString();
}

async function recreateScratch(baseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${scratchName} with (force)`);
  await admin.query(`create database ${scratchName}`);
  await admin.end();
}

async function dropScratch(baseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${scratchName} with (force)`);
  await admin.end();
}

interface Tally {
  total: number;
  hits: number;
  likely: number;
}

const tally = (): Tally => ({ total: 0, hits: 0, likely: 0 });
const rate = (t: Tally) => (t.total === 0 ? Number.NaN : t.hits / t.total);
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)} %` : 'n/a');

async function main(): Promise<void> {
  const people = Number(args.people);
  const pairs = Number(args.pairs);
  const seed = Number(args.seed);
  const baseUrl = args['database-url'];
  const startedAt = new Date();

  const reuse = args['reuse-database'];
  if (!reuse) await recreateScratch(baseUrl);
  const url = scratchUrl(baseUrl);
  const database = createDatabase(url, { max: 4 });
  try {
    await migrate(database.pool);
    const platform = createPlatform({
      config: loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', WORKERS: 'false' }),
      database,
      clock: systemClock,
      encryptionKey: Buffer.alloc(32, 9),
    });
    // The stream is deterministic: generated again for each pass instead of held in memory
    // (a million records would not fit comfortably).
    const records = () => generateRecords({ seed, count: people, duplicatePairs: pairs });
    const loadStart = performance.now();
    const ids = reuse ? await storedIds(database) : await load(platform, records());
    const loadMs = performance.now() - loadStart;
    console.log(
      `${reuse ? 'found' : 'loaded'} ${ids.length} records in ${(loadMs / 1000).toFixed(1)} s`,
    );

    await explainSome(database, records(), Number(args.explain));
    const service = createMatchService(platform);
    const idOf = (key: number) => ids[key] ?? '';
    const latencies: number[] = [];
    const timed = async (input: MatchInput) => {
      const t = performance.now();
      const found = await service.findCandidates(platform.db, input);
      latencies.push(performance.now() - t);
      return found;
    };

    // Recall: each duplicate finds its original in the top 5.
    const recall = tally();
    const byPerturbation = new Map<string, Tally>();
    const duplicated = new Set<number>();
    for (const r of records()) {
      if (r.duplicateOfKey === null) continue;
      duplicated.add(r.personKey);
      const found = await timed({
        ...toMatchInput(r.input),
        excludePatientId: idOf(r.key),
        limit: topN,
      });
      const rank = found.findIndex((c) => c.patientId === idOf(r.duplicateOfKey ?? -1));
      const hit = rank >= 0;
      const isLikely = hit && found[rank]?.band === 'likely';
      const perKind = r.perturbations.map((p) => {
        if (!byPerturbation.has(p)) byPerturbation.set(p, tally());
        return byPerturbation.get(p) ?? tally();
      });
      for (const t of [recall, ...perKind]) {
        t.total++;
        if (hit) t.hits++;
        if (isLikely) t.likely++;
      }
      if (args.verbose && !isLikely) {
        console.log(
          `${hit ? 'possible' : 'MISSED'} key=${r.key} [${r.perturbations.join(', ')}] rank=${rank} top=${found
            .map((c) => c.score)
            .join('/')}`,
        );
      }
    }

    // False positives: nobody registered once scores likely against anyone else.
    const singles = tally();
    const bestOther: number[] = [];
    const every = Math.max(1, Number(args['fp-every']));
    for (const r of records()) {
      if (r.duplicateOfKey !== null || duplicated.has(r.personKey) || r.key % every !== 0) continue;
      const found = await timed({
        ...toMatchInput(r.input),
        excludePatientId: idOf(r.key),
        limit: topN,
      });
      singles.total++;
      bestOther.push(found[0]?.score ?? 0);
      if (found.some((c) => c.band === 'likely')) {
        singles.hits++;
        if (args.verbose) console.log(`FP key=${r.key} top=${found.map((c) => c.score).join('/')}`);
      }
    }

    report({
      people,
      pairs,
      seed,
      startedAt,
      loadMs,
      recall,
      singles,
      byPerturbation,
      latency: summarize(latencies),
      bestOtherScore: summarize(bestOther),
      thresholds: service.thresholds,
    });
  } finally {
    await database.close();
    if (!args['keep-database'] && !reuse) await dropScratch(baseUrl);
  }
}

async function load(platform: Platform, records: Iterable<GeneratedRecord>): Promise<string[]> {
  const loaded = await loadRecords(platform.db, records, {
    encryptor: platform.encryptor,
    concurrency: 3,
    onProgress: (n) => {
      if (n % 100_000 === 0) console.log(`  ${n} loaded`);
    },
  });
  // A bulk load leaves the GIN indexes' pending lists full, and every query would scan them;
  // autovacuum merges them in production, so measure that steady state.
  await platform.database.pool.query('vacuum analyze patient');
  return loaded.ids;
}

/** Ids in generator key order: the loader hands out MRNs from the sequence in that order. */
async function storedIds(database: Database): Promise<string[]> {
  const { rows } = await database.pool.query<{ id: string }>(
    'select id from patient order by length(mrn), mrn',
  );
  return rows.map((r) => r.id);
}

/** EXPLAIN ANALYZE of the blocking query for the first `n` duplicates (no PHI printed). */
async function explainSome(database: Database, records: Iterable<GeneratedRecord>, n: number) {
  let left = n;
  for (const r of records) {
    if (left <= 0) break;
    if (r.duplicateOfKey === null) continue;
    left--;
    const keys = toBlockingKeys(toProbe({ ...toMatchInput(r.input), limit: topN }), null);
    const query = candidatesQuery(database.db, keys)?.toSQL();
    if (!query) continue;
    const { rows } = await database.pool.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${query.sql}`,
      query.params,
    );
    const plan = rows.map((row) => row['QUERY PLAN']);
    // Index and timing lines only: the plan's conditions carry the probe's values.
    const shown = plan.filter(
      (l) => /Scan|Planning Time|Execution Time|rows=/.test(l) && !/Cond|Filter/.test(l),
    );
    console.log(
      `plan for duplicate key=${r.key}:\n${shown.map((l) => l.replace(/'[^']*'/g, "'…'")).join('\n')}`,
    );
  }
}

function report(r: {
  people: number;
  pairs: number;
  seed: number;
  startedAt: Date;
  loadMs: number;
  recall: Tally;
  singles: Tally;
  byPerturbation: Map<string, Tally>;
  latency: LatencySummary;
  /** Per person registered once, the best score of anyone else (as a "latency" summary). */
  bestOtherScore: LatencySummary;
  thresholds: { likely: number; possible: number };
}): void {
  const recall = rate(r.recall);
  const fp = rate(r.singles);
  const rows: ReportRow[] = [
    {
      figure: `recall (original in top ${topN})`,
      value: pct(recall),
      goal: `>= ${pct(goals.recall)}`,
      result: recall >= goals.recall ? 'pass' : 'FAIL',
    },
    {
      figure: 'duplicates scored likely',
      value: pct(r.recall.likely / r.recall.total),
      goal: '',
      result: 'info',
    },
    {
      figure: 'false-positive rate (likely)',
      value: pct(fp),
      goal: `<= ${pct(goals.falsePositiveRate)}`,
      result: fp <= goals.falsePositiveRate ? 'pass' : 'FAIL',
    },
    {
      figure: 'best other score of a single (p99 / max)',
      value: `${r.bestOtherScore.p99Ms} / ${r.bestOtherScore.maxMs}`,
      goal: `< ${r.thresholds.likely}`,
      result: 'info',
    },
    {
      figure: 'findCandidates p50',
      value: `${r.latency.p50Ms.toFixed(2)} ms`,
      goal: '',
      result: 'info',
    },
    {
      figure: 'findCandidates p95',
      value: `${r.latency.p95Ms.toFixed(2)} ms`,
      goal: '',
      result: 'info',
    },
  ];
  for (const [name, t] of [...r.byPerturbation].sort()) {
    rows.push({
      figure: `  recall with ${name}`,
      value: `${pct(rate(t))} of ${t.total} (likely ${pct(t.likely / t.total)})`,
      goal: '',
      result: 'info',
    });
  }
  printTable(rows);
  const dir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `match-quality-${r.startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify(
      {
        bench: 'match-quality',
        startedAt: r.startedAt.toISOString(),
        machine: { cpus: os.cpus().length, loadavgAtStart: os.loadavg() },
        options: { people: r.people, duplicatePairs: r.pairs, seed: r.seed, topN },
        thresholds: r.thresholds,
        loadSeconds: Math.round(r.loadMs / 100) / 10,
        recall: {
          rate: recall,
          found: r.recall.hits,
          pairs: r.recall.total,
          scoredLikely: r.recall.likely,
        },
        falsePositives: {
          rate: fp,
          people: r.singles.total,
          scoredLikely: r.singles.hits,
          bestOtherScore: {
            p50: r.bestOtherScore.p50Ms,
            p95: r.bestOtherScore.p95Ms,
            p99: r.bestOtherScore.p99Ms,
            max: r.bestOtherScore.maxMs,
          },
        },
        findCandidatesLatency: r.latency,
        byPerturbation: Object.fromEntries(
          [...r.byPerturbation].map(([k, t]) => [
            k,
            { rate: rate(t), found: t.hits, pairs: t.total, scoredLikely: t.likely },
          ]),
        ),
        goals,
      },
      null,
      2,
    ),
  );
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

await main();
