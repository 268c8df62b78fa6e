import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { registerAllergyRoutes } from './allergies/allergies.routes.js';
import { registerEncounterRoutes } from './encounters/encounters.routes.js';
import { registerFhirImportRoutes } from './import/fhir-import.routes.js';
import { registerImmunizationRoutes } from './immunizations/immunizations.routes.js';
import { registerLabRoutes } from './labs/labs.routes.js';
import { registerMedicationRoutes } from './medications/medications.routes.js';
import { registerNoteRoutes } from './notes/notes.routes.js';
import { registerProblemRoutes } from './problems/problems.routes.js';
import { registerVitalsRoutes } from './vitals/vitals.routes.js';

export { ensureClinicalReferenceData } from './reference-data.js';

/**
 * The clinical record: encounters and their diagnoses (encounters/), vitals with NEWS2
 * (vitals/), ICD-10-CM coded problems (problems/), allergies (allergies/), the drug
 * catalogue, prescribing with decision support and the administration record
 * (medications/), signed notes (notes/), lab orders and results (labs/), immunizations and
 * procedures (immunizations/).
 */
export async function clinicalModule(app: FastifyInstance, platform: Platform): Promise<void> {
  registerEncounterRoutes(app, platform);
  registerVitalsRoutes(app, platform);
  registerProblemRoutes(app, platform);
  registerAllergyRoutes(app, platform);
  registerMedicationRoutes(app, platform);
  registerNoteRoutes(app, platform);
  registerLabRoutes(app, platform);
  registerImmunizationRoutes(app, platform);
  registerFhirImportRoutes(app, platform);
  await Promise.resolve();
}
