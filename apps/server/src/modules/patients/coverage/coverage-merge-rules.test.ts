import { describe, expect, it } from 'vitest';
import { coverageMergeConflicts, type DatedCoverage } from './coverage-merge-rules.js';

let n = 0;
function cov(
  priority: DatedCoverage['priority'],
  from: string,
  to: string | null = null,
  status: DatedCoverage['status'] = 'active',
): DatedCoverage {
  n += 1;
  return { id: `c${n}`, priority, status, effectiveFrom: from, effectiveTo: to };
}

describe('coverageMergeConflicts', () => {
  it('finds nothing when the periods of one priority do not meet', () => {
    const kept = [cov('primary', '2025-01-01')];
    expect(coverageMergeConflicts([cov('primary', '2024-01-01', '2024-12-31')], kept)).toEqual([]);
  });

  it('counts a shared last and first day as overlap (dates are inclusive)', () => {
    const kept = [cov('primary', '2025-01-01')];
    const moving = cov('primary', '2024-01-01', '2025-01-01');
    expect(coverageMergeConflicts([moving], kept)).toEqual([
      expect.objectContaining({ source: 'coverage', field: 'coverages.primary' }),
    ]);
  });

  it('treats a coverage without an end as running on for ever', () => {
    const kept = [cov('secondary', '2030-05-01', '2030-06-01')];
    expect(coverageMergeConflicts([cov('secondary', '2020-01-01')], kept)).toHaveLength(1);
  });

  it('ignores other priorities and coverages that are not active on either side', () => {
    const kept = [cov('primary', '2025-01-01'), cov('secondary', '2025-01-01', null, 'cancelled')];
    const moving = [
      cov('secondary', '2025-01-01'),
      cov('primary', '2025-01-01', null, 'entered_in_error'),
      cov('tertiary', '2025-01-01'),
    ];
    expect(coverageMergeConflicts(moving, kept)).toEqual([]);
  });
});
