import { z } from 'zod';
import { instant, multiLine, page, singleLine, uuid } from './common.js';
import { patientSummary } from './patients.js';

// Lab orders and results (issue 6 point 8): the LOINC-coded catalogue, orders through
// ordered -> collected -> resulted (or cancelled before results), results with computed
// flags, amendments with history, critical results' acknowledgement, cumulative views.

// ---- Enums ----

export const labPriorities = ['routine', 'urgent', 'stat'] as const;
export const labPriority = z.enum(labPriorities);
export type LabPriority = z.infer<typeof labPriority>;

export const labOrderStatuses = ['ordered', 'collected', 'resulted', 'cancelled'] as const;
export const labOrderStatus = z.enum(labOrderStatuses);
export type LabOrderStatus = z.infer<typeof labOrderStatus>;

/** The report of a resulted order, and the status of one result. */
export const labResultStatus = z.enum(['preliminary', 'final', 'amended']);
export type LabResultStatus = z.infer<typeof labResultStatus>;

/** L/H outside the reference range, LL/HH beyond a critical limit, A abnormal (coded). */
export const labFlags = ['L', 'H', 'LL', 'HH', 'A'] as const;
export const labFlag = z.enum(labFlags);
export type LabFlag = z.infer<typeof labFlag>;
export const isCriticalFlag = (f: LabFlag | null): f is 'LL' | 'HH' => f === 'LL' || f === 'HH';

export const specimenTypes = [
  'venous_blood',
  'arterial_blood',
  'capillary_blood',
  'serum',
  'plasma',
  'urine_midstream',
  'urine_catheter',
] as const;
export const specimenType = z.enum(specimenTypes);
export type SpecimenType = z.infer<typeof specimenType>;

export const labSpecimen = z.enum(['blood', 'serum_plasma', 'plasma', 'urine']);
export type LabSpecimen = z.infer<typeof labSpecimen>;

/** Specimen types that suit a test's specimen (the collection form offers these). */
export const specimenTypesFor: Readonly<Record<LabSpecimen, readonly SpecimenType[]>> = {
  blood: ['venous_blood', 'arterial_blood', 'capillary_blood'],
  serum_plasma: ['serum', 'plasma', 'venous_blood'],
  plasma: ['plasma', 'venous_blood'],
  urine: ['urine_midstream', 'urine_catheter'],
};

// ---- Catalogue ----

export const loincCode = z
  .string()
  .regex(/^[0-9]{1,7}-[0-9]$/, { message: 'must be a LOINC code such as 2823-3' });

export const labReferenceRange = z.object({
  sex: z.enum(['any', 'female', 'male']),
  ageFromYears: z.number().int(),
  /** Exclusive; null: no upper bound. */
  ageToYears: z.number().int().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  criticalLow: z.number().nullable(),
  criticalHigh: z.number().nullable(),
});
export type LabReferenceRange = z.infer<typeof labReferenceRange>;

/** A unit a value may be entered in: value in the test's unit = entered x factor. */
export const labUnitConversion = z.object({ unit: z.string(), factor: z.number() });
export type LabUnitConversion = z.infer<typeof labUnitConversion>;

/** A resultable test (a panel's component, or a single test). */
export const labTestDefinition = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  specimen: labSpecimen,
  valueType: z.enum(['numeric', 'coded']),
  /** UCUM; numeric tests only. */
  unit: z.string().nullable(),
  decimals: z.number().int().nullable(),
  answers: z.array(z.string()).nullable(),
  normalAnswers: z.array(z.string()).nullable(),
  conversions: z.array(labUnitConversion),
  ranges: z.array(labReferenceRange),
});
export type LabTestDefinition = z.infer<typeof labTestDefinition>;

/** An orderable item: a panel with its components, or a single test (one component). */
export const labCatalogueItem = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(['panel', 'test']),
  specimen: labSpecimen,
  components: z.array(labTestDefinition),
});
export type LabCatalogueItem = z.infer<typeof labCatalogueItem>;

export const labCatalogueQuery = z.strictObject({
  /** Code, name, short name or synonym; empty lists the whole catalogue. */
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type LabCatalogueQuery = z.infer<typeof labCatalogueQuery>;
export const labCatalogue = z.object({ items: z.array(labCatalogueItem) });

// ---- Values ----

export const labValueInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('numeric'),
    value: z.number().finite().min(0).max(1e7),
    unit: z.string().trim().min(1).max(40),
  }),
  z.strictObject({ kind: z.literal('coded'), code: singleLine(40) }),
  z.strictObject({ kind: z.literal('text'), text: singleLine(2000) }),
]);
export type LabValueInput = z.infer<typeof labValueInput>;

// ---- Orders ----

export const labOrderInput = z.strictObject({
  patientId: uuid,
  encounterId: uuid.optional(),
  /** The facility whose laboratory works the order (one the user works in). */
  facilityId: uuid,
  /** Orderable catalogue codes (panels or single tests), each once. */
  testCodes: z
    .array(loincCode)
    .min(1)
    .max(20)
    .refine((codes) => new Set(codes).size === codes.length, {
      message: 'each test may be ordered once',
    }),
  priority: labPriority.default('routine'),
  clinicalNote: multiLine(2000).optional(),
});
export type LabOrderInput = z.input<typeof labOrderInput>;

export const labCollectInput = z.strictObject({
  specimenType,
  /** Default now; never in the future, never before the order. */
  collectedAt: instant.optional(),
});
export type LabCollectInput = z.input<typeof labCollectInput>;

export const labCancelInput = z.strictObject({ reason: singleLine(500) });

export const labResultsInput = z.strictObject({
  /** preliminary: more to come (or a check pending); final: the report is complete. */
  status: z.enum(['preliminary', 'final']),
  results: z
    .array(z.strictObject({ testCode: loincCode, value: labValueInput }))
    .min(1)
    .max(60),
});
export type LabResultsInput = z.infer<typeof labResultsInput>;

export const labAmendInput = z.strictObject({ value: labValueInput, reason: singleLine(500) });
export type LabAmendInput = z.infer<typeof labAmendInput>;

export const labAcknowledgeInput = z.strictObject({ note: singleLine(500).optional() });

/** What a critical result's acknowledgement task looks like on a result. */
export const labCriticalState = z.object({
  id: uuid,
  flag: z.enum(['LL', 'HH']),
  raisedAt: instant,
  dueAt: instant,
  acknowledgedAt: instant.nullable(),
  acknowledgedByName: z.string().nullable(),
  escalatedAt: instant.nullable(),
});

export const labResult = z.object({
  id: uuid,
  orderId: uuid,
  testCode: z.string(),
  name: z.string(),
  shortName: z.string(),
  status: labResultStatus,
  valueNumeric: z.number().nullable(),
  unit: z.string().nullable(),
  valueCode: z.string().nullable(),
  valueText: z.string().nullable(),
  enteredValue: z.number().nullable(),
  enteredUnit: z.string().nullable(),
  flag: labFlag.nullable(),
  rangeLow: z.number().nullable(),
  rangeHigh: z.number().nullable(),
  observedAt: instant,
  resultedAt: instant,
  resultedByName: z.string().nullable(),
  revision: z.number().int(),
  version: z.number().int(),
  critical: labCriticalState.nullable(),
});
export type LabResult = z.infer<typeof labResult>;

export const labOrder = z.object({
  id: uuid,
  orderNumber: z.string(),
  patientId: uuid,
  encounterId: uuid.nullable(),
  facilityId: uuid.nullable(),
  priority: labPriority,
  status: labOrderStatus,
  reportStatus: labResultStatus.nullable(),
  clinicalNote: z.string().nullable(),
  orderedById: uuid.nullable(),
  orderedByName: z.string().nullable(),
  orderedAt: instant,
  tests: z.array(
    z.object({ code: z.string(), shortName: z.string(), name: z.string(), specimen: labSpecimen }),
  ),
  specimenType: specimenType.nullable(),
  collectedAt: instant.nullable(),
  collectedByName: z.string().nullable(),
  resultedAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  cancelReason: z.string().nullable(),
  results: z.array(labResult),
  version: z.number().int(),
});
export type LabOrder = z.infer<typeof labOrder>;
export const labOrderPage = page(labOrder);

export const labOrderQuery = z.strictObject({
  patientId: uuid,
  status: z
    .union([labOrderStatus, z.array(labOrderStatus)])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});
export type LabOrderQuery = z.infer<typeof labOrderQuery>;

// ---- Result history ----

export const labResultRevision = z.object({
  revision: z.number().int(),
  status: labResultStatus,
  valueNumeric: z.number().nullable(),
  unit: z.string().nullable(),
  valueCode: z.string().nullable(),
  valueText: z.string().nullable(),
  enteredValue: z.number().nullable(),
  enteredUnit: z.string().nullable(),
  flag: labFlag.nullable(),
  reason: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: instant,
});
export type LabResultRevision = z.infer<typeof labResultRevision>;
export const labResultHistory = z.object({
  resultId: uuid,
  testCode: z.string(),
  items: z.array(labResultRevision),
});
export type LabResultHistory = z.infer<typeof labResultHistory>;

// ---- Worklist and critical results ----

export const labWorklistStage = z.enum(['collection', 'results', 'all']);
export const labWorklistQuery = z.strictObject({
  facilityId: uuid,
  /** collection: awaiting a specimen; results: collected or preliminary, awaiting results. */
  stage: labWorklistStage.default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});
export type LabWorklistQuery = z.infer<typeof labWorklistQuery>;
export const labWorklistItem = z.object({ order: labOrder, patient: patientSummary });
export type LabWorklistItem = z.infer<typeof labWorklistItem>;
export const labWorklistPage = page(labWorklistItem);

export const labCriticalQuery = z.strictObject({
  facilityId: uuid.optional(),
  patientId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});
export type LabCriticalQuery = z.infer<typeof labCriticalQuery>;
export const labCriticalAlert = labCriticalState.extend({
  resultId: uuid,
  orderId: uuid,
  orderNumber: z.string(),
  patient: patientSummary,
  testCode: z.string(),
  shortName: z.string(),
  valueNumeric: z.number().nullable(),
  unit: z.string().nullable(),
  isOverdue: z.boolean(),
});
export type LabCriticalAlert = z.infer<typeof labCriticalAlert>;
export const labCriticalPage = page(labCriticalAlert);

// ---- Cumulative ----

export const labCumulativeParams = z.strictObject({ id: uuid });
export const labCumulativeQuery = z.strictObject({
  /** Only these tests (LOINC codes, comma-separated); default every test with results. */
  codes: z
    .string()
    .max(400)
    .transform((s) => s.split(',').map((c) => c.trim()))
    .pipe(z.array(loincCode).min(1).max(40))
    .optional(),
  /** Collections per page (columns), newest first. */
  limit: z.coerce.number().int().min(1).max(30).default(10),
  cursor: z.string().max(512).optional(),
});
export type LabCumulativeQuery = z.infer<typeof labCumulativeQuery>;
export const labCumulativeCell = z.object({
  resultId: uuid,
  status: labResultStatus,
  valueNumeric: z.number().nullable(),
  valueCode: z.string().nullable(),
  valueText: z.string().nullable(),
  flag: labFlag.nullable(),
});
export const labCumulative = z.object({
  /** Specimen collections, newest first: one column each. */
  columns: z.array(z.object({ orderId: uuid, orderNumber: z.string(), observedAt: instant })),
  /** One row per test, cells aligned with columns (null: not measured then). */
  rows: z.array(
    z.object({
      testCode: z.string(),
      shortName: z.string(),
      name: z.string(),
      unit: z.string().nullable(),
      cells: z.array(labCumulativeCell.nullable()),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type LabCumulative = z.infer<typeof labCumulative>;

export const labSeriesQuery = z.strictObject({
  code: loincCode,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(512).optional(),
});
export type LabSeriesQuery = z.infer<typeof labSeriesQuery>;
export const labSeries = z.object({
  test: labTestDefinition,
  /** Newest first. */
  points: z.array(
    z.object({
      resultId: uuid,
      observedAt: instant,
      value: z.number(),
      flag: labFlag.nullable(),
      status: labResultStatus,
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type LabSeries = z.infer<typeof labSeries>;

// ---- Pure rules (server and web) ----

/** L0000123: the accession number staff read and type. */
export function formatLabOrderNumber(n: number | bigint): string {
  return `L${String(n).padStart(7, '0')}`;
}

/** Whole years of age at `at` from an ISO birth date (yyyy-mm-dd). */
export function ageInYears(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const beforeBirthday =
    at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return Math.max(age, 0);
}

/**
 * The reference range for a patient: the row of their age band, sex-specific before `any`.
 * Unknown age matches the adult (open-ended) band; unknown or other sex matches `any` only.
 */
export function pickReferenceRange(
  ranges: readonly LabReferenceRange[],
  patient: { sex: string | null; ageYears: number | null },
): LabReferenceRange | null {
  const fits = (r: LabReferenceRange) =>
    patient.ageYears === null
      ? r.ageToYears === null
      : patient.ageYears >= r.ageFromYears &&
        (r.ageToYears === null || patient.ageYears < r.ageToYears);
  const inBand = ranges.filter(fits);
  return (
    inBand.find((r) => r.sex !== 'any' && r.sex === patient.sex) ??
    inBand.find((r) => r.sex === 'any') ??
    null
  );
}

/**
 * The flag of a numeric value in the test's unit: LL/HH beyond a critical limit (strictly
 * below critical_low, strictly above critical_high), else L/H outside [low, high], else none.
 */
export function numericFlag(
  value: number,
  range: Pick<LabReferenceRange, 'low' | 'high' | 'criticalLow' | 'criticalHigh'> | null,
): LabFlag | null {
  if (!range) return null;
  if (range.criticalLow !== null && value < range.criticalLow) return 'LL';
  if (range.criticalHigh !== null && value > range.criticalHigh) return 'HH';
  if (range.low !== null && value < range.low) return 'L';
  if (range.high !== null && value > range.high) return 'H';
  return null;
}

/** A coded answer is abnormal (A) unless it is one of the test's normal answers. */
export function codedFlag(code: string, normalAnswers: readonly string[]): LabFlag | null {
  return normalAnswers.includes(code) ? null : 'A';
}

/** Rounds to the test's decimals (half away from zero), as values are stored and shown. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * f + Number.EPSILON)) / f;
}

/**
 * The value in the test's unit: the same unit as is, or a listed conversion; null when the
 * unit is neither (a wrong unit is refused, never guessed). Unit match is exact (UCUM is
 * case-sensitive), except that the common `mEq/L` spelling is read as UCUM `meq/L`.
 */
export function toTestUnit(
  value: number,
  unit: string,
  test: Pick<LabTestDefinition, 'unit' | 'decimals' | 'conversions'>,
): number | null {
  if (test.unit === null) return null;
  const u = unit === 'mEq/L' ? 'meq/L' : unit;
  const decimals = test.decimals ?? 2;
  if (u === test.unit) return roundTo(value, decimals);
  const conversion = test.conversions.find((c) => c.unit === u);
  return conversion ? roundTo(value * conversion.factor, decimals) : null;
}

/** What each step needs the order to be; the server refuses the rest with lab.invalid_transition. */
export type LabStep = 'collect' | 'result' | 'cancel';
export function labStepAllowed(
  step: LabStep,
  order: { status: LabOrderStatus; reportStatus: LabResultStatus | null },
): boolean {
  switch (step) {
    case 'collect':
      return order.status === 'ordered';
    case 'result':
      return (
        order.status === 'collected' ||
        (order.status === 'resulted' && order.reportStatus === 'preliminary')
      );
    case 'cancel':
      return order.status === 'ordered' || order.status === 'collected';
  }
}
