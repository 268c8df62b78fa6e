import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { summarize, type LatencySummary } from './stats.js';

/**
 * One disk flush: when it started (ms since the epoch, to the microsecond) and how long it took.
 */
export interface Flush {
  at: number;
  ms: number;
}

/** A request's span, ms since the epoch. */
export interface Span {
  from: number;
  to: number;
}

export interface FlushReport {
  flushes: LatencySummary;
  /** Flushes that took at least `stallMs`. */
  stalls: number;
  stallMs: number;
}

// The worker writes and fdatasyncs one 8 KiB block (as PostgreSQL flushes its WAL at each
// commit), every `everyMs`, and posts what it measured when told to stop. Blocking calls
// are fine there: the worker has nothing else to do.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const fd = fs.openSync(workerData.file, 'w');
const block = Buffer.alloc(8192, 1);
const flushes = [];
let stopped = false;
parentPort.on('message', () => { stopped = true; });
function step() {
  if (stopped) {
    fs.closeSync(fd);
    parentPort.postMessage(flushes);
    return;
  }
  const t0 = performance.now();
  fs.writeSync(fd, block, 0, block.length, 0);
  fs.fdatasyncSync(fd);
  flushes.push({ at: performance.timeOrigin + t0, ms: performance.now() - t0 });
  setTimeout(step, workerData.everyMs);
}
step();
`;

/** Now, in ms since the epoch to the microsecond (comparable with a Flush's `at`). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Measures this machine's disk flushes (write + fdatasync of 8 KiB in the OS temp
 * directory) in a worker thread while a bench phase runs. When the bench database is on
 * this machine, a commit waits for one such flush of its WAL: a storage stall shows as a
 * slow request though no code of ours ran slower. `stop` answers every flush measured.
 */
export function startFlushProbe(everyMs = 10): { stop: () => Promise<Flush[]> } {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-flush-probe-'));
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { file: join(dir, 'block'), everyMs },
  });
  const done = new Promise<Flush[]>((resolve, reject) => {
    worker.once('message', (flushes: Flush[]) => resolve(flushes));
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      try {
        return await done;
      } finally {
        await worker.terminate();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Flush latency over a phase, with the flushes of `stallMs` or more counted. */
export function reportFlushes(flushes: readonly Flush[], stallMs: number): FlushReport {
  return {
    flushes: summarize(flushes.map((f) => f.ms)),
    stalls: flushes.filter((f) => f.ms >= stallMs).length,
    stallMs,
  };
}

/** Of `spans`, those during which a flush of `stallMs` or more was under way. */
export function spansDuringStall(
  spans: readonly Span[],
  flushes: readonly Flush[],
  stallMs: number,
): Span[] {
  const stalls = flushes.filter((f) => f.ms >= stallMs);
  return spans.filter((s) => stalls.some((f) => f.at < s.to && f.at + f.ms > s.from));
}
