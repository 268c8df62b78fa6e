import type { MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import { currentContext } from '../../../platform/request-context.js';
import { recordHistory } from '../history/history.repository.js';
import { toCoverage } from './coverage-mapper.js';
import { coverageMergeConflicts } from './coverage-merge-rules.js';
import * as repo from './coverage.repository.js';

/**
 * The coverage module's part in a patient merge: the duplicate's coverages move to the
 * survivor, each keeping its history under its own id with a `merged_in` version.
 */
export function createCoverageMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'coverage',

    async preview(tx, { survivorId, duplicateId }) {
      // Both sides locked: neither patient's coverages can change before apply runs.
      const moving = await repo.lockCoveragesOfPatient(tx, duplicateId);
      const kept = await repo.lockCoveragesOfPatient(tx, survivorId);
      return { moves: moving.length, conflicts: coverageMergeConflicts(moving, kept) };
    },

    async apply(tx, { survivorId, duplicateId }) {
      const moving = await repo.lockCoveragesOfPatient(tx, duplicateId);
      const by = currentContext()?.principal?.userId ?? null;
      const now = platform.clock.now();
      const moved = await repo.moveCoverages(
        tx,
        moving.map((c) => c.id),
        survivorId,
        by,
        now,
      );
      for (const row of moved) {
        const answer = toCoverage(await repo.findCoverageRecord(tx, row.id));
        await recordHistory(tx, {
          patientId: survivorId,
          entityType: 'coverage',
          entityId: row.id,
          version: row.version,
          action: 'merged_in',
          snapshot: answer,
          recordedAt: now,
          recordedBy: by,
        });
      }
      return moved.length;
    },
  };
}
