import type { z } from 'zod';
import type { mergePatientsBody, mergePreview, mergeResult, Patient } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { MergeConflict, MergeHandler, MergePair } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import { recordHistory } from '../history/history.repository.js';
import { historySnapshot, loadPatient } from '../record/patient-mapper.js';
import type { PatientRow } from '../patients.tables.js';
import { bumpVersion, insertMerge, markMerged, retireMrn } from './merge.repository.js';
import { recordHandlerName } from './record-merge.js';
import './merge.errors.js';

export type MergePatientsInput = z.output<typeof mergePatientsBody>;
export type MergePreview = z.output<typeof mergePreview>;
export type MergeResult = z.output<typeof mergeResult>;

export interface MergeService {
  /** What merging would move and what conflicts stand in the way; changes nothing. */
  previewMerge(principal: Principal | null, pair: MergePair): Promise<MergePreview>;
  /** Retires the duplicate into the survivor, or refuses with nothing changed. */
  mergePatients(principal: Principal | null, input: MergePatientsInput): Promise<MergeResult>;
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadPatient>>>;

/** Both records, locked in id order when asked: two merges of a shared record never deadlock. */
async function loadPair(
  tx: DbOrTx,
  pair: MergePair,
  forUpdate: boolean,
): Promise<{ survivor: Loaded; duplicate: Loaded }> {
  const found = new Map<string, Loaded>();
  for (const id of [pair.survivorId, pair.duplicateId].sort()) {
    const loaded = await loadPatient(tx, id, { forUpdate });
    if (!loaded) throw notFound('patient', id);
    found.set(id, loaded);
  }
  const survivor = found.get(pair.survivorId);
  const duplicate = found.get(pair.duplicateId);
  if (!survivor || !duplicate) throw new Error('unreachable: both ids were loaded');
  return { survivor, duplicate };
}

function refuseMerged(row: PatientRow): void {
  if (row.status === 'merged') {
    throw new AppError(
      'patient.merged',
      `patient ${row.id} was already merged into ${row.mergedIntoId ?? 'another record'}`,
      { patientId: row.id, mergedIntoId: row.mergedIntoId },
    );
  }
}

function requireVersion(row: PatientRow, expected: number): void {
  if (row.version !== expected) throw versionMismatch('patient', row.id, row.version);
}

/** This module's handler first: the record itself settles before other modules' rows move. */
function ordered(handlers: readonly MergeHandler[]): MergeHandler[] {
  const own = handlers.filter((h) => h.name === recordHandlerName);
  return [...own, ...handlers.filter((h) => h.name !== recordHandlerName)];
}

async function previewAll(
  tx: DbOrTx,
  handlers: readonly MergeHandler[],
  pair: MergePair,
): Promise<{ moves: Record<string, number>; conflicts: MergeConflict[] }> {
  const moves: Record<string, number> = {};
  const conflicts: MergeConflict[] = [];
  for (const handler of handlers) {
    const result = await handler.preview(tx, pair);
    moves[handler.name] = result.moves;
    conflicts.push(...result.conflicts);
  }
  return { moves, conflicts };
}

function conflictError(conflicts: MergeConflict[]): AppError {
  const fields = conflicts.map((c) => `${c.source}: ${c.field}`).join(', ');
  return new AppError(
    'patient.merge_conflict',
    `the merge would lose data (${fields}); resolve the conflicts first`,
    { conflicts },
  );
}

export function createMergeService(platform: Platform): MergeService {
  const { db, access, audit, clock } = platform;
  const handlers = () => ordered(platform.patientMerge.handlers());

  async function auditPair(
    tx: DbOrTx,
    pair: MergePair,
    actions: { survivor: string; duplicate: string },
    details: Record<string, unknown>,
  ): Promise<void> {
    const common = { entityType: 'patient', details: { ...pair, ...details } };
    await audit.record(tx, {
      action: actions.survivor,
      patientId: pair.survivorId,
      entityId: pair.survivorId,
      ...common,
    });
    await audit.record(tx, {
      action: actions.duplicate,
      patientId: pair.duplicateId,
      entityId: pair.duplicateId,
      ...common,
    });
  }

  async function recordBoth(
    tx: DbOrTx,
    after: { survivor: Patient; duplicate: Patient },
    at: Date,
    by: string | null,
  ): Promise<void> {
    for (const [p, action] of [
      [after.survivor, 'merged'],
      [after.duplicate, 'merged_into'],
    ] as const) {
      await recordHistory(tx, {
        patientId: p.id,
        entityType: 'patient',
        entityId: p.id,
        version: p.version,
        action,
        snapshot: historySnapshot(p),
        recordedAt: at,
        recordedBy: by,
      });
    }
  }

  return {
    async previewMerge(principal, pair) {
      return db.transaction(async (tx) => {
        await access.requireAccess(tx, principal, 'patient.merge', [
          pair.survivorId,
          pair.duplicateId,
        ]);
        const { survivor, duplicate } = await loadPair(tx, pair, false);
        refuseMerged(survivor.row);
        refuseMerged(duplicate.row);
        const { moves, conflicts } = await previewAll(tx, handlers(), pair);
        await auditPair(
          tx,
          pair,
          { survivor: 'patient.merge_previewed', duplicate: 'patient.merge_previewed' },
          { conflicts: conflicts.map((c) => `${c.source}:${c.field}`) },
        );
        return { survivor: survivor.patient, duplicate: duplicate.patient, conflicts, moves };
      });
    },

    async mergePatients(principal, input) {
      const pair = { survivorId: input.survivorId, duplicateId: input.duplicateId };
      return db.transaction(async (tx) => {
        await access.requireAccess(tx, principal, 'patient.merge', [
          pair.survivorId,
          pair.duplicateId,
        ]);
        const before = await loadPair(tx, pair, true);
        refuseMerged(before.survivor.row);
        refuseMerged(before.duplicate.row);
        requireVersion(before.survivor.row, input.survivorVersion);
        requireVersion(before.duplicate.row, input.duplicateVersion);
        const all = handlers();
        const { conflicts } = await previewAll(tx, all, pair);
        if (conflicts.length > 0) throw conflictError(conflicts);

        const at = clock.now();
        const by = principal?.userId ?? null;
        // Tricky: the duplicate is retired before the handlers move anything, so a rule that
        // holds among active records only (one SSN, one licence) sees one owner of each.
        await markMerged(tx, pair, at, by);
        const moved: Record<string, number> = {};
        for (const handler of all) moved[handler.name] = await handler.apply(tx, pair);
        await bumpVersion(tx, pair.survivorId, at, by);
        const retiredMrn = before.duplicate.row.mrn;
        await retireMrn(tx, pair, retiredMrn, at);

        const after = await loadPair(tx, pair, false);
        const mergeId = await insertMerge(tx, {
          ...pair,
          retiredMrn,
          reason: input.reason,
          survivorSnapshot: historySnapshot(before.survivor.patient),
          duplicateSnapshot: historySnapshot(before.duplicate.patient),
          moved,
          mergedAt: at,
          mergedBy: by,
        });
        await recordBoth(
          tx,
          { survivor: after.survivor.patient, duplicate: after.duplicate.patient },
          at,
          by,
        );
        await auditPair(
          tx,
          pair,
          { survivor: 'patient.merged', duplicate: 'patient.merged_into' },
          { mergeId, moved },
        );
        return { survivor: after.survivor.patient, retiredMrn, moved };
      });
    },
  };
}
