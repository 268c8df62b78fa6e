import { describe, expect, it } from 'vitest';
import { birthDateVariants } from './blocking.js';
import { compareBirthDates } from './scorer.js';

describe('birthDateVariants', () => {
  const variants = birthDateVariants('1980-03-04');

  it('includes the day/month transposition and one-digit slips of each part', () => {
    expect(variants).toEqual(
      expect.arrayContaining(['1980-04-03', '1981-03-04', '1980-03-14', '1980-08-04']),
    );
  });

  it('leaves out impossible dates and the date itself', () => {
    expect(variants).not.toContain('1980-03-04');
    expect(variants).not.toContain('1980-13-04');
    expect(variants).not.toContain('1980-03-44');
    expect(variants.every((v) => compareBirthDates(v, '1980-03-04') !== 'exact')).toBe(true);
  });

  it('finds every date the scorer calls transposed or one digit off', () => {
    for (const v of variants) {
      expect(['transposed_day_month', 'one_digit_off']).toContain(
        compareBirthDates(v, '1980-03-04'),
      );
    }
    expect(variants.length).toBeLessThanOrEqual(72);
  });
});
