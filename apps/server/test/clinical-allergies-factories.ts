import type {
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyReaction,
  AllergyVerificationStatus,
  SubstanceSystem,
} from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import {
  insertAllergy,
  upsertAssessment,
} from '../src/modules/clinical/allergies/allergy.repository.js';
import type { AllergyRow } from '../src/modules/clinical/allergies/allergies.tables.js';

export interface AllergyOptions {
  patientId: string;
  category?: AllergyCategory;
  /** Default: RxNorm ingredient 723 amoxicillin. */
  substance?: { system: SubstanceSystem; code: string | null; display: string };
  criticality?: AllergyCriticality;
  clinicalStatus?: AllergyClinicalStatus;
  verificationStatus?: AllergyVerificationStatus;
  reactions?: AllergyReaction[];
  recordedBy?: string | null;
  source?: { system: string; id: string };
}

/**
 * An allergy written straight to the database (as the FHIR importer would), for tests that
 * need an allergy list but do not test recording one. The triggers of migration 0430 still
 * run: history, and NKA retired by an allergy in force.
 */
export async function createAllergy(platform: Platform, o: AllergyOptions): Promise<AllergyRow> {
  const now = platform.clock.now();
  const s = o.substance ?? { system: 'rxnorm', code: '723', display: 'amoxicillin' };
  return insertAllergy(platform.db, {
    id: newId(),
    patientId: o.patientId,
    category: o.category ?? 'medication',
    substanceSystem: s.system,
    substanceCode: s.code,
    substanceDisplay: s.display,
    type: 'allergy',
    criticality: o.criticality ?? 'high',
    clinicalStatus: o.clinicalStatus ?? 'active',
    verificationStatus: o.verificationStatus ?? 'confirmed',
    reactions: o.reactions ?? [{ manifestation: 'Hives', severity: 'moderate' }],
    recordedBy: o.recordedBy ?? null,
    recordedAt: now,
    sourceSystem: o.source?.system ?? null,
    sourceId: o.source?.id ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
}

/** "No known allergies" recorded straight to the database. */
export async function createNoKnownAllergies(
  platform: Platform,
  patientId: string,
  by: string | null = null,
): Promise<void> {
  await upsertAssessment(platform.db, {
    patientId,
    status: 'no_known_allergies',
    by,
    at: platform.clock.now(),
  });
}
