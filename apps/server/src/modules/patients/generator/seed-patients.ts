// `meridian seed patients`: generated patients into the configured database, through the
// bulk import path (one `patient.bulk_import` audit event; no per-patient history), then
// VACUUM ANALYZE so search plans and GIN indexes are ready.
import { sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.js';
import { loadRecords } from './load-records.js';
import { generateRecords } from './patient-generator.js';

export interface SeedPatientsOptions {
  count: number;
  seed: number;
  duplicates: number;
  /** Parallel batches (pool connections). */
  concurrency?: number;
  batchSize?: number;
  onProgress?: (loaded: number) => void;
}

export interface SeedPatientsResult {
  count: number;
  durationMs: number;
  ids: string[];
  mrns: string[];
}

/** Positive whole numbers from the command line; anything else names the flag. */
export function parseCount(flag: string, text: string, opts: { min: number }): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < opts.min) {
    throw new Error(`${flag} must be a whole number >= ${opts.min} (got "${text}")`);
  }
  return value;
}

export async function seedPatients(
  platform: Platform,
  opts: SeedPatientsOptions,
): Promise<SeedPatientsResult> {
  const started = performance.now();
  const result = await loadRecords(
    platform.db,
    generateRecords({ seed: opts.seed, count: opts.count, duplicatePairs: opts.duplicates }),
    {
      encryptor: platform.encryptor,
      concurrency: opts.concurrency ?? 2,
      batchSize: opts.batchSize ?? 2000,
      onProgress: opts.onProgress,
      audit: platform.audit,
      actorUserId: null,
    },
  );
  // Fresh statistics for the planner, and the GIN indexes' pending lists merged: part of
  // loading, so it is timed with it.
  await platform.db.execute(sql`vacuum analyze patient`);
  return {
    count: result.count,
    durationMs: performance.now() - started,
    ids: result.ids,
    mrns: result.mrns,
  };
}
