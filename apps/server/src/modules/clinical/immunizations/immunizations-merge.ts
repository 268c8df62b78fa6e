import type { MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './immunization.repository.js';

/**
 * Immunizations' and procedures' part in a patient merge: the duplicate's rows follow the
 * survivor, each a version on. Nothing can conflict (no uniqueness per patient).
 */
export function createImmunizationMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'immunizations',
    async preview(tx, { duplicateId }) {
      return { moves: await repo.countRecords(tx, duplicateId), conflicts: [] };
    },
    apply(tx, { survivorId, duplicateId }) {
      return repo.moveRecords(tx, duplicateId, survivorId, platform.clock.now());
    },
  };
}
