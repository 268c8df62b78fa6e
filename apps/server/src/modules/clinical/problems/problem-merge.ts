import { isActiveProblemStatus } from '@meridian/contracts';
import type { MergeConflict, MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import { currentContext } from '../../../platform/request-context.js';
import * as repo from './problem.repository.js';
import type { ProblemRow } from './problems.tables.js';

const activeCode = (p: ProblemRow) =>
  isActiveProblemStatus(p.clinicalStatus) &&
  (p.verificationStatus === 'provisional' || p.verificationStatus === 'confirmed')
    ? p.icd10cmCode
    : null;

/**
 * Problems' part in a patient merge: the duplicate's problems follow the survivor, each a
 * version on with a `merged` history row. Both records holding an active problem with the
 * same code conflict (problem_one_active_per_code): staff resolve or retire one first.
 */
export function createProblemMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'problems',

    async preview(tx, { survivorId, duplicateId }) {
      const moving = await repo.lockProblemsOfPatient(tx, duplicateId);
      const kept = await repo.lockProblemsOfPatient(tx, survivorId);
      const keptCodes = new Set(kept.map(activeCode).filter((c) => c !== null));
      const conflicts: MergeConflict[] = moving
        .filter((p) => {
          const code = activeCode(p);
          return code !== null && keptCodes.has(code);
        })
        .map((p) => ({
          source: 'problems',
          field: 'problems.active_code',
          message: `active problem ${p.id} has a code the survivor's list also has active: resolve or mark one entered in error first`,
        }));
      return { moves: moving.length, conflicts };
    },

    async apply(tx, { survivorId, duplicateId }) {
      const at = platform.clock.now();
      const moved = await repo.moveProblems(tx, duplicateId, survivorId, at);
      await repo.appendHistory(tx, {
        problemIds: moved,
        action: 'merged',
        at,
        by: currentContext()?.principal?.userId ?? null,
      });
      return moved.length;
    },
  };
}
