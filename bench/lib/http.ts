import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Timed {
  status: number;
  ms: number;
  body: unknown;
}

/** Connections kept open between requests, as a browser keeps them. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One request, timed from send to the whole body read; the body parsed as JSON when it is.
 * Plain node:http rather than fetch: on a small machine fetch's own work per request (a
 * few milliseconds of the bench's CPU, beside the servers') would be measured as theirs.
 */
export function timedRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const req = http.request(
      url,
      {
        method: init.method ?? 'GET',
        agent,
        headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const elapsed = performance.now() - t0;
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text) as unknown;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, ms: elapsed, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `items` through `fn`, `concurrency` at a time, in order of start. */
export async function inTurns<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) await fn(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/**
 * Open loop: starts `fn` for each of `items` on schedule, `rate` a second, whatever the
 * answers take, handing it the planned send time (so a latency taken from it counts the
 * queue a stalled server builds). Answers the seconds from the first planned send to the
 * last answer.
 */
export async function atRate<T>(
  items: readonly T[],
  rate: number,
  fn: (item: T, index: number, plannedAt: number) => Promise<void>,
): Promise<number> {
  const intervalMs = 1000 / rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (const [index, item] of items.entries()) {
    const plannedAt = start + index * intervalMs;
    const wait = plannedAt - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(fn(item, index, plannedAt));
  }
  await Promise.all(inFlight);
  return (performance.now() - start) / 1000;
}

/** `items` of a `{ items: [...] }` page, else empty. */
export function itemsOf(body: unknown): unknown[] {
  if (typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items)) {
    return body.items as unknown[];
  }
  return [];
}

/** Counts answers by status code. */
export function countStatus(counts: Record<string, number>, status: number): void {
  counts[status] = (counts[status] ?? 0) + 1;
}
