import type { Platform } from './platform.js';

export interface Workers {
  stop(): Promise<void>;
}

/** Starts the background workers (pg-boss) in this process. Filled in by the jobs work. */
export async function startWorkers(_platform: Platform): Promise<Workers> {
  await Promise.resolve();
  return { stop: async () => Promise.resolve() };
}
