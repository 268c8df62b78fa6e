import { sql } from 'drizzle-orm';
import type { MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import { currentContext } from '../../../platform/request-context.js';

/**
 * Medications' part in a patient merge: the duplicate's prescriptions and home medications
 * (each a version on, so the history trigger records the move under the survivor), their
 * decision-support alerts and the administration records follow the survivor. Nothing
 * conflicts: two lists of medications simply join (decision support sees both from then on).
 * History rows already written stay as they were (append-only); they are found by entity.
 */
export function createMedicationMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'medications',

    async preview(tx, { duplicateId }) {
      // Locked so the count still holds when apply runs in the merge's transaction.
      const { rows } = await tx.execute<{ n: number }>(sql`
        select (select count(*) from (select 1 from prescription where patient_id = ${duplicateId}
                  for update) p)
             + (select count(*) from (select 1 from home_medication
                  where patient_id = ${duplicateId} for update) h)
             + (select count(*) from (select 1 from medication_administration
                  where patient_id = ${duplicateId} for update) a) as n`);
      return { moves: Number(rows[0]?.n ?? 0), conflicts: [] };
    },

    async apply(tx, { survivorId, duplicateId }) {
      const at = platform.clock.now();
      const by = currentContext()?.principal?.userId ?? null;
      const prescriptions = await tx.execute(sql`
        update prescription
           set patient_id = ${survivorId}, version = version + 1, updated_at = ${at},
               updated_by = ${by}
         where patient_id = ${duplicateId}`);
      const home = await tx.execute(sql`
        update home_medication
           set patient_id = ${survivorId}, version = version + 1, updated_at = ${at},
               updated_by = ${by}
         where patient_id = ${duplicateId}`);
      await tx.execute(sql`
        update medication_alert set patient_id = ${survivorId} where patient_id = ${duplicateId}`);
      const administrations = await tx.execute(sql`
        update medication_administration set patient_id = ${survivorId}
         where patient_id = ${duplicateId}`);
      return (prescriptions.rowCount ?? 0) + (home.rowCount ?? 0) + (administrations.rowCount ?? 0);
    },
  };
}
