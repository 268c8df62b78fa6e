// Bundles from files: one .json or .json.gz file, or every such file of a folder (sorted, not
// recursive), read one at a time so a large folder never sits in memory at once.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { importFhirBundle, type FhirImportDeps, type FhirImportOptions } from './import-fhir.js';
import { ImportReportBuilder } from './import-report.js';

const gunzipAsync = promisify(gunzip);
const bundleFile = /\.json(\.gz)?$/i;

/** The bundle files at `target`: the file itself, or the folder's .json/.json.gz files. */
export async function bundleFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => bundleFile.test(n)).sort();
  return names.map((n) => path.join(target, n));
}

async function readJson(file: string): Promise<unknown> {
  const bytes = await readFile(file);
  const text = (file.toLowerCase().endsWith('.gz') ? await gunzipAsync(bytes) : bytes).toString(
    'utf8',
  );
  return JSON.parse(text) as unknown;
}

/**
 * Imports every bundle at `target` into one report. A file that cannot be read or parsed
 * is reported (bundle refused) and the others still import.
 */
export async function importFhirFiles(
  deps: FhirImportDeps,
  target: string,
  opts: Omit<FhirImportOptions, 'file'> = {},
  report: ImportReportBuilder = new ImportReportBuilder(),
): Promise<ImportReportBuilder> {
  for (const file of await bundleFiles(target)) {
    const name = path.basename(file);
    let bundle: unknown;
    try {
      bundle = await readJson(file);
    } catch (err) {
      report.bundles += 1;
      report.bundlesFailed += 1;
      report.failures.push({
        file: name,
        entry: null,
        fullUrl: null,
        resourceType: null,
        path: 'Bundle',
        rule: err instanceof SyntaxError ? 'file.not_json' : 'file.unreadable',
        message:
          err instanceof SyntaxError ? 'is not JSON' : 'could not be read (gzip or I/O error)',
      });
      continue;
    }
    await importFhirBundle(deps, bundle, { ...opts, file: name }, report);
  }
  return report;
}
