import { z } from 'zod';
import { instant, isoDate, multiLine, page, singleLine, uuid } from './common.js';
// The encounters area's code input (any spelling in, dotted out) is the one both use.
import { icd10cmCodeInput, toDottedIcd10cm } from './encounters.js';

// ---- ICD-10-CM codes ----

/** The canonical form: a dot after the third character (E11.9); categories have none (E11). */
export const icd10cmCodePattern = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

/**
 * A code as typed (e11.9, E119, ' e11.9 ') in its canonical dotted form, or null when it
 * cannot be an ICD-10-CM code. Says nothing about whether the code exists.
 */
export function normalizeIcd10cmCode(input: string): string | null {
  const dotted = toDottedIcd10cm(input);
  return icd10cmCodePattern.test(dotted) ? dotted : null;
}

export const icd10cmCode = z.object({
  code: z.string(),
  /** Valid for claims (a leaf code); false for a category or header such as E11. */
  isBillable: z.boolean(),
  shortDescription: z.string(),
  longDescription: z.string(),
  /** False when a newer release no longer contains the code (kept so old records stay valid). */
  isCurrent: z.boolean(),
});
export type Icd10cmCode = z.infer<typeof icd10cmCode>;

export const icd10cmSearchQuery = z.strictObject({
  /** A code prefix (E11, e11.6, E116) or words ('diab type 2 kidn'); typos are tolerated. */
  q: singleLine(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Retired codes are left out unless asked for. */
  includeRetired: z.stringbool().default(false),
});
export type Icd10cmSearchQuery = z.input<typeof icd10cmSearchQuery>;

/**
 * How the answer was found: `code` (a code prefix), `words` (every word a word prefix) or
 * `fuzzy` (some words were not found and were replaced by the most similar known words).
 */
export const icd10cmSearchMode = z.enum(['code', 'words', 'fuzzy']);
export type Icd10cmSearchMode = z.infer<typeof icd10cmSearchMode>;

export const icd10cmSearchResult = z.object({
  mode: icd10cmSearchMode,
  items: z.array(icd10cmCode),
});
export type Icd10cmSearchResult = z.infer<typeof icd10cmSearchResult>;

export const icd10cmCodeParams = z.strictObject({ code: icd10cmCodeInput });

// ---- Problems ----

export const problemClinicalStatuses = ['active', 'recurrence', 'inactive', 'resolved'] as const;
export const problemClinicalStatus = z.enum(problemClinicalStatuses);
export type ProblemClinicalStatus = z.infer<typeof problemClinicalStatus>;

export const problemVerificationStatuses = [
  'provisional',
  'confirmed',
  'refuted',
  'entered_in_error',
] as const;
export const problemVerificationStatus = z.enum(problemVerificationStatuses);
export type ProblemVerificationStatus = z.infer<typeof problemVerificationStatus>;

/** What staff may set directly; entered_in_error has its own step with a reason. */
export const problemSettableVerification = z.enum(['provisional', 'confirmed', 'refuted']);

/** Active and recurring problems are the ones that are "on the list" (one per code). */
export function isActiveProblemStatus(s: ProblemClinicalStatus): boolean {
  return s === 'active' || s === 'recurrence';
}

const note = multiLine(2000)
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? null : s));

/**
 * POST /api/v1/patients/:id/problems. A category code that is not billable (E11) is
 * accepted — a problem list states what the clinician knows — and the answer warns
 * `icd10cm.not_billable`; retired codes are refused for new problems.
 */
export const problemInput = z.strictObject({
  code: icd10cmCodeInput,
  /** Defaults to the code's long description. */
  display: singleLine(300).optional(),
  onsetDate: isoDate.nullable().default(null),
  clinicalStatus: z.enum(['active', 'recurrence', 'inactive']).default('active'),
  verificationStatus: z.enum(['provisional', 'confirmed']).default('confirmed'),
  note: note.nullable().default(null),
  encounterId: uuid.nullable().default(null),
});
export type ProblemInput = z.input<typeof problemInput>;

/** PATCH /api/v1/problems/:id with If-Match: only the fields sent change. */
export const problemPatch = z
  .strictObject({
    code: icd10cmCodeInput.optional(),
    display: singleLine(300).optional(),
    onsetDate: isoDate.nullable().optional(),
    abatementDate: isoDate.nullable().optional(),
    clinicalStatus: problemClinicalStatus.optional(),
    verificationStatus: problemSettableVerification.optional(),
    note: note.nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'send at least one field to change',
  });
export type ProblemPatch = z.input<typeof problemPatch>;

/** POST /api/v1/problems/:id/resolve with If-Match: abatement defaults to today. */
export const problemResolveInput = z.strictObject({
  abatementDate: isoDate.optional(),
  note: note.nullable().optional(),
});
export type ProblemResolveInput = z.input<typeof problemResolveInput>;

/** POST /api/v1/problems/:id/entered-in-error with If-Match. */
export const problemErrorInput = z.strictObject({ reason: singleLine(500) });
export type ProblemErrorInput = z.input<typeof problemErrorInput>;

export const problemQuery = z.strictObject({
  status: z
    .union([problemClinicalStatus, z.array(problemClinicalStatus)])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  /** Entered-in-error problems are left out unless asked for. */
  includeEnteredInError: z.stringbool().default(false),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type ProblemQuery = z.input<typeof problemQuery>;

export const problemActor = z.object({ id: uuid, name: z.string() });

export const patientProblem = z.object({
  id: uuid,
  patientId: uuid,
  encounterId: uuid.nullable(),
  /** ICD-10-CM, dotted; null only for an imported problem with no map to ICD-10-CM. */
  code: z.string().nullable(),
  /** Null when there is no ICD-10-CM code. */
  isBillable: z.boolean().nullable(),
  /** SNOMED CT, as an imported record carried it. */
  snomedCode: z.string().nullable(),
  display: z.string(),
  onsetDate: isoDate.nullable(),
  abatementDate: isoDate.nullable(),
  clinicalStatus: problemClinicalStatus,
  verificationStatus: problemVerificationStatus,
  note: z.string().nullable(),
  recordedAt: instant,
  recordedBy: problemActor.nullable(),
  enteredInErrorReason: z.string().nullable(),
  sourceSystem: z.string().nullable(),
  sourceId: z.string().nullable(),
  version: z.number().int(),
  updatedAt: instant,
});
export type PatientProblem = z.infer<typeof patientProblem>;

/** Advice that did not stop the write, e.g. a category code that claims will not accept. */
export const problemWarning = z.object({
  code: z.enum(['icd10cm.not_billable']),
  path: z.string(),
  message: z.string(),
});
export type ProblemWarning = z.infer<typeof problemWarning>;

/** Writes answer the problem and their warnings. */
export const problemWriteAnswer = patientProblem.extend({ warnings: z.array(problemWarning) });
export type ProblemWriteAnswer = z.infer<typeof problemWriteAnswer>;

export const problemPage = page(patientProblem);
export type ProblemPage = z.infer<typeof problemPage>;

export const problemHistoryActions = [
  'created',
  'updated',
  'resolved',
  'entered_in_error',
  'merged',
] as const;

/** One version of a problem: the problem as it was after `action`. */
export const problemVersion = z.object({
  version: z.number().int(),
  action: z.enum(problemHistoryActions),
  recordedAt: instant,
  recordedBy: problemActor.nullable(),
  problem: patientProblem.omit({ recordedBy: true, isBillable: true }),
});
export type ProblemVersion = z.infer<typeof problemVersion>;

export const problemHistory = z.object({ items: z.array(problemVersion) });
export type ProblemHistory = z.infer<typeof problemHistory>;

export const patientProblemParams = z.strictObject({ id: uuid });
