import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { registerCoverageRoutes } from './coverage/coverage.routes.js';
import { registerMatchRoutes } from './matching/match.routes.js';
import { registerMergeRoutes } from './merge/merge.routes.js';
import { registerRecordRoutes } from './record/record.routes.js';
import { registerSearchRoutes } from './search/search.routes.js';

export { searchKeys, normalizeName } from './search-keys.js';
export { releasePatientAccessPolicy } from './record/access-policy.js';
// The bulk registration path and the identifier key, for the FHIR importer (clinical/import).
export { loadRecords } from './generator/load-records.js';
export { identifierValueKey } from './record/record-input.js';
export {
  patientSummaries,
  findPatientStanding,
  patientFactsJsonSql,
  patientFactsOf,
  type PatientFacts,
  type PatientStanding,
} from './patient-facts.js';

/**
 * The patients module: the record and its history (record/), the master patient index's
 * duplicate check (matching/) and search (search/), payers and coverage (coverage/), and
 * merges (merge/), which other modules join through `platform.patientMerge`.
 */
export async function patientsModule(app: FastifyInstance, platform: Platform): Promise<void> {
  const match = registerMatchRoutes(app, platform);
  registerRecordRoutes(app, platform, { match });
  registerSearchRoutes(app, platform);
  registerCoverageRoutes(app, platform);
  registerMergeRoutes(app, platform);
  await Promise.resolve();
}
