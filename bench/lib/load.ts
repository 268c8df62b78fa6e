import autocannon from 'autocannon';
import { summarize, type LatencySummary } from './stats.js';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  url: string;
  /** Mean of the per-second request counts autocannon sampled (2xx and others alike). */
  requestsPerSecond: number;
  totalRequests: number;
  /** Latency of 2xx responses, measured per request (autocannon's own histogram is whole ms). */
  latency: LatencySummary;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function fire(
  url: string,
  headers: Record<string, string>,
  connections: number,
  durationSeconds: number,
  onLatency?: (ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, headers, connections, duration: durationSeconds, pipelining: 1 },
      (err: unknown, result) =>
        err ? reject(new Error('autocannon failed', { cause: err })) : resolve(result),
    );
    if (onLatency) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode >= 200 && statusCode < 300) onLatency(responseTime);
      });
    }
  });
}

/** Warms up, then loads `url` with autocannon for the configured time. */
export async function measureGet(
  url: string,
  settings: LoadSettings,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  if (settings.warmupSeconds > 0) {
    await fire(url, headers, settings.connections, settings.warmupSeconds);
  }
  const latencies: number[] = [];
  const result = await fire(url, headers, settings.connections, settings.durationSeconds, (ms) =>
    latencies.push(ms),
  );
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = stat.count ?? 0;
  }
  return {
    url,
    requestsPerSecond: Math.round(result.requests.average),
    totalRequests: result.requests.total,
    latency: summarize(latencies),
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
