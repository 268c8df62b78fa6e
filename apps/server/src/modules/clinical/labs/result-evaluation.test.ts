import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  labStepAllowed,
  numericFlag,
  pickReferenceRange,
  toTestUnit,
  type LabReferenceRange,
  type LabTestDefinition,
} from '@meridian/contracts';
import { AppError } from '../../../platform/errors.js';
import { evaluateValue } from './result-evaluation.js';

const range = (o: Partial<LabReferenceRange>): LabReferenceRange => ({
  sex: 'any',
  ageFromYears: 0,
  ageToYears: null,
  low: null,
  high: null,
  criticalLow: null,
  criticalHigh: null,
  ...o,
});

// Potassium as migration 0460 has it: 3.5-5.1 mmol/L, critical below 2.8 and above 6.2.
const potassium: LabTestDefinition = {
  code: '6298-4',
  name: 'Potassium [Moles/volume] in Blood',
  shortName: 'K',
  specimen: 'blood',
  valueType: 'numeric',
  unit: 'mmol/L',
  decimals: 1,
  answers: null,
  normalAnswers: null,
  conversions: [{ unit: 'meq/L', factor: 1 }],
  ranges: [range({ low: 3.5, high: 5.1, criticalLow: 2.8, criticalHigh: 6.2 })],
};

// Hemoglobin: sex- and age-specific ranges, critical below 7 g/dL.
const hemoglobin: LabTestDefinition = {
  ...potassium,
  code: '718-7',
  shortName: 'Hgb',
  unit: 'g/dL',
  conversions: [{ unit: 'g/L', factor: 0.1 }],
  ranges: [
    range({ ageToYears: 18, low: 11.5, high: 15.5, criticalLow: 7, criticalHigh: 20 }),
    range({ ageFromYears: 18, low: 12, high: 17.5, criticalLow: 7, criticalHigh: 20 }),
    range({
      sex: 'female',
      ageFromYears: 18,
      low: 12,
      high: 15.5,
      criticalLow: 7,
      criticalHigh: 20,
    }),
    range({
      sex: 'male',
      ageFromYears: 18,
      low: 13.5,
      high: 17.5,
      criticalLow: 7,
      criticalHigh: 20,
    }),
  ],
};

const urineNitrite: LabTestDefinition = {
  ...potassium,
  code: '5802-4',
  shortName: 'U Nitrite',
  valueType: 'coded',
  unit: null,
  decimals: null,
  answers: ['negative', 'positive'],
  normalAnswers: ['negative'],
  conversions: [],
  ranges: [],
};

const adultWoman = {
  sex: 'female',
  birthDate: '1980-06-15',
  collectedAt: new Date('2026-01-15T09:00:00Z'),
};
const adultMan = { ...adultWoman, sex: 'male' };
const child = { sex: 'male', birthDate: '2015-03-01', collectedAt: adultWoman.collectedAt };

describe('numeric flags from the reference range and critical limits', () => {
  const k = potassium.ranges[0] ?? null;
  it.each([
    [2.7, 'LL'],
    [2.8, 'L'],
    [3.4, 'L'],
    [3.5, null],
    [5.1, null],
    [5.2, 'H'],
    [6.2, 'H'],
    [6.3, 'HH'],
  ] as const)('potassium %s mmol/L is flagged %s', (value, flag) => {
    expect(numericFlag(value, k)).toBe(flag);
  });

  it('flags only the sides a range has (HDL has no upper limit)', () => {
    const hdl = range({ low: 40 });
    expect(numericFlag(95, hdl)).toBeNull();
    expect(numericFlag(39, hdl)).toBe('L');
  });

  it('flags nothing without a range', () => {
    expect(numericFlag(1000, null)).toBeNull();
  });
});

describe('the reference range for a patient', () => {
  it.each([
    ['a woman', { sex: 'female', ageYears: 45 }, 15.5],
    ['a man', { sex: 'male', ageYears: 45 }, 17.5],
    ['an adult of unknown sex', { sex: 'unknown', ageYears: 45 }, 17.5],
    ['a child (no sex-specific child band)', { sex: 'male', ageYears: 10 }, 15.5],
    ['a patient of unknown age', { sex: 'female', ageYears: null }, 15.5],
  ] as const)('%s gets the right band', (_who, patient, high) => {
    expect(pickReferenceRange(hemoglobin.ranges, patient)?.high).toBe(high);
  });

  it('counts age in whole years at collection (the day before a birthday is a year less)', () => {
    expect(ageInYears('2008-01-16', new Date('2026-01-15T12:00:00Z'))).toBe(17);
    expect(ageInYears('2008-01-15', new Date('2026-01-15T12:00:00Z'))).toBe(18);
  });
});

describe('units', () => {
  it('takes the test unit as is, and converts a listed unit by its factor', () => {
    expect(toTestUnit(4.24, 'mmol/L', potassium)).toBe(4.2);
    expect(toTestUnit(4.2, 'mEq/L', potassium)).toBe(4.2);
    expect(toTestUnit(135, 'g/L', hemoglobin)).toBe(13.5);
  });

  it('refuses a unit it cannot convert (never guesses)', () => {
    expect(toTestUnit(4.2, 'mg/dL', potassium)).toBeNull();
    expect(toTestUnit(4.2, 'MMOL/L', potassium)).toBeNull();
  });
});

describe('evaluating an entered value', () => {
  it('flags a woman’s hemoglobin of 15.8 g/dL high, a man’s not', () => {
    const value = { kind: 'numeric', value: 15.8, unit: 'g/dL' } as const;
    expect(evaluateValue(hemoglobin, value, adultWoman, 'v').flag).toBe('H');
    expect(evaluateValue(hemoglobin, value, adultMan, 'v').flag).toBeNull();
  });

  it('flags a child against the paediatric band', () => {
    const value = { kind: 'numeric', value: 16, unit: 'g/dL' } as const;
    const evaluated = evaluateValue(hemoglobin, value, child, 'v');
    expect(evaluated).toMatchObject({ flag: 'H', rangeLow: 11.5, rangeHigh: 15.5 });
  });

  it('keeps what was entered beside the converted value', () => {
    const value = { kind: 'numeric', value: 65, unit: 'g/L' } as const;
    expect(evaluateValue(hemoglobin, value, adultWoman, 'v')).toMatchObject({
      valueNumeric: 6.5,
      unit: 'g/dL',
      enteredValue: 65,
      enteredUnit: 'g/L',
      flag: 'LL',
    });
  });

  it('refuses a wrong unit naming the field', () => {
    const run = () =>
      evaluateValue(
        potassium,
        { kind: 'numeric', value: 4, unit: 'mg/dL' },
        adultMan,
        'results.0.value',
      );
    expect(run).toThrow(AppError);
    try {
      run();
    } catch (err) {
      expect((err as AppError).code).toBe('lab.unit_mismatch');
      expect((err as AppError).details.errors?.[0]?.path).toBe('results.0.value.unit');
    }
  });

  it('flags a coded answer other than the normal ones A, and refuses an unknown answer', () => {
    expect(
      evaluateValue(urineNitrite, { kind: 'coded', code: 'positive' }, adultMan, 'v').flag,
    ).toBe('A');
    expect(
      evaluateValue(urineNitrite, { kind: 'coded', code: 'negative' }, adultMan, 'v').flag,
    ).toBeNull();
    expect(() =>
      evaluateValue(urineNitrite, { kind: 'coded', code: 'maybe' }, adultMan, 'v'),
    ).toThrow(/not an answer/);
  });

  it('refuses a number for a coded test and a code for a numeric one', () => {
    expect(() =>
      evaluateValue(urineNitrite, { kind: 'numeric', value: 1, unit: '1' }, adultMan, 'v'),
    ).toThrow(/coded/);
    expect(() => evaluateValue(potassium, { kind: 'coded', code: 'high' }, adultMan, 'v')).toThrow(
      /numeric/,
    );
  });
});

describe('the order state machine', () => {
  it.each([
    ['collect', 'ordered', null, true],
    ['collect', 'collected', null, false],
    ['result', 'ordered', null, false],
    ['result', 'collected', null, true],
    ['result', 'resulted', 'preliminary', true],
    ['result', 'resulted', 'final', false],
    ['cancel', 'ordered', null, true],
    ['cancel', 'collected', null, true],
    ['cancel', 'resulted', 'preliminary', false],
    ['cancel', 'cancelled', null, false],
  ] as const)('%s from %s (%s): %s', (step, status, reportStatus, allowed) => {
    expect(labStepAllowed(step, { status, reportStatus })).toBe(allowed);
  });
});
