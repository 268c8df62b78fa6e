import { z } from 'zod';
import { instant, page, pageQuery, singleLine, uuid } from './common.js';
import { acvpuLevels, news2Bands, news2Parameters, type Acvpu, type News2Input } from './news2.js';

// Vital signs as LOINC-coded observations with UCUM units (the FHIR vital-signs profile's
// codes), the set they were taken in, and its NEWS2 score.

export const observationCategories = [
  'vital-signs',
  'laboratory',
  'survey',
  'exam',
  'other',
] as const;
export type ObservationCategory = (typeof observationCategories)[number];

export const vitalKinds = [
  'systolic',
  'diastolic',
  'heartRate',
  'respiratoryRate',
  'temperature',
  'spo2',
  'weight',
  'height',
  'bmi',
  'pain',
  'consciousness',
] as const;
export type VitalKind = (typeof vitalKinds)[number];

/** A vital's LOINC code, display and canonical UCUM unit (null: a coded value). */
export interface VitalCode {
  code: string;
  display: string;
  unit: string | null;
}

// LOINC codes of the FHIR R4 vital-signs profile; ACVPU as LOINC 67775-7 (level of
// responsiveness) with a local code for each level.
export const vitalCodes: Record<VitalKind, VitalCode> = {
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]' },
  heartRate: { code: '8867-4', display: 'Heart rate', unit: '/min' },
  respiratoryRate: { code: '9279-1', display: 'Respiratory rate', unit: '/min' },
  temperature: { code: '8310-5', display: 'Body temperature', unit: 'Cel' },
  spo2: {
    code: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
  },
  weight: { code: '29463-7', display: 'Body weight', unit: 'kg' },
  height: { code: '8302-2', display: 'Body height', unit: 'cm' },
  bmi: { code: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2' },
  pain: { code: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating', unit: '{score}' },
  consciousness: { code: '67775-7', display: 'Level of responsiveness (ACVPU)', unit: null },
};
/** The blood pressure panel the two pressures belong to. */
export const bloodPressurePanelCode = '85354-9';
/** SpO2 by other methods: read as SpO2 too (imported records use either). */
export const spo2AlternateCode = '2708-6';
export const acvpuCodeSystem = 'urn:meridian:acvpu';
export const acvpuDisplay: Record<Acvpu, string> = {
  A: 'Alert',
  C: 'New confusion',
  V: 'Responds to voice',
  P: 'Responds to pain',
  U: 'Unresponsive',
};

/** The kind of a LOINC code, for flowsheet rows; undefined for codes that are not vitals. */
export function vitalKindOfCode(code: string): VitalKind | undefined {
  if (code === spo2AlternateCode) return 'spo2';
  return vitalKinds.find((k) => vitalCodes[k].code === code);
}

// ---- Units: accepted per vital, converted to the canonical unit ----

/** UCUM units accepted per vital; the first is canonical. */
export const acceptedUnits = {
  systolic: ['mm[Hg]'],
  diastolic: ['mm[Hg]'],
  heartRate: ['/min'],
  respiratoryRate: ['/min'],
  temperature: ['Cel', '[degF]'],
  spo2: ['%'],
  weight: ['kg', '[lb_av]', 'g'],
  height: ['cm', '[in_i]', 'm'],
  pain: ['{score}'],
} as const;
export type MeasuredVital = keyof typeof acceptedUnits;

const unitFactors: Record<string, (v: number) => number> = {
  // UCUM [degF]: (°F - 32) × 5/9; [lb_av] = 0.45359237 kg; [in_i] = 2.54 cm.
  '[degF]': (f) => ((f - 32) * 5) / 9,
  '[lb_av]': (lb) => lb * 0.45359237,
  g: (g) => g / 1000,
  '[in_i]': (inch) => inch * 2.54,
  m: (m) => m * 100,
};

/** Decimal places kept in the canonical unit (temperature to 0.01 °C, weight to grams). */
const canonicalDecimals: Record<MeasuredVital, number> = {
  systolic: 0,
  diastolic: 0,
  heartRate: 0,
  respiratoryRate: 0,
  temperature: 2,
  spo2: 0,
  weight: 3,
  height: 1,
  pain: 0,
};

function roundTo(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

/** `value` in `unit` expressed in the vital's canonical unit (e.g. 98.6 [degF] -> 37 Cel). */
export function toCanonical(kind: MeasuredVital, value: number, unit: string): number {
  const convert = unitFactors[unit];
  const canonical = convert && unit !== acceptedUnits[kind][0] ? convert(value) : value;
  return roundTo(canonical, canonicalDecimals[kind]);
}

/** BMI in kg/m2 from kg and cm, to one decimal. */
export function computeBmi(weightKg: number, heightCm: number): number {
  const m = heightCm / 100;
  return roundTo(weightKg / (m * m), 1);
}

// ---- Physiological limits (canonical units) ----

/**
 * `impossible`: no living patient has it (refused outright). `implausible`: possible but
 * far enough out that it is usually a typo; stored only when the user confirms it.
 * Bounds are inclusive of the accepted side: a value v is impossible when v < min or
 * v > max, implausible when v < low or v > high.
 */
export interface VitalLimits {
  min: number;
  max: number;
  low: number;
  high: number;
}

export const vitalLimits: Record<MeasuredVital, VitalLimits> = {
  systolic: { min: 20, max: 300, low: 50, high: 250 },
  diastolic: { min: 10, max: 200, low: 30, high: 150 },
  // HR 0 or over 300 is impossible; over 220 or under 30 is implausible.
  heartRate: { min: 1, max: 300, low: 30, high: 220 },
  respiratoryRate: { min: 1, max: 80, low: 6, high: 60 },
  temperature: { min: 25, max: 45, low: 32, high: 42 },
  spo2: { min: 1, max: 100, low: 70, high: 100 },
  weight: { min: 0.2, max: 650, low: 1, high: 300 },
  height: { min: 20, max: 280, low: 40, high: 230 },
  pain: { min: 0, max: 10, low: 0, high: 10 },
};

/** Supplemental oxygen flow, litres per minute (high-flow nasal oxygen goes to 60-70). */
export const oxygenFlowLimits = { min: 0.1, max: 80 };

export type LimitVerdict = 'ok' | 'impossible' | 'implausible';

export function checkVitalLimits(kind: MeasuredVital, canonicalValue: number): LimitVerdict {
  const l = vitalLimits[kind];
  if (canonicalValue < l.min || canonicalValue > l.max) return 'impossible';
  if (canonicalValue < l.low || canonicalValue > l.high) return 'implausible';
  return 'ok';
}

// ---- Recording a set ----

const number = z.number().finite();
function measure<K extends MeasuredVital>(kind: K) {
  const units = acceptedUnits[kind] as unknown as [string, ...string[]];
  return z.strictObject({
    value: number,
    unit: z.enum(units).default(units[0]),
  });
}

export const oxygenDevices = [
  'nasal_cannula',
  'simple_mask',
  'venturi_mask',
  'non_rebreather',
  'high_flow_nasal',
  'cpap',
  'niv',
  'tracheostomy',
  'other',
] as const;
export type OxygenDevice = (typeof oxygenDevices)[number];

/**
 * POST /api/v1/patients/:id/vital-sets. Every measurement optional, at least one needed.
 * Measured values are `{ value, unit }` with the vital's accepted UCUM units (canonical
 * by default). `confirmImplausible` stores values outside the plausible range after the
 * user confirmed them (the first answer, 422 vitals.implausible_unconfirmed, lists them).
 */
export const recordVitalSetInput = z.strictObject({
  encounterId: uuid.optional(),
  takenAt: instant.optional(),
  systolic: measure('systolic').optional(),
  diastolic: measure('diastolic').optional(),
  heartRate: measure('heartRate').optional(),
  respiratoryRate: measure('respiratoryRate').optional(),
  temperature: measure('temperature').optional(),
  spo2: measure('spo2').optional(),
  weight: measure('weight').optional(),
  height: measure('height').optional(),
  pain: measure('pain').optional(),
  consciousness: z.enum(acvpuLevels).optional(),
  onSupplementalOxygen: z.boolean().default(false),
  oxygenFlowLpm: number.optional(),
  oxygenDevice: z.enum(oxygenDevices).optional(),
  confirmImplausible: z.boolean().default(false),
});
export type RecordVitalSetInput = z.input<typeof recordVitalSetInput>;

export const vitalSetErrorInput = z.strictObject({ reason: singleLine(500) });

// ---- Answers ----

export const vitalSetStatuses = ['final', 'entered_in_error'] as const;
export type VitalSetStatus = (typeof vitalSetStatuses)[number];

export const news2Summary = z.object({
  total: z.number().int().nullable(),
  band: z.enum(news2Bands).nullable(),
  hasRedScore: z.boolean(),
  isAlert: z.boolean(),
  scores: z.partialRecord(z.enum(news2Parameters), z.number().int()),
  missing: z.array(z.enum(news2Parameters)),
  spo2Scale: z.union([z.literal(1), z.literal(2)]),
});
export type News2Summary = z.infer<typeof news2Summary>;

export const observationValue = z.object({
  id: uuid,
  code: z.string(),
  display: z.string(),
  kind: z.enum(vitalKinds).nullable(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  valueCode: z.string().nullable(),
  valueText: z.string().nullable(),
});
export type ObservationValue = z.infer<typeof observationValue>;

export const vitalSet = z.object({
  id: uuid,
  patientId: uuid,
  encounterId: uuid.nullable(),
  takenAt: instant,
  recordedAt: instant,
  recordedBy: uuid.nullable(),
  recordedByName: z.string().nullable(),
  onSupplementalOxygen: z.boolean(),
  oxygenFlowLpm: z.number().nullable(),
  oxygenDevice: z.enum(oxygenDevices).nullable(),
  consciousness: z.enum(acvpuLevels).nullable(),
  news2: news2Summary,
  status: z.enum(vitalSetStatuses),
  errorReason: z.string().nullable(),
  observations: z.array(observationValue),
  version: z.number().int(),
});
export type VitalSet = z.infer<typeof vitalSet>;

export const vitalSetPage = page(vitalSet);
export type VitalSetPage = z.infer<typeof vitalSetPage>;
export const vitalSetQuery = pageQuery.extend({ encounterId: uuid.optional() });

/** GET /api/v1/patients/:id/vitals/flowsheet: values per code in [from, to). */
export const flowsheetQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  /** LOINC codes to show; the vital signs when none. */
  code: z
    .union([z.string().max(40), z.array(z.string().max(40)).max(30)])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  /** Points per code, newest kept when more fall in the range. */
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const flowsheetPoint = z.object({
  observationId: uuid,
  vitalSetId: uuid.nullable(),
  at: instant,
  value: z.number().nullable(),
  valueCode: z.string().nullable(),
  valueText: z.string().nullable(),
});
export const flowsheetRow = z.object({
  code: z.string(),
  display: z.string(),
  kind: z.enum(vitalKinds).nullable(),
  unit: z.string().nullable(),
  points: z.array(flowsheetPoint),
});
export const news2Point = z.object({
  vitalSetId: uuid,
  at: instant,
  total: z.number().int().nullable(),
  band: z.enum(news2Bands).nullable(),
  isAlert: z.boolean(),
});
export type News2Point = z.infer<typeof news2Point>;
export const flowsheet = z.object({
  from: instant,
  to: instant,
  rows: z.array(flowsheetRow),
  news2: z.array(news2Point),
});
export type Flowsheet = z.infer<typeof flowsheet>;
export type FlowsheetRow = z.infer<typeof flowsheetRow>;

/** GET /api/v1/patients/:id/vitals/latest: the chart summary's vitals and NEWS2. */
export const latestVitals = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      display: z.string(),
      kind: z.enum(vitalKinds).nullable(),
      value: z.number().nullable(),
      unit: z.string().nullable(),
      valueCode: z.string().nullable(),
      at: instant,
      vitalSetId: uuid.nullable(),
    }),
  ),
  /** The latest set that scored NEWS2 (complete, or with a red score), if any. */
  news2: news2Point.nullable(),
  spo2Scale: z.union([z.literal(1), z.literal(2)]),
});
export type LatestVitals = z.infer<typeof latestVitals>;

// ---- The patient's SpO2 scale ----

/** PUT /api/v1/patients/:id/spo2-scale (If-Match: the current version, "0" when never set). */
export const setSpo2ScaleInput = z.strictObject({
  scale: z.union([z.literal(1), z.literal(2)]),
  /** Why: e.g. the hypercapnic respiratory failure and the prescribed 88-92 % target. */
  reason: singleLine(500),
});
export const spo2ScaleChange = z.object({
  scale: z.union([z.literal(1), z.literal(2)]),
  reason: z.string().nullable(),
  changedBy: uuid.nullable(),
  changedByName: z.string().nullable(),
  changedAt: instant,
  version: z.number().int(),
});
export const spo2ScaleSetting = z.object({
  patientId: uuid,
  scale: z.union([z.literal(1), z.literal(2)]),
  /** 0 while never set (scale 1 by default). */
  version: z.number().int(),
  history: z.array(spo2ScaleChange),
});
export type Spo2ScaleSetting = z.infer<typeof spo2ScaleSetting>;

// ---- Assessing a set before it is stored (server) or while it is typed (web) ----

type ParsedVitalSet = z.output<typeof recordVitalSetInput>;

export interface VitalIssue {
  path: string;
  rule: string;
  message: string;
}

export interface AssessedVitalSet {
  /** Each recorded measurement in its canonical unit. */
  values: Partial<Record<MeasuredVital, number>>;
  /** Refused outright: no living patient has these values (or the set is inconsistent). */
  impossible: VitalIssue[];
  /** Stored only when confirmed (confirmImplausible). */
  implausible: VitalIssue[];
}

const measuredKinds = Object.keys(acceptedUnits) as MeasuredVital[];

function fmt(n: number): string {
  return String(n);
}

/**
 * Converts each measurement to its canonical unit and sorts out what is physiologically
 * impossible (refused), implausible (needs confirming), and inconsistent (systolic not
 * above diastolic, one pressure without the other, oxygen details while on air).
 */
export function assessVitalSet(input: ParsedVitalSet): AssessedVitalSet {
  const values: Partial<Record<MeasuredVital, number>> = {};
  const impossible: VitalIssue[] = [];
  const implausible: VitalIssue[] = [];
  for (const kind of measuredKinds) {
    const m = input[kind];
    if (!m) continue;
    const v = toCanonical(kind, m.value, m.unit);
    const l = vitalLimits[kind];
    const unit = acceptedUnits[kind][0];
    const verdict = checkVitalLimits(kind, v);
    if (verdict === 'impossible') {
      impossible.push({
        path: `${kind}.value`,
        rule: 'physiological_range',
        message: `must be between ${fmt(l.min)} and ${fmt(l.max)} ${unit}`,
      });
    } else if (verdict === 'implausible') {
      implausible.push({
        path: `${kind}.value`,
        rule: 'implausible',
        message: `outside ${fmt(l.low)}-${fmt(l.high)} ${unit}: confirm it is right`,
      });
    }
    if (
      (kind === 'heartRate' ||
        kind === 'respiratoryRate' ||
        kind === 'spo2' ||
        kind === 'systolic' ||
        kind === 'diastolic' ||
        kind === 'pain') &&
      !Number.isInteger(m.value)
    ) {
      impossible.push({
        path: `${kind}.value`,
        rule: 'integer',
        message: 'must be a whole number',
      });
    }
    values[kind] = v;
  }
  checkConsistency(input, values, impossible);
  return { values, impossible, implausible };
}

function checkConsistency(
  input: ParsedVitalSet,
  values: Partial<Record<MeasuredVital, number>>,
  impossible: VitalIssue[],
): void {
  if ((values.systolic === undefined) !== (values.diastolic === undefined)) {
    const missing = values.systolic === undefined ? 'systolic' : 'diastolic';
    impossible.push({
      path: missing,
      rule: 'blood_pressure_pair',
      message: 'blood pressure needs both systolic and diastolic',
    });
  }
  if (
    values.systolic !== undefined &&
    values.diastolic !== undefined &&
    values.systolic <= values.diastolic
  ) {
    impossible.push({
      path: 'systolic.value',
      rule: 'systolic_above_diastolic',
      message: 'systolic must be higher than diastolic',
    });
  }
  if (!input.onSupplementalOxygen && (input.oxygenFlowLpm !== undefined || input.oxygenDevice)) {
    impossible.push({
      path: input.oxygenFlowLpm !== undefined ? 'oxygenFlowLpm' : 'oxygenDevice',
      rule: 'requires_oxygen',
      message: 'oxygen flow and device are recorded only on supplemental oxygen',
    });
  }
  const flow = input.oxygenFlowLpm;
  if (flow !== undefined && (flow < oxygenFlowLimits.min || flow > oxygenFlowLimits.max)) {
    impossible.push({
      path: 'oxygenFlowLpm',
      rule: 'physiological_range',
      message: `must be between ${fmt(oxygenFlowLimits.min)} and ${fmt(oxygenFlowLimits.max)} L/min`,
    });
  }
  const hasMeasurement =
    measuredKinds.some((k) => input[k] !== undefined) || input.consciousness !== undefined;
  if (!hasMeasurement) {
    impossible.push({
      path: 'systolic',
      rule: 'at_least_one_vital',
      message: 'record at least one vital sign',
    });
  }
}

/** The NEWS2 parameters of an assessed set (SpO2 from either code, pulse = heart rate). */
export function news2InputOf(
  values: Partial<Record<MeasuredVital, number>>,
  o: { onOxygen: boolean; consciousness?: Acvpu | undefined; spo2Scale: 1 | 2 },
): News2Input {
  return {
    respiratoryRate: values.respiratoryRate,
    spo2: values.spo2,
    onOxygen: o.onOxygen,
    systolic: values.systolic,
    pulse: values.heartRate,
    consciousness: o.consciousness,
    temperature: values.temperature,
    spo2Scale: o.spo2Scale,
  };
}
