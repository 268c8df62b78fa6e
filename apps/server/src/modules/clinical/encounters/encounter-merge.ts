import { eq } from 'drizzle-orm';
import type { MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import { encounter } from './encounters.tables.js';
import * as repo from './encounter.repository.js';

/**
 * Encounters' part in a patient merge: the duplicate's encounters follow the survivor (their
 * appointments and stays move with the scheduling and admissions handlers). Nothing
 * conflicts: a patient may have any number of encounters, open ones included.
 */
export function createEncounterMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'encounters',

    async preview(tx, { duplicateId }) {
      // Locked: none of them changes before apply runs.
      await tx
        .select({ id: encounter.id })
        .from(encounter)
        .where(eq(encounter.patientId, duplicateId))
        .for('update');
      return { moves: await repo.countEncountersOfPatient(tx, duplicateId), conflicts: [] };
    },

    apply(tx, { survivorId, duplicateId }) {
      return repo.moveEncountersToPatient(tx, duplicateId, survivorId, platform.clock.now());
    },
  };
}
