import type { MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './lab.repository.js';

/**
 * Labs' part in a patient merge: the duplicate's orders, results and critical alerts follow
 * the survivor. Nothing conflicts (a patient may have any number of orders).
 */
export function createLabMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'lab_orders',
    async preview(tx, { duplicateId }) {
      // Locked so no order of the duplicate changes before apply runs.
      return { moves: await repo.lockOrdersOfPatient(tx, duplicateId), conflicts: [] };
    },
    apply(tx, { survivorId, duplicateId }) {
      return repo.movePatient(tx, duplicateId, survivorId, platform.clock.now());
    },
  };
}
