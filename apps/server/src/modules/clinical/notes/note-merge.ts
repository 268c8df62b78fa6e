import { eq } from 'drizzle-orm';
import type { MergeHandler } from '../../../platform/patient-merge.js';
import { clinicalNote } from './notes.tables.js';

/**
 * Notes' part in a patient merge: every note of the duplicate (drafts, signed, discarded,
 * with their addenda and retractions, which hang off the note) moves to the survivor.
 * clinical_note_frozen lets a signed note take exactly this change and no other.
 */
export function createNoteMergeHandler(): MergeHandler {
  return {
    name: 'clinical_notes',

    async preview(tx, { duplicateId }) {
      const rows = await tx
        .select({ id: clinicalNote.id })
        .from(clinicalNote)
        .where(eq(clinicalNote.patientId, duplicateId))
        .for('update');
      return { moves: rows.length, conflicts: [] };
    },

    async apply(tx, { survivorId, duplicateId }) {
      const moved = await tx
        .update(clinicalNote)
        .set({ patientId: survivorId })
        .where(eq(clinicalNote.patientId, duplicateId))
        .returning({ id: clinicalNote.id });
      return moved.length;
    },
  };
}
