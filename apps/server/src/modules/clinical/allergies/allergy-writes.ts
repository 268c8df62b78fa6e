import type { z } from 'zod';
import {
  isAllergyInForce,
  substanceFitsCategory,
  type Allergy,
  type AllergyAssessment,
  type allergyErrorInput,
  type allergyInput,
  type allergyPatch,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './allergy.repository.js';
import {
  auditChange,
  checkEncounter,
  checkNotFuture,
  checkSubstance,
  openAllergyForChange,
  refuseDuplicate,
  requireLivePatient,
} from './allergy-support.js';
import { viewAllergy, viewAssessment } from './allergy-view.js';
import type { NewAllergyRow } from './allergies.tables.js';

export type RecordInput = z.output<typeof allergyInput>;
export type PatchInput = z.output<typeof allergyPatch>;
export type ErrorInput = z.output<typeof allergyErrorInput>;

type Who = Principal | null;

/**
 * POST /api/v1/patients/:id/allergies. An allergy in force retires "no known allergies" in
 * the same transaction (migration 0430's trigger; audited here as allergy.nka_retired).
 */
export async function recordAllergy(
  platform: Platform,
  principal: Who,
  patientId: string,
  input: RecordInput,
): Promise<Allergy> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.write', [patientId]);
    await requireLivePatient(tx, patientId);
    const now = platform.clock.now();
    const substance = await checkSubstance(tx, input.substance);
    checkNotFuture(now, 'lastOccurrence', input.lastOccurrence);
    await checkEncounter(tx, patientId, input.encounterId);
    const inForce = isAllergyInForce(input);
    if (inForce) await refuseDuplicate(tx, patientId, substance);
    const before = inForce ? await repo.findAssessment(tx, patientId, { lock: true }) : null;
    const by = principal?.userId ?? null;
    const row = await repo.insertAllergy(tx, {
      id: newId(),
      patientId,
      encounterId: input.encounterId,
      category: input.category,
      substanceSystem: substance.system,
      substanceCode: substance.code,
      substanceDisplay: substance.display,
      type: input.type,
      criticality: input.criticality,
      clinicalStatus: input.clinicalStatus,
      verificationStatus: input.verificationStatus,
      reactions: input.reactions,
      onset: input.onset,
      lastOccurrence: input.lastOccurrence,
      note: input.note,
      recordedBy: by,
      recordedAt: now,
      updatedBy: by,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await auditChange(platform, tx, row, 'recorded', {
      encounterId: row.encounterId,
      category: row.category,
    });
    if (before?.status === 'no_known_allergies') {
      await platform.audit.record(tx, {
        action: 'allergy.nka_retired',
        patientId,
        entityType: 'allergy_assessment',
        entityId: patientId,
        details: { byAllergyId: row.id },
      });
    }
    return viewAllergy(tx, row);
  });
}

/** PATCH /api/v1/allergies/:id (If-Match): only the fields sent change. */
export async function updateAllergy(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  patch: PatchInput,
): Promise<Allergy> {
  return platform.db.transaction(async (tx) => {
    const row = await openAllergyForChange(platform, tx, principal, id, expectedVersion);
    const now = platform.clock.now();
    const substance = patch.substance
      ? await checkSubstance(tx, patch.substance)
      : { system: row.substanceSystem, code: row.substanceCode, display: row.substanceDisplay };
    const category = patch.category ?? row.category;
    if (!substanceFitsCategory(category, substance.system)) {
      throw fieldError(
        'category',
        'substance_fits_category',
        'RxNorm ingredients and drug classes are for medication allergies only',
      );
    }
    const lastOccurrence =
      patch.lastOccurrence !== undefined ? patch.lastOccurrence : row.lastOccurrence;
    checkNotFuture(now, 'lastOccurrence', lastOccurrence);
    const clinicalStatus = patch.clinicalStatus ?? row.clinicalStatus;
    const verificationStatus = patch.verificationStatus ?? row.verificationStatus;
    const inForce = isAllergyInForce({ clinicalStatus, verificationStatus });
    if (inForce) await refuseDuplicate(tx, row.patientId, substance, row.id);
    const wasInForce = isAllergyInForce(row);
    const before =
      inForce && !wasInForce ? await repo.findAssessment(tx, row.patientId, { lock: true }) : null;
    const set: Partial<NewAllergyRow> = {
      category,
      substanceSystem: substance.system,
      substanceCode: substance.code,
      substanceDisplay: substance.display,
      clinicalStatus,
      verificationStatus,
      lastOccurrence,
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.criticality !== undefined ? { criticality: patch.criticality } : {}),
      ...(patch.reactions !== undefined ? { reactions: patch.reactions } : {}),
      ...(patch.onset !== undefined ? { onset: patch.onset } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      updatedBy: principal?.userId ?? null,
      updatedAt: now,
    };
    const updated = await repo.updateAllergy(tx, row.id, set);
    const fields = Object.keys(patch).filter((k) => patch[k as keyof PatchInput] !== undefined);
    await auditChange(platform, tx, updated, 'updated', { fields });
    if (before?.status === 'no_known_allergies') {
      await platform.audit.record(tx, {
        action: 'allergy.nka_retired',
        patientId: row.patientId,
        entityType: 'allergy_assessment',
        entityId: row.patientId,
        details: { byAllergyId: row.id },
      });
    }
    return viewAllergy(tx, updated);
  });
}

/** POST /api/v1/allergies/:id/entered-in-error (If-Match): retired with a reason, for good. */
export async function markEnteredInError(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  input: ErrorInput,
): Promise<Allergy> {
  return platform.db.transaction(async (tx) => {
    const row = await openAllergyForChange(platform, tx, principal, id, expectedVersion);
    const updated = await repo.updateAllergy(tx, row.id, {
      verificationStatus: 'entered_in_error',
      statusReason: input.reason,
      updatedBy: principal?.userId ?? null,
      updatedAt: platform.clock.now(),
    });
    await auditChange(platform, tx, updated, 'entered_in_error', {
      fromVerificationStatus: row.verificationStatus,
    });
    return viewAllergy(tx, updated);
  });
}

/**
 * POST /api/v1/patients/:id/allergies/no-known-allergies: the patient was asked and has no
 * known allergies. Refused (409 allergy.nka_conflict) while an allergy is in force; the
 * trigger of migration 0430 makes that hold under races too. If-Match (the assessment's
 * version) is optional: checked when the client sends it.
 */
export async function recordNoKnownAllergies(
  platform: Platform,
  principal: Who,
  patientId: string,
  expectedVersion: number | undefined,
): Promise<AllergyAssessment> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.write', [patientId]);
    await requireLivePatient(tx, patientId);
    const current = await repo.findAssessment(tx, patientId, { lock: true });
    if (expectedVersion !== undefined && current && current.version !== expectedVersion) {
      throw versionMismatch('allergy assessment', patientId, current.version);
    }
    const active = await repo.countInForce(tx, patientId);
    if (active > 0) {
      throw new AppError(
        'allergy.nka_conflict',
        `patient ${patientId} has ${active} active allergies: mark them resolved, refuted or entered in error before recording no known allergies`,
        {
          errors: [
            {
              path: 'status',
              rule: 'no_active_allergies',
              message: 'the patient has active allergies on the list',
            },
          ],
        },
      );
    }
    const row = await repo.upsertAssessment(tx, {
      patientId,
      status: 'no_known_allergies',
      by: principal?.userId ?? null,
      at: platform.clock.now(),
    });
    await platform.audit.record(tx, {
      action: 'allergy.nka_recorded',
      patientId,
      entityType: 'allergy_assessment',
      entityId: patientId,
      details: { version: row.version },
    });
    const answer = await viewAssessment(tx, row);
    if (!answer) throw new Error('assessment vanished');
    return answer;
  });
}
