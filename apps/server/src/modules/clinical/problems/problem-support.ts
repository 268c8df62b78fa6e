// What the problem use cases share: opening a problem for a change, checking a code against
// the loaded code set, the date rules, the duplicate check, and writing history and audit.
import { sql } from 'drizzle-orm';
import type { ProblemWarning } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import * as codes from './icd10cm.repository.js';
import * as repo from './problem.repository.js';
import type { ProblemRow } from './problems.tables.js';
import './problems.errors.js';

/** The problem locked FOR UPDATE: it exists, the user may write its patient, the version. */
export async function openProblemForChange(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  id: string,
  expectedVersion: number,
): Promise<ProblemRow> {
  const row = await repo.findProblem(tx, id, { lock: true });
  if (!row) throw notFound('problem', id);
  await platform.access.requireAccess(tx, principal, 'clinical.write', [row.patientId]);
  if (row.version !== expectedVersion) throw versionMismatch('problem', row.id, row.version);
  if (row.verificationStatus === 'entered_in_error') {
    throw new AppError(
      'problem.invalid_transition',
      `problem ${row.id} was entered in error: it cannot change any more`,
      { errors: [{ path: 'verificationStatus', rule: 'not_from_entered_in_error', message: '' }] },
    );
  }
  return row;
}

/** The patient exists and is not merged away (share-locked until the transaction ends). */
export async function requireLivePatient(tx: DbOrTx, patientId: string): Promise<void> {
  const standing = await findPatientStanding(tx, patientId, { lock: true });
  if (!standing) throw notFound('patient', patientId);
  if (standing.status === 'merged') {
    throw new AppError('patient.merged', `patient ${patientId} was merged into another record`, {
      ...(standing.mergedIntoId ? { mergedIntoId: standing.mergedIntoId } : {}),
    });
  }
}

/**
 * The code exists in the loaded ICD-10-CM set and is current (a retired code may stay on a
 * problem that already had it, `keep`). Non-billable categories pass with a warning.
 */
export async function checkCode(
  tx: DbOrTx,
  code: string,
  keep?: string | null,
): Promise<{ description: string; warnings: ProblemWarning[] }> {
  const found = await codes.findCode(tx, code);
  if (!found) {
    throw fieldError('code', 'unknown_icd10cm_code', `${code} is not in the ICD-10-CM code set`);
  }
  if (!found.isCurrent && code !== keep) {
    throw fieldError(
      'code',
      'retired_icd10cm_code',
      `${code} is no longer a current ICD-10-CM code; choose its successor`,
    );
  }
  const warnings: ProblemWarning[] = found.isBillable
    ? []
    : [
        {
          code: 'icd10cm.not_billable',
          path: 'code',
          message: `${code} is a category, not a billable code: claims need a more specific code`,
        },
      ];
  return { description: found.longDescription.slice(0, 300), warnings };
}

/** The latest calendar date anywhere on Earth now (UTC+14): "not in the future". */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

export function checkDates(
  now: Date,
  d: { onsetDate: string | null; abatementDate: string | null },
): void {
  const today = latestToday(now);
  for (const path of ['onsetDate', 'abatementDate'] as const) {
    const value = d[path];
    if (value !== null && value > today) {
      throw fieldError(path, 'not_in_future', 'must not be in the future');
    }
  }
  if (d.onsetDate && d.abatementDate && d.abatementDate < d.onsetDate) {
    throw fieldError('abatementDate', 'not_before_onset', 'must not precede the onset date');
  }
}

/** Friendly 409 before the partial unique index refuses a second active problem. */
export async function refuseDuplicate(
  tx: DbOrTx,
  patientId: string,
  code: string,
  exceptId?: string,
): Promise<void> {
  const other = await repo.findActiveWithCode(tx, patientId, code, exceptId);
  if (other) {
    throw new AppError(
      'problem.duplicate_active',
      `the patient already has active problem ${other.id} with code ${code}`,
      {
        errors: [
          {
            path: 'code',
            rule: 'one_active_per_code',
            message: 'the patient already has an active problem with this code',
          },
        ],
      },
    );
  }
}

/** The encounter, when given, is this patient's. */
export async function checkEncounter(
  tx: DbOrTx,
  patientId: string,
  encounterId: string | null,
): Promise<void> {
  if (encounterId === null) return;
  const { rows } = await tx.execute<{ patient_id: string }>(
    sql`select patient_id from encounter where id = ${encounterId}`,
  );
  if (rows[0]?.patient_id !== patientId) {
    throw fieldError('encounterId', 'not_found', "is not one of this patient's encounters");
  }
}

/** The history row and the audit row of one change, in `tx`. Ids only in the audit. */
export async function recordChange(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  row: ProblemRow,
  action: 'created' | 'updated' | 'resolved' | 'entered_in_error',
  facts: Record<string, unknown> = {},
): Promise<void> {
  await repo.appendHistory(tx, {
    problemIds: [row.id],
    action,
    at: row.updatedAt,
    by: principal?.userId ?? null,
  });
  await platform.audit.record(tx, {
    action: `problem.${action}`,
    patientId: row.patientId,
    entityType: 'problem',
    entityId: row.id,
    details: { version: row.version, ...facts },
  });
}
