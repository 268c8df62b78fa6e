// Loading an ICD-10-CM release into icd10cm_code: parse and check the whole file first,
// then, in one transaction, COPY it into a staging table and merge — new codes inserted,
// changed ones updated, codes the release no longer has marked retired (never deleted, so
// problems and diagnoses that use them stay valid) — and rebuild the search vocabulary.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Icd10cmParser, type Icd10cmRow } from './icd10cm-parse.js';

/**
 * The bundled FY2022 release. Tricky: resolved from the package root, so the same path
 * works from src/ (tsx) and from the compiled dist/ (same depth), where tsc copies no data.
 */
export const bundledIcd10cmFile = fileURLToPath(
  new URL('../../../../src/modules/clinical/problems/data/icd10cm_2022.tsv.gz', import.meta.url),
);
export const bundledIcd10cmRelease = '2022';

export interface Icd10cmLoadSummary {
  release: string;
  /** Null when the load was skipped (onlyIfEmpty and a release was already loaded). */
  layout: 'tsv' | 'order' | null;
  codes: number;
  billable: number;
  added: number;
  changed: number;
  retired: number;
  skipped: boolean;
}

export class Icd10cmFileError extends Error {
  override name = 'Icd10cmFileError';
}

/** Reads and checks a release file (plain or gzip): every row, or an error naming lines. */
export async function readIcd10cmFile(
  file: string,
): Promise<{ rows: Icd10cmRow[]; layout: 'tsv' | 'order' }> {
  const handle = await open(file, 'r');
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = createReadStream(file);
  const input = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  const parser = new Icd10cmParser();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) parser.push(line);
  const name = path.basename(file);
  if (parser.problems.length > 0) {
    const lines = parser.problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n');
    throw new Icd10cmFileError(`${name} was not loaded:\n${lines}`);
  }
  if (parser.rows.length === 0 || parser.layout === null) {
    throw new Icd10cmFileError(`${name} has no codes`);
  }
  return { rows: parser.rows, layout: parser.layout };
}

/** The release a file name says (icd10cm_order_2023.txt -> 2023), or null. */
export function releaseFromFileName(file: string): string | null {
  return /(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)/.exec(path.basename(file))?.[1] ?? null;
}

// COPY text format: backslash, tab, newline and carriage return are escaped.
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function* copyLines(rows: readonly Icd10cmRow[]): Generator<string> {
  let chunk = '';
  for (const r of rows) {
    chunk += `${r.code}\t${r.billable ? 't' : 'f'}\t${copyText(r.shortDescription)}\t${copyText(
      r.longDescription,
    )}\t${r.tabularOrder}\n`;
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Loads `file` as release `release` in one transaction. With `onlyIfEmpty`, does nothing
 * when any ICD-10-CM release is already loaded (start-up's check; safe when several
 * instances start at once: the table lock serializes them and the loser skips).
 */
export async function loadIcd10cm(
  pool: pg.Pool,
  o: { file: string; release: string; onlyIfEmpty?: boolean },
): Promise<Icd10cmLoadSummary> {
  const { rows, layout } = await readIcd10cmFile(o.file);
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Readers (search) go on; a second loader waits here.
    await client.query('lock table icd10cm_code in share row exclusive mode');
    if (o.onlyIfEmpty) {
      const loaded = await client.query(
        "select 1 from code_set_release where code_system = 'icd10cm' limit 1",
      );
      if (loaded.rowCount) {
        await client.query('rollback');
        return skipped(o.release);
      }
    }
    const summary = await mergeRelease(client, rows, o.release);
    await client.query(
      `insert into code_set_release (code_system, release, source, code_count)
       values ('icd10cm', $1, $2, $3)
       on conflict (code_system, release)
       do update set source = excluded.source, code_count = excluded.code_count, loaded_at = now()`,
      [o.release, path.basename(o.file).slice(0, 300), rows.length],
    );
    await client.query('commit');
    return { ...summary, layout };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function skipped(release: string): Icd10cmLoadSummary {
  return {
    release,
    layout: null,
    codes: 0,
    billable: 0,
    added: 0,
    changed: 0,
    retired: 0,
    skipped: true,
  };
}

async function mergeRelease(
  client: pg.PoolClient,
  rows: readonly Icd10cmRow[],
  release: string,
): Promise<Omit<Icd10cmLoadSummary, 'layout'>> {
  await client.query(`create temporary table icd10cm_stage (
      code text primary key, billable boolean not null, short_description text not null,
      long_description text not null, tabular_order integer not null
    ) on commit drop`);
  await pipeline(
    Readable.from(copyLines(rows)),
    client.query(copyFrom('copy icd10cm_stage from stdin')),
  );
  const added = await client.query(
    `insert into icd10cm_code (code, billable, short_description, long_description,
       tabular_order, first_release)
     select code, billable, short_description, long_description, tabular_order, $1
       from icd10cm_stage
     on conflict (code) do nothing`,
    [release],
  );
  // Only rows that differ are written: reloading a release changes nothing.
  const changed = await client.query(
    `update icd10cm_code c
        set billable = s.billable, short_description = s.short_description,
            long_description = s.long_description, tabular_order = s.tabular_order,
            is_current = true, retired_in = null
       from icd10cm_stage s
      where s.code = c.code
        and (c.billable, c.short_description, c.long_description, c.tabular_order, c.is_current)
            is distinct from (s.billable, s.short_description, s.long_description,
                              s.tabular_order, true)`,
  );
  const retired = await client.query(
    `update icd10cm_code c set is_current = false, retired_in = $1
      where c.is_current and not exists (select 1 from icd10cm_stage s where s.code = c.code)`,
    [release],
  );
  await client.query('delete from icd10cm_word');
  // The codes themselves are words of search_vector too (prefix search 'e11 diab'), but
  // not of the vocabulary: a typo should become a word, never some code.
  await client.query(
    `insert into icd10cm_word (word, code_count)
     select w.word, w.ndoc from ts_stat('select search_vector from icd10cm_code') w
      where not exists (select 1 from icd10cm_code c where c.code_compact = upper(w.word))`,
  );
  // Tricky: a bulk insert leaves its GIN entries in the pending list, which every search
  // then scans (30 ms instead of 0.4 ms) until autovacuum gets to it; merge them now.
  await client.query("select gin_clean_pending_list('icd10cm_code_search')");
  await client.query('analyze icd10cm_code');
  await client.query('analyze icd10cm_word');
  const addedCount = added.rowCount ?? 0;
  return {
    release,
    codes: rows.length,
    billable: rows.filter((r) => r.billable).length,
    added: addedCount,
    // Rows inserted above match their stage row, so the update counts only real changes.
    changed: changed.rowCount ?? 0,
    retired: retired.rowCount ?? 0,
    skipped: false,
  };
}

/**
 * After migrations (start-up, `meridian migrate`, the test template): loads the bundled
 * release when no ICD-10-CM release is loaded yet. Quick: one COPY of ~95k rows.
 */
export async function ensureIcd10cmLoaded(
  pool: pg.Pool,
  log: (msg: string) => void = () => undefined,
): Promise<Icd10cmLoadSummary> {
  const loaded = await pool.query(
    "select 1 from code_set_release where code_system = 'icd10cm' limit 1",
  );
  if (loaded.rowCount) return skipped(bundledIcd10cmRelease);
  const started = Date.now();
  const summary = await loadIcd10cm(pool, {
    file: bundledIcd10cmFile,
    release: bundledIcd10cmRelease,
    onlyIfEmpty: true,
  });
  if (!summary.skipped) {
    log(
      `ICD-10-CM FY${summary.release} loaded: ${summary.codes} codes in ${Date.now() - started} ms`,
    );
  }
  return summary;
}
