import type { DbOrTx } from './db.js';

/** The two records of a merge: the duplicate's rows move to the survivor. */
export interface MergePair {
  survivorId: string;
  duplicateId: string;
}

/** Something that would be lost by merging; the merge is refused while any remain. */
export interface MergeConflict {
  /** The handler's name, e.g. `coverage`, `appointments`. */
  source: string;
  /** The field or kind of row, e.g. `ssn`, `identifiers.drivers_license`. */
  field: string;
  message: string;
}

/**
 * A module's part in a merge. `preview` reports what would move and what would conflict,
 * without changing anything; `apply` moves the duplicate's rows to the survivor inside the
 * merge's transaction (after every handler's preview found no conflict) and returns how
 * many rows it moved. Handlers must lock what they check (SELECT ... FOR UPDATE) so the
 * preview in the merge transaction still holds when `apply` runs.
 */
export interface MergeHandler {
  name: string;
  preview(tx: DbOrTx, pair: MergePair): Promise<{ moves: number; conflicts: MergeConflict[] }>;
  apply(tx: DbOrTx, pair: MergePair): Promise<number>;
}

/** Where modules plug in their merge handlers at start-up (like the access policy). */
export interface MergeRegistry {
  /** Adds a handler; returns a function that removes it. Names are unique. */
  register(handler: MergeHandler): () => void;
  handlers(): readonly MergeHandler[];
}

export function createMergeRegistry(): MergeRegistry {
  const byName = new Map<string, MergeHandler>();
  return {
    register(handler) {
      if (byName.has(handler.name)) {
        throw new Error(`a merge handler named ${handler.name} is already registered`);
      }
      byName.set(handler.name, handler);
      return () => {
        if (byName.get(handler.name) === handler) byName.delete(handler.name);
      };
    },
    handlers: () => [...byName.values()],
  };
}
