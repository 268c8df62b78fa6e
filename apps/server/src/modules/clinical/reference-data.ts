import type { Database } from '../../platform/db.js';
import type { Clock } from '../../platform/clock.js';
import { ensureDrugCatalogue } from './medications/catalogue/catalogue-loader.js';
import { ensureIcd10cmLoaded } from './problems/icd10cm-loader.js';

/**
 * The reference data the clinical tables expect, loaded after the migrations by every
 * start (and into the test template): the bundled ICD-10-CM release and the drug
 * catalogue. Each loader is a no-op when its data is already there, and safe when two
 * instances start at once.
 */
export async function ensureClinicalReferenceData(
  database: Database,
  clock: Clock,
  log: (msg: string) => void = () => undefined,
): Promise<void> {
  await ensureIcd10cmLoaded(database.pool, log);
  if (await ensureDrugCatalogue(database.db, clock)) log('drug catalogue loaded');
}
