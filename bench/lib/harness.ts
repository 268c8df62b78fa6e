import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { repoRoot } from '../../tools/meridian-server.js';
import { printTable, type ReportRow } from './report.js';

export interface BenchRun {
  /** The whole measurement; rejects on failure. */
  run: () => Promise<void>;
  maxMinutes: number;
  /** Stops servers and removes temporary data (also on Ctrl-C). */
  cleanUp: () => void;
  rows: () => ReportRow[];
  /** Writes the JSON results; returns the file written. */
  writeResults: (startedAt: Date, loadavgAtStart: number[], error: unknown) => string;
}

/**
 * The frame every bench shares: prints the machine, runs under a deadline, always cleans up,
 * prints the table and writes the results. Exit code: 0 all goals met, 1 a goal missed,
 * 2 the bench itself failed.
 */
export async function runBench(bench: BenchRun): Promise<number> {
  const startedAt = new Date();
  const loadavgAtStart = os.loadavg();
  console.log(
    `[bench] node ${process.version}, ${os.cpus().length} cpus, load ${loadavgAtStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  process.once('SIGINT', () => {
    bench.cleanUp();
    process.exit(130);
  });
  let error: unknown = null;
  let deadline: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      bench.run(),
      new Promise<never>((_, reject) => {
        deadline = setTimeout(
          () => reject(new Error(`the bench took longer than ${bench.maxMinutes} minutes`)),
          bench.maxMinutes * 60_000,
        );
      }),
    ]);
  } catch (err) {
    error = err;
  } finally {
    clearTimeout(deadline);
    bench.cleanUp();
  }
  console.log('');
  printTable(bench.rows());
  const file = bench.writeResults(startedAt, loadavgAtStart, error);
  console.log(`\n[bench] results: ${path.relative(repoRoot, file)}`);
  if (error) {
    console.error(`[bench] failed: ${error instanceof Error ? error.message : inspect(error)}`);
    return 2;
  }
  return bench.rows().some((r) => r.result === 'FAIL') ? 1 : 0;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** An error as the results file keeps it: the stack when there is one. */
export function describeError(error: unknown): string | null {
  if (error === null) return null;
  return error instanceof Error ? (error.stack ?? error.message) : inspect(error);
}

/**
 * Writes bench/results/<name>-<start time>.json: when, which commit, the machine and its
 * load, then the bench's own `body` (settings, results, goals, error). Returns the file.
 */
export function writeResultsFile(
  name: string,
  startedAt: Date,
  loadavgAtStart: number[],
  body: Record<string, unknown>,
): string {
  const dir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${startedAt.toISOString().replace(/:/g, '-')}.json`);
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      node: process.version,
      cpuCount: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
      loadavgAtStart,
      loadavgAtEnd: os.loadavg(),
    },
    ...body,
  };
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
