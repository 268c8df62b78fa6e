import type { MergeConflict } from '../../../platform/patient-merge.js';

export interface DatedCoverage {
  id: string;
  priority: 'primary' | 'secondary' | 'tertiary';
  status: 'active' | 'cancelled' | 'entered_in_error';
  effectiveFrom: string;
  effectiveTo: string | null;
}

const openEnd = '9999-12-31';

/** Inclusive date ranges overlap (ISO dates compare as strings; no end is open-ended). */
function overlaps(a: DatedCoverage, b: DatedCoverage): boolean {
  return (
    a.effectiveFrom <= (b.effectiveTo ?? openEnd) && b.effectiveFrom <= (a.effectiveTo ?? openEnd)
  );
}

/**
 * What moving the duplicate's coverages to the survivor would break: an active coverage
 * overlapping an active survivor coverage of the same priority (the survivor would have two
 * primaries on one day). Cancelled and entered-in-error coverages move freely. Staff resolve
 * a conflict by ending or cancelling one of the two before merging, so nothing is lost.
 */
export function coverageMergeConflicts(
  duplicate: readonly DatedCoverage[],
  survivor: readonly DatedCoverage[],
): MergeConflict[] {
  const conflicts: MergeConflict[] = [];
  for (const moving of duplicate) {
    if (moving.status !== 'active') continue;
    const clash = survivor.find(
      (kept) =>
        kept.status === 'active' && kept.priority === moving.priority && overlaps(kept, moving),
    );
    if (clash) {
      conflicts.push({
        source: 'coverage',
        field: `coverages.${moving.priority}`,
        message: `coverage ${moving.id} would overlap the survivor's active ${moving.priority} coverage ${clash.id}; end or cancel one of them first`,
      });
    }
  }
  return conflicts;
}
