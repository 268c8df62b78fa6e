import { openStayStatuses } from '@meridian/contracts';
import type { MergeConflict, MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import type { StayRow } from '../admissions.tables.js';
import * as repo from './stay.repository.js';

const isOpen = (s: StayRow) => (openStayStatuses as readonly string[]).includes(s.status);

/**
 * Admissions' part in a patient merge: the duplicate's stays follow the survivor. A patient
 * has one open stay at most (inpatient_stay_one_open_per_patient), so two records that both
 * have an open stay conflict: staff discharge or cancel one before the merge.
 */
export function createStayMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'inpatient_stays',

    async preview(tx, { survivorId, duplicateId }) {
      // Both sides locked: neither record's stays can change before apply runs.
      const moving = await repo.lockStaysOfPatient(tx, duplicateId);
      const kept = await repo.lockStaysOfPatient(tx, survivorId);
      const movingOpen = moving.find(isOpen);
      const keptOpen = kept.find(isOpen);
      const conflicts: MergeConflict[] =
        movingOpen && keptOpen
          ? [
              {
                source: 'inpatient_stays',
                field: 'inpatient_stays.open',
                message: `open stay ${movingOpen.id} and the survivor's open stay ${keptOpen.id}: discharge or cancel one first`,
              },
            ]
          : [];
      return { moves: moving.length, conflicts };
    },

    apply(tx, { survivorId, duplicateId }) {
      return repo.moveStaysToPatient(tx, duplicateId, survivorId, platform.clock.now());
    },
  };
}
