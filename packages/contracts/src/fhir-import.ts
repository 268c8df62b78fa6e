import { z } from 'zod';

// The FHIR R4 bundle import (issue 6, point 10): what an import answers. The report names
// entries by position, fullUrl and resource type, never by what they say (no PHI), so it
// can be printed, logged and returned to an administrator.

/** Why an entry was not imported, or what was dropped from it (a warning). */
export const fhirImportIssue = z.object({
  /** The file the bundle came from (CLI imports); null for an API body. */
  file: z.string().nullable(),
  /** Position of the entry in Bundle.entry, from 0; null for the bundle as a whole. */
  entry: z.number().int().nullable(),
  fullUrl: z.string().nullable(),
  resourceType: z.string().nullable(),
  /** Where in the resource, FHIRPath-like: `Encounter.period.end`, `Patient.name[0]`. */
  path: z.string(),
  /** The rule, as a short code: `required`, `reference.unresolved`, `period.end_before_start`. */
  rule: z.string(),
  message: z.string(),
});
export type FhirImportIssue = z.infer<typeof fhirImportIssue>;

/** What happened to the entries of one resource type. */
export const fhirImportTypeCounts = z.object({
  /** New rows written. */
  imported: z.number().int(),
  /** Already imported before (same source system and id): nothing written. */
  alreadyPresent: z.number().int(),
  /** Types the importer does not map (Claim, CarePlan, ...), and entries with no resource. */
  unsupported: z.number().int(),
  /** Entries that failed validation or mapping. */
  invalid: z.number().int(),
  /** Valid entries not written because another entry of their patient failed. */
  notWritten: z.number().int(),
});
export type FhirImportTypeCounts = z.infer<typeof fhirImportTypeCounts>;

export const fhirImportPatientOutcome = z.enum(['created', 'matched', 'failed']);
export type FhirImportPatientOutcome = z.infer<typeof fhirImportPatientOutcome>;

/** One patient of a bundle: registered, found by identifier, or not written at all. */
export const fhirImportPatientResult = z.object({
  file: z.string().nullable(),
  fullUrl: z.string().nullable(),
  outcome: fhirImportPatientOutcome,
  /** Our patient id and MRN; null when the patient failed. */
  patientId: z.uuid().nullable(),
  mrn: z.string().nullable(),
  /** Rows written for this patient, per resource type. */
  imported: z.record(z.string(), z.number().int()),
});
export type FhirImportPatientResult = z.infer<typeof fhirImportPatientResult>;

export const fhirImportReport = z.object({
  bundles: z.number().int(),
  /** Bundles refused as a whole (not a Bundle, unreadable file, unsupported type). */
  bundlesFailed: z.number().int(),
  patients: z.object({
    created: z.number().int(),
    matched: z.number().int(),
    failed: z.number().int(),
  }),
  resources: z.record(z.string(), fhirImportTypeCounts),
  patientResults: z.array(fhirImportPatientResult),
  failures: z.array(fhirImportIssue),
  /** What was dropped while importing (a phone that is not a number, a fake SSN, ...). */
  warnings: z.array(fhirImportIssue),
  durationMs: z.number(),
});
export type FhirImportReport = z.infer<typeof fhirImportReport>;

/** True when every bundle was read and no patient failed. */
export function fhirImportSucceeded(report: FhirImportReport): boolean {
  return report.bundlesFailed === 0 && report.patients.failed === 0 && report.failures.length === 0;
}

/** The bundle types the importer reads (a searchset or document is not a record to load). */
export const fhirImportBundleTypes = ['transaction', 'batch', 'collection'] as const;

/** Largest bundle the API accepts (a CLI import of files has no limit). */
export const fhirImportMaxBodyBytes = 20 * 1024 * 1024;

/** The query of POST /api/v1/imports/fhir. */
export const fhirImportQuery = z.strictObject({
  /** Code of the facility imported patients are registered at (home facility). */
  facility: z.string().trim().min(1).max(20).optional(),
});
