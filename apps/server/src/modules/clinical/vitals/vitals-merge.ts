import type { MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './vitals.repository.js';

/**
 * Vitals' part in a patient merge: the duplicate's vital sets and observations follow the
 * survivor. The SpO2 scale setting does not move: a duplicate on scale 2 whose survivor is
 * not would silently change how the survivor is scored, so the merge waits for a clinician
 * to set the survivor's scale first.
 */
export function createVitalsMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'vitals',

    async preview(tx, { survivorId, duplicateId }) {
      const moves = await repo.countRowsOfPatient(tx, duplicateId);
      const moving = await repo.findCurrentScale(tx, duplicateId);
      const kept = await repo.findCurrentScale(tx, survivorId);
      const conflicts =
        moving.scale === 2 && kept.scale !== 2
          ? [
              {
                source: 'vitals',
                field: 'spo2_scale',
                message:
                  "the duplicate is scored on SpO2 scale 2 and the survivor is not: set the survivor's scale first",
              },
            ]
          : [];
      return { moves, conflicts };
    },

    apply(tx, { survivorId, duplicateId }) {
      return repo.moveRowsToPatient(tx, duplicateId, survivorId, platform.clock.now());
    },
  };
}
