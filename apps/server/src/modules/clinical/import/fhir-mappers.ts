// The registry: one mapper per FHIR resource type the importer loads into the clinical
// record. Each area keeps its mapper in its own folder and adds one line here; the importer
// writes them in `order` (Encounter first, so later rows can point at our encounters).
// Patient is not here: it is found or registered before any of these run (patient-import.ts).
//
// A mapper (see mappers/encounter.fhir-mapper.ts): parse validates with a zod schema of the
// fields it reads (fhir-types.ts has the datatypes) and resolves its encounter with
// `ctx.reference(ref, 'encounter', { types: ['Encounter'] })`, keeping the entry; write
// stamps `patientId` from the WriteContext, turns that entry into our id with `ctx.idOf`, and
// inserts through `insertSourced` (idempotent on source_system/source_id).
import type { AnyFhirMapper } from './fhir-mapper.js';
import { encounterFhirMapper } from './mappers/encounter.fhir-mapper.js';
import { allergyFhirMapper } from '../allergies/allergies.fhir-mapper.js';
import {
  immunizationFhirMapper,
  procedureFhirMapper,
} from '../immunizations/immunizations.fhir-mapper.js';
import { labReportFhirMapper } from '../labs/labs.fhir-mapper.js';
import { prescriptionFhirMapper } from '../medications/medications.fhir-mapper.js';
import { problemFhirMapper } from '../problems/problems.fhir-mapper.js';
import { observationFhirMapper } from '../vitals/vitals.fhir-mapper.js';

export const fhirMappers: readonly AnyFhirMapper[] = [
  encounterFhirMapper,
  problemFhirMapper,
  allergyFhirMapper,
  prescriptionFhirMapper,
  immunizationFhirMapper,
  procedureFhirMapper,
  observationFhirMapper,
  labReportFhirMapper,
];
