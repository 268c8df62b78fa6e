import { describe, expect, it } from 'vitest';
import {
  assessVitalSet,
  checkVitalLimits,
  computeBmi,
  recordVitalSetInput,
  toCanonical,
  vitalKindOfCode,
} from './vitals.js';

describe('unit conversion to the canonical UCUM unit', () => {
  it.each([
    ['temperature', 98.6, '[degF]', 37],
    ['temperature', 100.4, '[degF]', 38],
    ['temperature', 95, '[degF]', 35],
    ['temperature', 32, '[degF]', 0],
    ['temperature', 37.25, 'Cel', 37.25],
    ['weight', 154, '[lb_av]', 69.853],
    ['weight', 1, '[lb_av]', 0.454],
    ['weight', 3250, 'g', 3.25],
    ['weight', 70, 'kg', 70],
    ['height', 70, '[in_i]', 177.8],
    ['height', 1.75, 'm', 175],
    ['height', 180, 'cm', 180],
  ] as const)('%s %d %s is %d in the canonical unit', (kind, value, unit, expected) => {
    expect(toCanonical(kind, value, unit)).toBe(expected);
  });

  it('computes the BMI to one decimal from kg and cm', () => {
    expect(computeBmi(70, 175)).toBe(22.9);
    expect(computeBmi(69.853, 177.8)).toBe(22.1);
  });
});

describe('physiological limits', () => {
  it.each([
    ['spo2', 100, 'ok'],
    ['spo2', 101, 'impossible'],
    ['spo2', 70, 'ok'],
    ['spo2', 69, 'implausible'],
    ['heartRate', 0, 'impossible'],
    ['heartRate', 220, 'ok'],
    ['heartRate', 221, 'implausible'],
    ['heartRate', 301, 'impossible'],
    ['respiratoryRate', 80, 'implausible'],
    ['respiratoryRate', 81, 'impossible'],
    ['temperature', 24.9, 'impossible'],
    ['temperature', 42, 'ok'],
    ['temperature', 42.1, 'implausible'],
    ['temperature', 45.1, 'impossible'],
  ] as const)('%s %d is %s', (kind, value, verdict) => {
    expect(checkVitalLimits(kind, value)).toBe(verdict);
  });

  it('judges converted values: 113.5 °F (45.3 °C) is impossible, 108 °F (42.2 °C) implausible', () => {
    const hot = assessVitalSet(
      recordVitalSetInput.parse({ temperature: { value: 113.5, unit: '[degF]' } }),
    );
    expect(hot.impossible.map((i) => [i.path, i.rule])).toEqual([
      ['temperature.value', 'physiological_range'],
    ]);
    const warm = assessVitalSet(
      recordVitalSetInput.parse({ temperature: { value: 108, unit: '[degF]' } }),
    );
    expect(warm.impossible).toEqual([]);
    expect(warm.implausible.map((i) => i.path)).toEqual(['temperature.value']);
    expect(warm.values.temperature).toBe(42.22);
  });

  it('refuses systolic at or below diastolic', () => {
    const r = assessVitalSet(
      recordVitalSetInput.parse({ systolic: { value: 70 }, diastolic: { value: 75 } }),
    );
    expect(r.impossible).toContainEqual(
      expect.objectContaining({ path: 'systolic.value', rule: 'systolic_above_diastolic' }),
    );
  });
});

describe('LOINC codes', () => {
  it('reads SpO2 from either code and leaves other codes alone', () => {
    expect(vitalKindOfCode('59408-5')).toBe('spo2');
    expect(vitalKindOfCode('2708-6')).toBe('spo2');
    expect(vitalKindOfCode('8867-4')).toBe('heartRate');
    expect(vitalKindOfCode('2345-7')).toBeUndefined();
  });
});
