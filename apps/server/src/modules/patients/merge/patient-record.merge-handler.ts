// The patients module's own merge handler: the duplicate's record (lists, details, SSN),
// its external identifiers, photo and portal links join the survivor, or the merge is
// refused with the conflicts that would otherwise lose data.
import { and, eq, inArray } from 'drizzle-orm';
import type { Encryptor } from '../../../platform/crypto.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { MergeConflict, MergeHandler, MergePair } from '../../../platform/patient-merge.js';
import {
  patient,
  patientIdentifier,
  patientPhoto,
  patientPortalLink,
  type PatientIdentifierRow,
  type PatientRow,
} from '../patients.tables.js';
import {
  listSizeConflicts,
  planRecordMerge,
  recordHandlerName,
  type RecordMergePlan,
} from './record-merge.js';

async function lockedRows(tx: DbOrTx, pair: MergePair) {
  const rows = await tx
    .select()
    .from(patient)
    .where(inArray(patient.id, [pair.survivorId, pair.duplicateId]))
    .orderBy(patient.id)
    .for('update');
  const survivor = rows.find((r) => r.id === pair.survivorId);
  const duplicate = rows.find((r) => r.id === pair.duplicateId);
  if (!survivor || !duplicate) throw new Error('merge handler called for a missing patient');
  return { survivor, duplicate };
}

/** Both carry an SSN and the numbers differ; the last four settle most cases unopened. */
function ssnDiffers(encryptor: Encryptor, s: PatientRow, d: PatientRow): boolean {
  if (s.ssnEncrypted === null || d.ssnEncrypted === null) return false;
  if (s.ssnLast4 !== d.ssnLast4) return true;
  return encryptor.decrypt(s.ssnEncrypted) !== encryptor.decrypt(d.ssnEncrypted);
}

function identifierSlot(i: PatientIdentifierRow): string {
  return `${i.type}|${i.assigningAuthority.toLowerCase()}`;
}

/** The duplicate's identifiers that move, and conflicts where a slot holds two values. */
async function planIdentifiers(tx: DbOrTx, pair: MergePair) {
  const rows = await tx
    .select()
    .from(patientIdentifier)
    .where(inArray(patientIdentifier.patientId, [pair.survivorId, pair.duplicateId]))
    .for('update');
  const survivorSlots = new Map(
    rows.filter((r) => r.patientId === pair.survivorId).map((r) => [identifierSlot(r), r]),
  );
  const conflicts: MergeConflict[] = [];
  const moving: string[] = [];
  for (const dup of rows.filter((r) => r.patientId === pair.duplicateId)) {
    const kept = survivorSlots.get(identifierSlot(dup));
    if (kept === undefined) {
      moving.push(dup.id);
    } else if (kept.valueKey !== dup.valueKey) {
      conflicts.push({
        source: recordHandlerName,
        field: `identifiers.${dup.type}`,
        message: `the records carry different ${dup.type} identifiers from the same authority`,
      });
    }
  }
  const joined = rows.filter((r) => r.patientId === pair.survivorId || moving.includes(r.id));
  conflicts.push(
    ...listSizeConflicts(
      'identifiers',
      joined.map((r) => ({
        type: r.type,
        assigningAuthority: r.assigningAuthority,
        value: r.value,
      })),
    ),
  );
  return { moving, conflicts };
}

async function hasPhoto(tx: DbOrTx, patientId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: patientPhoto.patientId })
    .from(patientPhoto)
    .where(eq(patientPhoto.patientId, patientId))
    .for('update');
  return rows.length > 0;
}

/** The duplicate's portal users that do not already reach the survivor. */
async function movingPortalUsers(tx: DbOrTx, pair: MergePair): Promise<string[]> {
  const rows = await tx
    .select({ userId: patientPortalLink.userId, patientId: patientPortalLink.patientId })
    .from(patientPortalLink)
    .where(inArray(patientPortalLink.patientId, [pair.survivorId, pair.duplicateId]))
    .for('update');
  const reachSurvivor = new Set(
    rows.filter((r) => r.patientId === pair.survivorId).map((r) => r.userId),
  );
  return rows
    .filter((r) => r.patientId === pair.duplicateId && !reachSurvivor.has(r.userId))
    .map((r) => r.userId);
}

interface Plan {
  record: RecordMergePlan;
  identifierIds: string[];
  movePhoto: boolean;
  portalUserIds: string[];
  conflicts: MergeConflict[];
  moves: number;
}

async function plan(tx: DbOrTx, encryptor: Encryptor, pair: MergePair): Promise<Plan> {
  const { survivor, duplicate } = await lockedRows(tx, pair);
  const record = planRecordMerge(survivor, duplicate, {
    ssnDiffers: ssnDiffers(encryptor, survivor, duplicate),
  });
  const identifiers = await planIdentifiers(tx, pair);
  const movePhoto =
    (await hasPhoto(tx, pair.duplicateId)) && !(await hasPhoto(tx, pair.survivorId));
  const portalUserIds = await movingPortalUsers(tx, pair);
  return {
    record,
    identifierIds: identifiers.moving,
    movePhoto,
    portalUserIds,
    conflicts: [...record.conflicts, ...identifiers.conflicts],
    moves: record.moves + identifiers.moving.length + (movePhoto ? 1 : 0) + portalUserIds.length,
  };
}

async function applyPlan(tx: DbOrTx, pair: MergePair, p: Plan): Promise<void> {
  await tx.update(patient).set(p.record.changes).where(eq(patient.id, pair.survivorId));
  if (p.identifierIds.length > 0) {
    await tx
      .update(patientIdentifier)
      .set({ patientId: pair.survivorId })
      .where(inArray(patientIdentifier.id, p.identifierIds));
  }
  if (p.movePhoto) {
    await tx
      .update(patientPhoto)
      .set({ patientId: pair.survivorId })
      .where(eq(patientPhoto.patientId, pair.duplicateId));
  }
  if (p.portalUserIds.length > 0) {
    // A user who already reaches the survivor keeps that link; theirs to the duplicate
    // stays behind on the retired record, which nobody opens any more.
    await tx
      .update(patientPortalLink)
      .set({ patientId: pair.survivorId })
      .where(
        and(
          eq(patientPortalLink.patientId, pair.duplicateId),
          inArray(patientPortalLink.userId, p.portalUserIds),
        ),
      );
  }
}

export function createPatientRecordMergeHandler(deps: { encryptor: Encryptor }): MergeHandler {
  return {
    name: recordHandlerName,
    async preview(tx, pair) {
      const p = await plan(tx, deps.encryptor, pair);
      return { moves: p.moves, conflicts: p.conflicts };
    },
    async apply(tx, pair) {
      const p = await plan(tx, deps.encryptor, pair);
      if (p.conflicts.length > 0) {
        // The service previews first; reaching this is a bug, and losing data is worse.
        throw new Error('patient_record merge applied with conflicts');
      }
      await applyPlan(tx, pair, p);
      return p.moves;
    },
  };
}
