import { isAllergyInForce } from '@meridian/contracts';
import type { MergeConflict, MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import { currentContext } from '../../../platform/request-context.js';
import * as repo from './allergy.repository.js';
import type { AllergyRow } from './allergies.tables.js';

const substanceKey = (a: AllergyRow) =>
  isAllergyInForce(a)
    ? `${a.substanceSystem}|${a.substanceCode ?? a.substanceDisplay.trim().toLowerCase()}`
    : null;

/**
 * Allergies' part in a patient merge: the duplicate's allergies follow the survivor (each a
 * version on, so the history trigger keeps the move). Both records holding an active
 * allergy to the same substance conflict (allergy_intolerance_one_active_per_substance).
 * The survivor keeps its own assessment; with none, it takes the duplicate's — and an
 * allergy in force arriving retires the survivor's NKA (migration 0430's trigger).
 */
export function createAllergyMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'allergies',

    async preview(tx, { survivorId, duplicateId }) {
      const moving = await repo.lockAllergiesOfPatient(tx, duplicateId);
      const kept = await repo.lockAllergiesOfPatient(tx, survivorId);
      const keptKeys = new Set(kept.map(substanceKey).filter((k) => k !== null));
      const conflicts: MergeConflict[] = moving
        .filter((a) => {
          const key = substanceKey(a);
          return key !== null && keptKeys.has(key);
        })
        .map((a) => ({
          source: 'allergies',
          field: 'allergies.active_substance',
          message: `active allergy ${a.id} is to a substance the survivor also has an active allergy to: mark one resolved or entered in error first`,
        }));
      return { moves: moving.length, conflicts };
    },

    async apply(tx, { survivorId, duplicateId }) {
      const at = platform.clock.now();
      const by = currentContext()?.principal?.userId ?? null;
      const moved = await repo.moveAllergies(tx, duplicateId, survivorId, at, by);
      const survivorAssessment = await repo.findAssessment(tx, survivorId, { lock: true });
      const duplicateAssessment = await repo.findAssessment(tx, duplicateId, { lock: true });
      if (!survivorAssessment && duplicateAssessment) {
        const status =
          duplicateAssessment.status === 'no_known_allergies' &&
          (await repo.countInForce(tx, survivorId)) > 0
            ? 'reviewed'
            : duplicateAssessment.status;
        await repo.upsertAssessment(tx, { patientId: survivorId, status, by, at });
      }
      return moved;
    },
  };
}
