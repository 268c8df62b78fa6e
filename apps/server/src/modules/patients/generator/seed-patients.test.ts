import { describe, expect, it } from 'vitest';
import { parseCount } from './seed-patients.js';

describe('the seed patients command line', () => {
  it('reads whole numbers', () => {
    expect(parseCount('--count', '1000000', { min: 1 })).toBe(1_000_000);
    expect(parseCount('--seed', '0', { min: 0 })).toBe(0);
  });

  it.each(['', 'abc', '1e6', '-5', '2.5', '0'])(
    'refuses "%s" for --count, naming the flag',
    (text) => {
      expect(() => parseCount('--count', text, { min: 1 })).toThrow(
        /--count must be a whole number >= 1/,
      );
    },
  );
});
