// What the allergy use cases share: the patient check, opening an allergy for a change,
// the substance and encounter checks, the duplicate check, and the audit row.
import { sql } from 'drizzle-orm';
import type { AllergySubstance, SubstanceSystem } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import * as repo from './allergy.repository.js';
import type { AllergyRow } from './allergies.tables.js';
import './allergies.errors.js';

/** The patient exists (the same 404 as a record the user may not reach). */
export async function requirePatient(tx: DbOrTx, patientId: string): Promise<void> {
  const standing = await findPatientStanding(tx, patientId);
  if (!standing) throw notFound('patient', patientId);
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

/** The allergy locked FOR UPDATE: it exists, the user may write its patient, the version. */
export async function openAllergyForChange(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  id: string,
  expectedVersion: number,
): Promise<AllergyRow> {
  const row = await repo.findAllergy(tx, id, { lock: true });
  if (!row) throw notFound('allergy', id);
  await platform.access.requireAccess(tx, principal, 'clinical.write', [row.patientId]);
  if (row.version !== expectedVersion) throw versionMismatch('allergy', row.id, row.version);
  if (row.verificationStatus === 'entered_in_error') {
    throw new AppError(
      'allergy.invalid_transition',
      `allergy ${row.id} was entered in error: it cannot change any more`,
      {
        errors: [
          {
            path: 'verificationStatus',
            rule: 'not_from_entered_in_error',
            message: 'an allergy entered in error cannot change',
          },
        ],
      },
    );
  }
  return row;
}

export interface CheckedSubstance {
  system: SubstanceSystem;
  code: string | null;
  display: string;
}

/**
 * RxNorm ingredients and drug classes must be in the catalogue (decision support matches on
 * them); the display the client sent is kept. SNOMED and text are taken as given.
 */
export async function checkSubstance(tx: DbOrTx, s: AllergySubstance): Promise<CheckedSubstance> {
  if (s.system === 'rxnorm' || s.system === 'drug-class') {
    const code = s.code ?? '';
    const name = await repo.catalogueName(tx, s.system, code);
    if (name === null) {
      throw fieldError(
        'substance.code',
        s.system === 'rxnorm' ? 'unknown_rxnorm_ingredient' : 'unknown_drug_class',
        `${code} is not ${s.system === 'rxnorm' ? 'an ingredient' : 'a drug class'} of the drug catalogue`,
      );
    }
  }
  return {
    system: s.system,
    code: s.system === 'text' ? null : (s.code ?? null),
    display: s.display,
  };
}

/** Friendly 409 before the partial unique index refuses a second in-force allergy. */
export async function refuseDuplicate(
  tx: DbOrTx,
  patientId: string,
  s: CheckedSubstance,
  exceptId?: string,
): Promise<void> {
  const other = await repo.findInForceWithSubstance(tx, patientId, s, exceptId);
  if (other) {
    throw new AppError(
      'allergy.duplicate_active',
      `the patient already has active allergy ${other.id} to this substance`,
      {
        errors: [
          {
            path: 'substance',
            rule: 'one_active_per_substance',
            message: 'the patient already has an active allergy to this substance',
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

/** The latest calendar date anywhere on Earth now (UTC+14): "not in the future". */
export function checkNotFuture(now: Date, path: string, value: string | null): void {
  const today = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
  if (value !== null && value > today)
    throw fieldError(path, 'not_in_future', 'must not be in the future');
}

/** The audit row of one change, in `tx`. Ids only. */
export async function auditChange(
  platform: Platform,
  tx: DbOrTx,
  row: { id: string; patientId: string; version: number },
  action: string,
  facts: Record<string, unknown> = {},
): Promise<void> {
  await platform.audit.record(tx, {
    action: `allergy.${action}`,
    patientId: row.patientId,
    entityType: 'allergy',
    entityId: row.id,
    details: { version: row.version, ...facts },
  });
}
