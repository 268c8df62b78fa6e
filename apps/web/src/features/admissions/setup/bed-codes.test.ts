import { describe, expect, it } from 'vitest';
import { expandBedCodes } from './bed-codes';

describe('expandBedCodes', () => {
  it.each([
    ['A-D', ['401-A', '401-B', '401-C', '401-D']],
    ['1-3', ['401-1', '401-2', '401-3']],
    ['a, c', ['401-A', '401-C']],
    ['A-B C', ['401-A', '401-B', '401-C']],
    ['A, A', ['401-A']],
    ['', ['401']],
  ])('reads "%s"', (entry, codes) => {
    expect(expandBedCodes('401', entry)).toEqual(codes);
  });

  it.each([['D-A'], ['A-3'], ['A-Z', 5], ['A_B'], ['LONGER']])(
    'refuses "%s"',
    (entry, max?: number) => {
      expect(expandBedCodes('401', entry, max ?? 26)).toBeNull();
    },
  );
});
