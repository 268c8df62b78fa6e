// NEWS2: the National Early Warning Score 2 of the Royal College of Physicians (RCP,
// "National Early Warning Score (NEWS) 2", December 2017), chart 1 (the scoring system) and
// chart 2 (the clinical response). Pure: the server scores each vital set with it and the
// web shows the same score live as the nurse types.

/** ACVPU: Alert, new Confusion, responds to Voice, to Pain, Unresponsive. */
export const acvpuLevels = ['A', 'C', 'V', 'P', 'U'] as const;
export type Acvpu = (typeof acvpuLevels)[number];

/** Scale 1 for everyone; scale 2 only for hypercapnic respiratory failure with a 88-92 % target. */
export type Spo2Scale = 1 | 2;

/** The seven NEWS2 parameters as recorded; missing ones are undefined. */
export interface News2Input {
  respiratoryRate?: number | undefined;
  spo2?: number | undefined;
  /** Chart 1 "Air or oxygen?": any supplemental oxygen scores 2. */
  onOxygen: boolean;
  systolic?: number | undefined;
  pulse?: number | undefined;
  consciousness?: Acvpu | undefined;
  /** Degrees Celsius. */
  temperature?: number | undefined;
  spo2Scale: Spo2Scale;
}

export const news2Parameters = [
  'respiratoryRate',
  'spo2',
  'airOrOxygen',
  'systolic',
  'pulse',
  'consciousness',
  'temperature',
] as const;
export type News2Parameter = (typeof news2Parameters)[number];

/**
 * Chart 2's clinical risk: `low` (aggregate 0-4), `low_medium` (a single red score of 3,
 * aggregate under 5: urgent ward-based response), `medium` (5-6: key threshold for urgent
 * response), `high` (7 or more: emergency response).
 */
export const news2Bands = ['low', 'low_medium', 'medium', 'high'] as const;
export type News2Band = (typeof news2Bands)[number];

export interface News2Result {
  /** Each recorded parameter's score (0-3). */
  scores: Partial<Record<News2Parameter, number>>;
  /** The parameters not recorded: NEWS2 has no aggregate without all seven. */
  missing: News2Parameter[];
  /** The aggregate, null unless every parameter was recorded. */
  total: number | null;
  band: News2Band | null;
  /** Some parameter scored 3 (a "red" score). */
  hasRedScore: boolean;
  /**
   * The alert the chart and bed board raise: an aggregate of 5 or more, or any single
   * parameter scoring 3 (a red score raises it even when other parameters are missing).
   */
  isAlert: boolean;
}

// Tricky: the chart's rows are whole numbers (temperature to one decimal). Values in between
// (an imported 20.6 breaths/min, 35.04 °C) are rounded to the chart's precision first, half
// away from zero, so every value falls in exactly one row.
const whole = (n: number) => Math.round(n);
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** Chart 1, respiration rate (per minute): <=8 3; 9-11 1; 12-20 0; 21-24 2; >=25 3. */
export function scoreRespiratoryRate(perMinute: number): number {
  const v = whole(perMinute);
  if (v <= 8) return 3;
  if (v <= 11) return 1;
  if (v <= 20) return 0;
  if (v <= 24) return 2;
  return 3;
}

/** Chart 1, SpO2 scale 1 (%): <=91 3; 92-93 2; 94-95 1; >=96 0. Oxygen does not change it. */
export function scoreSpo2Scale1(percent: number): number {
  const v = whole(percent);
  if (v <= 91) return 3;
  if (v <= 93) return 2;
  if (v <= 95) return 1;
  return 0;
}

/**
 * Chart 1, SpO2 scale 2 (%), for a prescribed target of 88-92 %: <=83 3; 84-85 2; 86-87 1;
 * 88-92 0; >=93 on air 0; on oxygen 93-94 1, 95-96 2, >=97 3 (over-oxygenation).
 */
export function scoreSpo2Scale2(percent: number, onOxygen: boolean): number {
  const v = whole(percent);
  if (v <= 83) return 3;
  if (v <= 85) return 2;
  if (v <= 87) return 1;
  if (v <= 92 || !onOxygen) return 0;
  if (v <= 94) return 1;
  if (v <= 96) return 2;
  return 3;
}

/** Chart 1, air or oxygen: oxygen 2; air 0. */
export function scoreAirOrOxygen(onOxygen: boolean): number {
  return onOxygen ? 2 : 0;
}

/** Chart 1, systolic blood pressure (mmHg): <=90 3; 91-100 2; 101-110 1; 111-219 0; >=220 3. */
export function scoreSystolic(mmHg: number): number {
  const v = whole(mmHg);
  if (v <= 90) return 3;
  if (v <= 100) return 2;
  if (v <= 110) return 1;
  if (v <= 219) return 0;
  return 3;
}

/** Chart 1, pulse (per minute): <=40 3; 41-50 1; 51-90 0; 91-110 1; 111-130 2; >=131 3. */
export function scorePulse(perMinute: number): number {
  const v = whole(perMinute);
  if (v <= 40) return 3;
  if (v <= 50) return 1;
  if (v <= 90) return 0;
  if (v <= 110) return 1;
  if (v <= 130) return 2;
  return 3;
}

/** Chart 1, consciousness: Alert 0; new Confusion, Voice, Pain or Unresponsive 3. */
export function scoreConsciousness(level: Acvpu): number {
  return level === 'A' ? 0 : 3;
}

/** Chart 1, temperature (°C): <=35.0 3; 35.1-36.0 1; 36.1-38.0 0; 38.1-39.0 1; >=39.1 2. */
export function scoreTemperature(celsius: number): number {
  const v = oneDecimal(celsius);
  if (v <= 35.0) return 3;
  if (v <= 36.0) return 1;
  if (v <= 38.0) return 0;
  if (v <= 39.0) return 1;
  return 2;
}

/** Chart 2: the clinical-risk band of a complete set's aggregate and red-score flag. */
export function news2Band(total: number, hasRedScore: boolean): News2Band {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (hasRedScore) return 'low_medium';
  return 'low';
}

/** The alert rule: aggregate 5 or more, or any single parameter scoring 3. */
export function isNews2Alert(total: number | null, hasRedScore: boolean): boolean {
  return hasRedScore || (total !== null && total >= 5);
}

/** Scores a set: each recorded parameter, and the aggregate and band when all seven are there. */
export function scoreNews2(input: News2Input): News2Result {
  const scores: Partial<Record<News2Parameter, number>> = {};
  const missing: News2Parameter[] = [];
  const put = <T>(p: News2Parameter, value: T | undefined, score: (v: T) => number) => {
    if (value === undefined) missing.push(p);
    else scores[p] = score(value);
  };
  put('respiratoryRate', input.respiratoryRate, scoreRespiratoryRate);
  put('spo2', input.spo2, (v) =>
    input.spo2Scale === 2 ? scoreSpo2Scale2(v, input.onOxygen) : scoreSpo2Scale1(v),
  );
  scores.airOrOxygen = scoreAirOrOxygen(input.onOxygen);
  put('systolic', input.systolic, scoreSystolic);
  put('pulse', input.pulse, scorePulse);
  put('consciousness', input.consciousness, scoreConsciousness);
  put('temperature', input.temperature, scoreTemperature);
  const hasRedScore = Object.values(scores).some((s) => s === 3);
  const total = missing.length === 0 ? Object.values(scores).reduce((sum, s) => sum + s, 0) : null;
  return {
    scores,
    missing,
    total,
    band: total === null ? null : news2Band(total, hasRedScore),
    hasRedScore,
    isAlert: isNews2Alert(total, hasRedScore),
  };
}
