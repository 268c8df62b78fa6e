import { z } from 'zod';
import { instant, isoDate, multiLine, page, singleLine, uuid } from './common.js';

// ---- Vocabularies ----

export const medicationRoutes = [
  'oral',
  'sublingual',
  'topical',
  'transdermal',
  'inhalation',
  'intravenous',
  'intramuscular',
  'subcutaneous',
  'rectal',
  'ophthalmic',
  'otic',
  'nasal',
  'vaginal',
] as const;
export const medicationRoute = z.enum(medicationRoutes);
export type MedicationRoute = z.infer<typeof medicationRoute>;

/** Units a dose is written in: a mass, a volume, or units of the product's form. */
export const doseUnits = [
  'mg',
  'mcg',
  'g',
  'mL',
  'tablet',
  'capsule',
  'actuation',
  'patch',
  'unit',
  'drop',
] as const;
export const doseUnit = z.enum(doseUnits);
export type DoseUnit = z.infer<typeof doseUnit>;

/** What one unit of a catalogue product is; product strengths are mg per this unit. */
export const formUnits = ['tablet', 'capsule', 'mL', 'actuation', 'patch', 'each'] as const;
export type FormUnit = (typeof formUnits)[number];

export interface FrequencyDef {
  /** Doses in 24 hours at most (for the maximum daily dose). */
  dosesPerDay: number;
  /** Standard administration times (local, HH:MM) on the MAR; empty: not scheduled daily. */
  times: readonly string[];
  /** Instruction text: "once daily", "every 8 hours". */
  text: string;
  /** Every this many days (weekly = 7); 1 for daily schedules. */
  everyDays: number;
}

/**
 * The frequency vocabulary. Standard times follow common ward administration rounds; a
 * facility timetable may replace them later.
 */
export const frequencyDefs = {
  once: { dosesPerDay: 1, times: [], text: 'once', everyDays: 0 },
  once_daily: { dosesPerDay: 1, times: ['09:00'], text: 'once daily', everyDays: 1 },
  bid: { dosesPerDay: 2, times: ['09:00', '21:00'], text: 'twice daily', everyDays: 1 },
  tid: {
    dosesPerDay: 3,
    times: ['08:00', '14:00', '22:00'],
    text: 'three times daily',
    everyDays: 1,
  },
  qid: {
    dosesPerDay: 4,
    times: ['08:00', '12:00', '16:00', '20:00'],
    text: 'four times daily',
    everyDays: 1,
  },
  q4h: {
    dosesPerDay: 6,
    times: ['02:00', '06:00', '10:00', '14:00', '18:00', '22:00'],
    text: 'every 4 hours',
    everyDays: 1,
  },
  q6h: {
    dosesPerDay: 4,
    times: ['00:00', '06:00', '12:00', '18:00'],
    text: 'every 6 hours',
    everyDays: 1,
  },
  q8h: { dosesPerDay: 3, times: ['06:00', '14:00', '22:00'], text: 'every 8 hours', everyDays: 1 },
  q12h: { dosesPerDay: 2, times: ['09:00', '21:00'], text: 'every 12 hours', everyDays: 1 },
  at_bedtime: { dosesPerDay: 1, times: ['22:00'], text: 'at bedtime', everyDays: 1 },
  every_morning: { dosesPerDay: 1, times: ['08:00'], text: 'every morning', everyDays: 1 },
  once_weekly: { dosesPerDay: 1, times: ['09:00'], text: 'once weekly', everyDays: 7 },
} as const satisfies Record<string, FrequencyDef>;
export type FrequencyCode = keyof typeof frequencyDefs;
export const frequencyCodes = Object.keys(frequencyDefs) as [FrequencyCode, ...FrequencyCode[]];
export const frequency = z.enum(frequencyCodes);

// ---- Catalogue ----

export const rxcui = z.string().regex(/^[0-9]{1,10}$/, { message: 'must be an RxNorm rxcui' });

export const drugClassKind = z.enum(['pharmacologic', 'interaction']);
export const drugClass = z.object({
  code: z.string(),
  name: z.string(),
  kind: drugClassKind,
  memberCount: z.number().int(),
});
export type DrugClass = z.infer<typeof drugClass>;
export const drugClassQuery = z.strictObject({ kind: drugClassKind.optional() });
export const drugClassList = z.object({ items: z.array(drugClass) });

export const productIngredient = z.object({
  rxcui: z.string(),
  name: z.string(),
  mgPerUnit: z.number(),
});
export const drugHit = z.object({
  /** product: prescribable (SCD/SBD); ingredient: a substance (allergies, reporting). */
  type: z.enum(['product', 'ingredient']),
  rxcui: z.string(),
  name: z.string(),
  doseForm: z.string().nullable(),
  route: z.string().nullable(),
  formUnit: z.enum(formUnits).nullable(),
  ingredients: z.array(productIngredient),
  classes: z.array(z.string()),
});
export type DrugHit = z.infer<typeof drugHit>;
export const drugQuery = z.strictObject({
  q: z.string().trim().min(2).max(100),
  type: z.enum(['product', 'ingredient']).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const drugList = z.object({ items: z.array(drugHit) });
export const rxcuiParams = z.strictObject({ rxcui });

// ---- Home medications ----

export const homeMedicationStatus = z.enum(['active', 'stopped', 'entered_in_error']);
export const reportedBy = z.enum([
  'patient',
  'caregiver',
  'pharmacy_record',
  'outside_record',
  'clinician',
]);
export const homeMedicationInput = z
  .strictObject({
    productRxcui: rxcui.optional(),
    /** Free text when the product is not in the catalogue (or not known). */
    text: singleLine(300).optional(),
    doseValue: z.number().positive().max(100000).optional(),
    doseUnit: doseUnit.optional(),
    frequency: frequency.optional(),
    note: multiLine(1000).optional(),
    reportedBy: reportedBy.default('patient'),
    encounterId: uuid.optional(),
  })
  .refine((v) => v.productRxcui !== undefined || v.text !== undefined, {
    message: 'give productRxcui or text',
    path: ['productRxcui'],
  })
  .refine((v) => (v.doseValue === undefined) === (v.doseUnit === undefined), {
    message: 'doseValue and doseUnit go together',
    path: ['doseUnit'],
  });
export const homeMedication = z.object({
  id: uuid,
  patientId: uuid,
  productRxcui: z.string().nullable(),
  display: z.string(),
  doseValue: z.number().nullable(),
  doseUnit: z.string().nullable(),
  frequency: z.string().nullable(),
  note: z.string().nullable(),
  status: homeMedicationStatus,
  reportedBy,
  reportedAt: instant,
  stoppedAt: instant.nullable(),
  statusReason: z.string().nullable(),
  version: z.number().int(),
});
export type HomeMedication = z.infer<typeof homeMedication>;
export const statusChangeInput = z.strictObject({ reason: singleLine(500) });

// ---- Prescriptions ----

export const prescriptionStatus = z.enum([
  'draft',
  'active',
  'stopped',
  'completed',
  'entered_in_error',
]);
export type PrescriptionStatus = z.infer<typeof prescriptionStatus>;

const prescriptionFields = {
  productRxcui: rxcui,
  doseValue: z.number().positive().max(100000),
  doseUnit,
  route: medicationRoute,
  frequency,
  isPrn: z.boolean().default(false),
  prnReason: singleLine(200).optional(),
  prnMaxDosesPerDay: z.number().int().min(1).max(24).optional(),
  durationDays: z.number().int().min(1).max(365).optional(),
  quantity: z.number().positive().max(10000).optional(),
  refills: z.number().int().min(0).max(11).default(0),
  note: multiLine(1000).optional(),
  startsAt: instant.optional(),
  encounterId: uuid.optional(),
};
export const prescriptionInput = z.strictObject(prescriptionFields);
export type PrescriptionInput = z.output<typeof prescriptionInput>;
/** A draft's edit: the whole order again (drafts are small). */
export const prescriptionEdit = prescriptionInput;

export const prescription = z.object({
  id: uuid,
  patientId: uuid,
  encounterId: uuid.nullable(),
  productRxcui: z.string(),
  productDisplay: z.string(),
  doseValue: z.number().nullable(),
  doseUnit: z.string().nullable(),
  route: z.string().nullable(),
  frequency: z.string().nullable(),
  isPrn: z.boolean(),
  prnReason: z.string().nullable(),
  prnMaxDosesPerDay: z.number().int().nullable(),
  durationDays: z.number().int().nullable(),
  quantity: z.number().nullable(),
  refills: z.number().int(),
  instructions: z.string().nullable(),
  note: z.string().nullable(),
  status: prescriptionStatus,
  replacesId: uuid.nullable(),
  revision: z.enum(['modify', 'renew']).nullable(),
  prescriberId: uuid.nullable(),
  startsAt: instant.nullable(),
  endsAt: instant.nullable(),
  signedAt: instant.nullable(),
  stoppedAt: instant.nullable(),
  statusReason: z.string().nullable(),
  createdAt: instant,
  version: z.number().int(),
});
export type Prescription = z.infer<typeof prescription>;

export const prescriptionVersion = z.object({
  version: z.number().int(),
  status: prescriptionStatus,
  recordedAt: instant,
  recordedBy: uuid.nullable(),
  doseValue: z.number().nullable(),
  doseUnit: z.string().nullable(),
  frequency: z.string().nullable(),
  instructions: z.string().nullable(),
  statusReason: z.string().nullable(),
});
export const prescriptionDetail = prescription.extend({
  history: z.array(prescriptionVersion),
  alerts: z.array(z.lazy(() => storedAlert)),
});
export type PrescriptionDetail = z.infer<typeof prescriptionDetail>;

export const medicationListQuery = z.strictObject({
  status: z
    .union([prescriptionStatus, z.array(prescriptionStatus)])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export const prescriptionPage = page(prescription);
export const homeMedicationList = z.object({ items: z.array(homeMedication) });
export const patientParams = z.strictObject({ patientId: uuid });

// ---- Decision support ----

export const alertSeverity = z.enum(['contraindicated', 'high', 'moderate', 'low']);
export type AlertSeverity = z.infer<typeof alertSeverity>;
export const alertKind = z.enum([
  'allergy',
  'interaction',
  'duplicate',
  'max_dose',
  'check_unavailable',
]);
export type AlertKind = z.infer<typeof alertKind>;

export const medicationAlert = z.object({
  /** Stable for this finding on this prescription; overrides name it. */
  key: z.string(),
  ruleId: z.string(),
  kind: alertKind,
  severity: alertSeverity,
  reason: z.string(),
  management: z.string().nullable(),
  source: z.string(),
  /** Risk modifiers applied (PDDI-CDS context factors), e.g. "patient is 65 or older". */
  factors: z.array(z.string()),
});
export type MedicationAlert = z.infer<typeof medicationAlert>;
export const storedAlert = medicationAlert.extend({
  overrideReason: z.string().nullable(),
  overriddenAt: instant.nullable(),
});
export const checkResult = z.object({
  prescriptionId: uuid,
  alerts: z.array(medicationAlert),
  /** Which checks ran (and which could not: those also appear as alerts). */
  checks: z.object({
    allergy: z.enum(['ran', 'failed']),
    interaction: z.enum(['ran', 'failed']),
    duplicate: z.enum(['ran', 'failed']),
    maxDose: z.enum(['ran', 'failed']),
  }),
});
export type CheckResult = z.infer<typeof checkResult>;

export const signInput = z.strictObject({
  overrides: z
    .array(z.strictObject({ key: z.string().min(1).max(200), reason: singleLine(500).min(3) }))
    .max(50)
    .default([]),
});
export const reviseInput = prescriptionInput;

export const overrideRateQuery = z.strictObject({ from: isoDate, to: isoDate });
export const overrideRate = z.object({
  ruleId: z.string(),
  kind: alertKind,
  shown: z.number().int(),
  overridden: z.number().int(),
  /** overridden / shown, 0..1. */
  rate: z.number(),
});
export const overrideRateList = z.object({ items: z.array(overrideRate) });

// ---- Medication administration record ----

/** given; held (a clinical decision); refused (by the patient); not_given (e.g. off the ward). */
export const administrationOutcomes = ['given', 'held', 'refused', 'not_given'] as const;
export const administrationOutcome = z.enum(administrationOutcomes);
export type AdministrationOutcome = z.infer<typeof administrationOutcome>;

const administrationFields = {
  /** The scheduled dose this answers; omit for an as-needed (PRN) dose. */
  scheduledFor: instant.optional(),
  outcome: administrationOutcome,
  /** When it happened; now if omitted. Never in the future. */
  occurredAt: instant.optional(),
  /** Given doses: the prescription's dose if omitted. */
  doseValue: z.number().positive().max(100000).optional(),
  doseUnit: doseUnit.optional(),
  reason: singleLine(500).optional(),
  note: multiLine(1000).optional(),
};
const reasonUnlessGiven = <T extends { outcome: AdministrationOutcome; reason?: string }>(v: T) =>
  v.outcome === 'given' || v.reason !== undefined;
const reasonMessage = { message: 'a dose not given needs a reason', path: ['reason'] };
const doseWhole = <T extends { doseValue?: number; doseUnit?: string }>(v: T) =>
  (v.doseValue === undefined) === (v.doseUnit === undefined);
const doseMessage = { message: 'doseValue and doseUnit go together', path: ['doseUnit'] };

export const administrationInput = z
  .strictObject({ prescriptionId: uuid, ...administrationFields })
  .refine(reasonUnlessGiven, reasonMessage)
  .refine(doseWhole, doseMessage);
export type AdministrationInput = z.output<typeof administrationInput>;

/** Entered in error, with the record that replaces it (same prescription) if there is one. */
export const administrationErrorInput = z.strictObject({
  reason: singleLine(500),
  replacement: z
    .strictObject(administrationFields)
    .refine(reasonUnlessGiven, reasonMessage)
    .refine(doseWhole, doseMessage)
    .optional(),
});
export type AdministrationErrorInput = z.output<typeof administrationErrorInput>;

export const administration = z.object({
  id: uuid,
  patientId: uuid,
  prescriptionId: uuid,
  stayId: uuid,
  scheduledFor: instant.nullable(),
  outcome: administrationOutcome,
  occurredAt: instant,
  doseValue: z.number().nullable(),
  doseUnit: z.string().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: uuid.nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: instant,
  status: z.enum(['recorded', 'entered_in_error']),
  correctsId: uuid.nullable(),
  errorReason: z.string().nullable(),
  errorAt: instant.nullable(),
});
export type Administration = z.infer<typeof administration>;
export const administrationParams = z.strictObject({ id: uuid });
export const administrationCorrection = z.object({
  corrected: administration,
  replacement: administration.nullable(),
});

export const marQuery = z.strictObject({
  /** The local day in the facility's time zone; today if omitted. */
  date: isoDate.optional(),
  /** A past stay; the open stay if omitted. */
  stayId: uuid.optional(),
});
export const marDose = z.object({
  scheduledFor: instant,
  /** Local time of the slot, HH:MM. */
  time: z.string(),
  /** The live record for this dose, if any. */
  administration: administration.nullable(),
});
export type MarDose = z.infer<typeof marDose>;
export const marRow = z.object({
  prescription,
  /** Scheduled doses of the day (empty for an as-needed order). */
  doses: z.array(marDose),
  /** Every record of the day for this prescription, entered in error included, by time. */
  records: z.array(administration),
  /** As-needed orders: live given doses in the 24 hours before now, and the maximum. */
  prnGivenLast24h: z.number().int().nullable(),
  prnMaxPerDay: z.number().int().nullable(),
});
export type MarRow = z.infer<typeof marRow>;
export const marStay = z.object({
  id: uuid,
  status: z.string(),
  admittedAt: instant.nullable(),
  dischargedAt: instant.nullable(),
  facilityId: uuid,
});
export const mar = z.object({
  patientId: uuid,
  /** null: the patient has no open stay (and none was asked for). */
  stay: marStay.nullable(),
  date: isoDate,
  timeZone: z.string(),
  /** Every slot time (HH:MM) of the day, sorted: the grid's columns. */
  slots: z.array(z.string()),
  rows: z.array(marRow),
});
export type Mar = z.infer<typeof mar>;

/**
 * The local scheduled times (HH:MM) of a prescription on a day, before clipping to its
 * start and end: none for as-needed orders; weekly orders on days a multiple of 7 from the
 * start date; a single ('once') dose at its start (the caller supplies it).
 */
export function scheduledTimesOn(
  o: { frequency: string | null; isPrn: boolean },
  day: { daysSinceStart: number },
): readonly string[] {
  if (o.isPrn || o.frequency === null || !(o.frequency in frequencyDefs)) return [];
  const def: FrequencyDef = frequencyDefs[o.frequency as FrequencyCode];
  if (def.everyDays === 0) return [];
  if (day.daysSinceStart < 0 || day.daysSinceStart % def.everyDays !== 0) return [];
  return def.times;
}

// ---- Pure rules both sides use ----

const formUnitWords: Record<string, [string, string]> = {
  tablet: ['tablet', 'tablets'],
  capsule: ['capsule', 'capsules'],
  actuation: ['puff', 'puffs'],
  patch: ['patch', 'patches'],
  drop: ['drop', 'drops'],
  unit: ['unit', 'units'],
};

const routeWords: Record<MedicationRoute, { verb: string; phrase: string }> = {
  oral: { verb: 'Take', phrase: 'by mouth' },
  sublingual: { verb: 'Place', phrase: 'under the tongue' },
  topical: { verb: 'Apply', phrase: 'to the skin' },
  transdermal: { verb: 'Apply', phrase: 'to the skin' },
  inhalation: { verb: 'Inhale', phrase: 'by inhalation' },
  intravenous: { verb: 'Give', phrase: 'intravenously' },
  intramuscular: { verb: 'Inject', phrase: 'into the muscle' },
  subcutaneous: { verb: 'Inject', phrase: 'under the skin' },
  rectal: { verb: 'Insert', phrase: 'rectally' },
  ophthalmic: { verb: 'Instil', phrase: 'in the eye' },
  otic: { verb: 'Instil', phrase: 'in the ear' },
  nasal: { verb: 'Use', phrase: 'in the nose' },
  vaginal: { verb: 'Insert', phrase: 'vaginally' },
};

function amount(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** "1 tablet", "2 puffs", "400 mg", "5 mL". */
export function doseText(value: number, unit: DoseUnit): string {
  const words = formUnitWords[unit];
  if (!words) return `${amount(value)} ${unit}`;
  return `${amount(value)} ${value === 1 ? words[0] : words[1]}`;
}

export interface DoseProduct {
  formUnit: FormUnit | null;
  /** mg per form unit of a single-ingredient product (null for combinations). */
  mgPerUnit: number | null;
}

/** mg of one dose, when it can be known: a mass unit, or form units of a known strength. */
export function doseMg(value: number, unit: DoseUnit, mgPerFormUnit: number | null): number | null {
  if (unit === 'mg') return value;
  if (unit === 'mcg') return value / 1000;
  if (unit === 'g') return value * 1000;
  if (mgPerFormUnit === null) return null;
  return value * mgPerFormUnit;
}

/** The dose units a product's form allows: masses always, and its own form unit. */
export function doseUnitsFor(formUnit: FormUnit | null): DoseUnit[] {
  const base: DoseUnit[] = ['mg', 'mcg', 'g'];
  if (formUnit === 'mL') return [...base, 'mL'];
  if (formUnit === 'each' || formUnit === null) return [...base, 'unit'];
  return [...base, formUnit];
}

/** At most this many doses in 24 hours: the frequency's, or the PRN maximum if lower. */
export function maxDosesPerDay(o: {
  frequency: FrequencyCode;
  isPrn: boolean;
  prnMaxDosesPerDay?: number | null | undefined;
}): number {
  const f = frequencyDefs[o.frequency].dosesPerDay;
  return o.isPrn && o.prnMaxDosesPerDay ? Math.min(f, o.prnMaxDosesPerDay) : f;
}

export interface InstructionsInput {
  doseValue: number;
  doseUnit: DoseUnit;
  route: MedicationRoute;
  frequency: FrequencyCode;
  isPrn: boolean;
  prnReason?: string | null | undefined;
  prnMaxDosesPerDay?: number | null | undefined;
  durationDays?: number | null | undefined;
  product: DoseProduct;
}

/**
 * The patient instructions of a prescription, e.g. "Take 1 tablet (400 mg) by mouth every 8
 * hours as needed for pain for 5 days".
 */
export function prescriptionInstructions(i: InstructionsInput): string {
  const words = routeWords[i.route];
  let dose = doseText(i.doseValue, i.doseUnit);
  const mg = doseMg(i.doseValue, i.doseUnit, i.product.mgPerUnit);
  const isMass = i.doseUnit === 'mg' || i.doseUnit === 'mcg' || i.doseUnit === 'g';
  if (!isMass && mg !== null) {
    dose += ` (${amount(mg)} mg)`;
  } else if (isMass && mg !== null && i.product.mgPerUnit && i.product.formUnit) {
    const units = mg / i.product.mgPerUnit;
    const unitWords = formUnitWords[i.product.formUnit];
    if (Number.isInteger(units * 2) && unitWords) {
      dose += ` (${amount(units)} ${units === 1 ? unitWords[0] : unitWords[1]})`;
    } else if (i.product.formUnit === 'mL') {
      dose += ` (${amount(units)} mL)`;
    }
  }
  const parts = [words.verb, dose, words.phrase, frequencyDefs[i.frequency].text];
  if (i.isPrn) parts.push(i.prnReason ? `as needed for ${i.prnReason}` : 'as needed');
  if (i.isPrn && i.prnMaxDosesPerDay) {
    parts.push(`(no more than ${i.prnMaxDosesPerDay} doses in 24 hours)`);
  }
  if (i.durationDays) parts.push(`for ${i.durationDays} ${i.durationDays === 1 ? 'day' : 'days'}`);
  return parts.join(' ');
}

/** Field errors of an order the schema cannot see (pure; the server adds catalogue facts). */
export function prescriptionRuleErrors(
  i: Pick<
    InstructionsInput,
    'doseUnit' | 'frequency' | 'isPrn' | 'prnMaxDosesPerDay' | 'durationDays'
  > & { prnReason?: string | undefined; formUnit: FormUnit | null },
): { path: string; rule: string; message: string }[] {
  const errors: { path: string; rule: string; message: string }[] = [];
  const perDay = frequencyDefs[i.frequency].dosesPerDay;
  if (!i.isPrn && (i.prnMaxDosesPerDay != null || i.prnReason !== undefined)) {
    errors.push({
      path: i.prnMaxDosesPerDay != null ? 'prnMaxDosesPerDay' : 'prnReason',
      rule: 'prn_only',
      message: 'only an as-needed (PRN) order has a PRN reason or maximum',
    });
  }
  if (i.isPrn && i.prnMaxDosesPerDay != null && i.prnMaxDosesPerDay > perDay) {
    errors.push({
      path: 'prnMaxDosesPerDay',
      rule: 'within_frequency',
      message: `${i.frequency} allows at most ${perDay} doses in 24 hours`,
    });
  }
  if (i.frequency === 'once' && i.durationDays != null && i.durationDays > 1) {
    errors.push({
      path: 'durationDays',
      rule: 'single_dose',
      message: 'a single dose lasts one day',
    });
  }
  if (!doseUnitsFor(i.formUnit).includes(i.doseUnit)) {
    errors.push({
      path: 'doseUnit',
      rule: 'fits_product_form',
      message: `the product is dosed in ${doseUnitsFor(i.formUnit).join(', ')}`,
    });
  }
  return errors;
}
