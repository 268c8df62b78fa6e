import type { z } from 'zod';
import {
  isActiveProblemStatus,
  type ProblemWarning,
  type ProblemWriteAnswer,
  type problemErrorInput,
  type problemInput,
  type problemPatch,
  type problemResolveInput,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import {
  checkCode,
  checkDates,
  checkEncounter,
  openProblemForChange,
  recordChange,
  refuseDuplicate,
  requireLivePatient,
} from './problem-support.js';
import { viewProblem } from './problem-view.js';
import * as repo from './problem.repository.js';
import type { NewProblemRow } from './problems.tables.js';

export type AddInput = z.output<typeof problemInput>;
export type PatchInput = z.output<typeof problemPatch>;
export type ResolveInput = z.output<typeof problemResolveInput>;
export type ErrorInput = z.output<typeof problemErrorInput>;

type Who = Principal | null;

/** POST /api/v1/patients/:id/problems: a new problem on the patient's list. */
export async function addProblem(
  platform: Platform,
  principal: Who,
  patientId: string,
  input: AddInput,
): Promise<ProblemWriteAnswer> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.write', [patientId]);
    await requireLivePatient(tx, patientId);
    const now = platform.clock.now();
    const { description, warnings } = await checkCode(tx, input.code);
    checkDates(now, { onsetDate: input.onsetDate, abatementDate: null });
    await checkEncounter(tx, patientId, input.encounterId);
    if (isActiveProblemStatus(input.clinicalStatus)) {
      await refuseDuplicate(tx, patientId, input.code);
    }
    const row = await repo.insertProblem(tx, {
      id: newId(),
      patientId,
      encounterId: input.encounterId,
      icd10cmCode: input.code,
      display: input.display ?? description,
      onsetDate: input.onsetDate,
      clinicalStatus: input.clinicalStatus,
      verificationStatus: input.verificationStatus,
      note: input.note,
      recordedBy: principal?.userId ?? null,
      recordedAt: now,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await recordChange(platform, tx, principal, row, 'created', {
      encounterId: row.encounterId,
      ...(warnings.length ? { warnings: warnings.map((w) => w.code) } : {}),
    });
    return { ...(await viewProblem(tx, row)), warnings };
  });
}

/**
 * PATCH /api/v1/problems/:id (If-Match): onset, abatement, statuses, note, display, code.
 * Back to active (or recurrence) clears the abatement date unless the patch sets one.
 */
export async function updateProblem(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  patch: PatchInput,
): Promise<ProblemWriteAnswer> {
  return platform.db.transaction(async (tx) => {
    const row = await openProblemForChange(platform, tx, principal, id, expectedVersion);
    const now = platform.clock.now();
    const code = patch.code ?? row.icd10cmCode;
    let warnings: ProblemWarning[] = [];
    let display = patch.display;
    if (patch.code !== undefined && patch.code !== row.icd10cmCode) {
      const checked = await checkCode(tx, patch.code, row.icd10cmCode);
      warnings = checked.warnings;
      display ??= checked.description;
    }
    const clinicalStatus = patch.clinicalStatus ?? row.clinicalStatus;
    const reopened = isActiveProblemStatus(clinicalStatus);
    const abatementDate =
      patch.abatementDate !== undefined
        ? patch.abatementDate
        : reopened && !isActiveProblemStatus(row.clinicalStatus)
          ? null
          : row.abatementDate;
    const onsetDate = patch.onsetDate !== undefined ? patch.onsetDate : row.onsetDate;
    checkDates(now, { onsetDate, abatementDate });
    const verificationStatus = patch.verificationStatus ?? row.verificationStatus;
    if (code && reopened && verificationStatus !== 'refuted') {
      await refuseDuplicate(tx, row.patientId, code, row.id);
    }
    const set: Partial<NewProblemRow> = {
      icd10cmCode: code,
      ...(display !== undefined ? { display } : {}),
      onsetDate,
      abatementDate,
      clinicalStatus,
      verificationStatus,
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      updatedBy: principal?.userId ?? null,
      updatedAt: now,
    };
    const updated = await repo.updateProblem(tx, row.id, set);
    const changed = Object.keys(patch).filter((k) => patch[k as keyof PatchInput] !== undefined);
    await recordChange(platform, tx, principal, updated, 'updated', { fields: changed });
    return { ...(await viewProblem(tx, updated)), warnings };
  });
}

/** POST /api/v1/problems/:id/resolve (If-Match): resolved, abatement today by default. */
export async function resolveProblem(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  input: ResolveInput,
): Promise<ProblemWriteAnswer> {
  return platform.db.transaction(async (tx) => {
    const row = await openProblemForChange(platform, tx, principal, id, expectedVersion);
    if (row.clinicalStatus === 'resolved') {
      throw new AppError('problem.invalid_transition', `problem ${row.id} is already resolved`, {
        errors: [{ path: 'clinicalStatus', rule: 'not_from_resolved', message: 'resolved' }],
      });
    }
    const now = platform.clock.now();
    const today = now.toISOString().slice(0, 10);
    // An onset recorded later than UTC's today (a clinician east of UTC) is still valid.
    const fallback = row.onsetDate && row.onsetDate > today ? row.onsetDate : today;
    const abatementDate = input.abatementDate ?? fallback;
    checkDates(now, { onsetDate: row.onsetDate, abatementDate });
    const updated = await repo.updateProblem(tx, row.id, {
      clinicalStatus: 'resolved',
      abatementDate,
      ...(input.note !== undefined ? { note: input.note } : {}),
      updatedBy: principal?.userId ?? null,
      updatedAt: now,
    });
    await recordChange(platform, tx, principal, updated, 'resolved');
    return { ...(await viewProblem(tx, updated)), warnings: [] };
  });
}

/** POST /api/v1/problems/:id/entered-in-error (If-Match): retired with a reason, for good. */
export async function markEnteredInError(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  input: ErrorInput,
): Promise<ProblemWriteAnswer> {
  return platform.db.transaction(async (tx) => {
    const row = await openProblemForChange(platform, tx, principal, id, expectedVersion);
    const updated = await repo.updateProblem(tx, row.id, {
      verificationStatus: 'entered_in_error',
      enteredInErrorReason: input.reason,
      updatedBy: principal?.userId ?? null,
      updatedAt: platform.clock.now(),
    });
    await recordChange(platform, tx, principal, updated, 'entered_in_error', {
      fromVerificationStatus: row.verificationStatus,
    });
    return { ...(await viewProblem(tx, updated)), warnings: [] };
  });
}
