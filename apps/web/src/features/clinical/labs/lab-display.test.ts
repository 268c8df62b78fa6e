import { describe, expect, it } from 'vitest';
import type { LabTestDefinition } from '@meridian/contracts';
import { formatRange, liveFlag } from './lab-display';

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
  ranges: [
    {
      sex: 'any',
      ageFromYears: 0,
      ageToYears: null,
      low: 3.5,
      high: 5.1,
      criticalLow: 2.8,
      criticalHigh: 6.2,
    },
  ],
};
const patient = { sexAtBirth: 'female', birthDate: '1970-01-01' };
const at = new Date('2026-01-15T09:00:00Z');

describe('the flag shown while the lab types', () => {
  it.each([
    ['', null],
    ['abc', null],
    ['4.0', null],
    ['5.5', 'H'],
    ['6.5', 'HH'],
    ['2.5', 'LL'],
  ])('%s mmol/L shows %s', (value, flag) => {
    expect(liveFlag(potassium, { value, unit: 'mmol/L' }, patient, at)).toBe(flag);
  });

  it('says so when the unit cannot be converted', () => {
    expect(liveFlag(potassium, { value: '4', unit: 'mg/dL' }, patient, at)).toBe('unit');
  });

  it('writes one-sided ranges with their side', () => {
    expect(formatRange(40, null)).toBe('≥ 40');
    expect(formatRange(null, 199)).toBe('≤ 199');
    expect(formatRange(3.5, 5.1)).toBe('3.5–5.1');
  });
});
