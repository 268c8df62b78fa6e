import { performance } from 'node:perf_hooks';
import { sessionState, signInViaApi } from '../../tools/meridian-server.js';
import { summarize, type LatencySummary } from './stats.js';

export interface SignInSettings {
  count: number;
  concurrency: number;
  warmup: number;
}

export interface SignInResult {
  latency: LatencySummary;
  /** Sign-ins that did not answer 200 with an active session, by `status state`. */
  failures: Record<string, number>;
  failed: number;
  wallSeconds: number;
}

/** `count` API sign-ins, `concurrency` at a time; latency includes reading the body. */
export async function measureSignIns(
  baseUrl: string,
  email: string,
  password: string,
  settings: SignInSettings,
): Promise<SignInResult> {
  for (let i = 0; i < settings.warmup; i++) await signInViaApi(baseUrl, email, password);
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let started = 0;
  const worker = async () => {
    while (started < settings.count) {
      started++;
      const t0 = performance.now();
      const res = await signInViaApi(baseUrl, email, password);
      const ms = performance.now() - t0;
      const state = sessionState(res.body);
      if (res.status === 200 && state === 'active') latencies.push(ms);
      else {
        const key = `${res.status} ${state ?? 'no session state'}`;
        failures[key] = (failures[key] ?? 0) + 1;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return {
    latency: summarize(latencies),
    failures,
    failed: Object.values(failures).reduce((a, b) => a + b, 0),
    wallSeconds: Math.round((performance.now() - t0) / 10) / 100,
  };
}
