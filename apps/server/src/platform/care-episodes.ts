import type { DbOrTx } from './db.js';

/**
 * A change in a patient's episode of care made by scheduling (a visit) or admissions (a
 * stay), announced inside the transaction that makes it so the clinical record's encounter
 * opens and closes with it: both commit, or neither does. Ids and times only.
 */
export type CareEpisodeChange =
  | {
      /** The patient checked in (or a no-show was undone by a late check-in). */
      kind: 'visit_started';
      appointmentId: string;
      patientId: string;
      facilityId: string;
      practitionerId: string;
      appointmentTypeId: string;
      modality: 'in_person' | 'video';
      reason: string | null;
      at: Date;
    }
  | { kind: 'visit_finished'; appointmentId: string; at: Date }
  /** The patient left after check-in without being seen. */
  | { kind: 'visit_cancelled'; appointmentId: string; at: Date }
  | {
      /** The patient is in a bed: admitted now, or a pre-admission arrived. */
      kind: 'stay_started';
      stayId: string;
      patientId: string;
      facilityId: string;
      admittingPractitionerId: string;
      attendingPractitionerId: string;
      reason: string | null;
      at: Date;
    }
  | { kind: 'stay_finished'; stayId: string; at: Date }
  /** A discharge recorded in error was undone: the stay goes on. */
  | { kind: 'stay_reopened'; stayId: string; at: Date }
  /** The admission was entered in error (cancelled). */
  | { kind: 'stay_entered_in_error'; stayId: string; reason: string; at: Date };

/** Who made the change (null for jobs and patients by link). */
export interface CareEpisodeContext {
  actorUserId: string | null;
}

export interface CareEpisodeListener {
  name: string;
  /** Runs inside the caller's transaction; throwing rolls the whole change back. */
  onChange(tx: DbOrTx, change: CareEpisodeChange, ctx: CareEpisodeContext): Promise<void>;
}

/**
 * Where the clinical record plugs in (like the merge registry): scheduling and admissions
 * announce changes with their transaction, without importing the clinical module.
 */
export interface CareEpisodeRegistry {
  /** Adds a listener; returns a function that removes it. Names are unique. */
  register(listener: CareEpisodeListener): () => void;
  /** Tells every listener, in registration order, within `tx`. */
  announce(tx: DbOrTx, change: CareEpisodeChange, ctx: CareEpisodeContext): Promise<void>;
}

export function createCareEpisodeRegistry(): CareEpisodeRegistry {
  const byName = new Map<string, CareEpisodeListener>();
  return {
    register(listener) {
      if (byName.has(listener.name)) {
        throw new Error(`a care episode listener named ${listener.name} is already registered`);
      }
      byName.set(listener.name, listener);
      return () => {
        if (byName.get(listener.name) === listener) byName.delete(listener.name);
      };
    },
    async announce(tx, change, ctx) {
      for (const listener of byName.values()) await listener.onChange(tx, change, ctx);
    },
  };
}
