import type {
  Allergy,
  AllergyAssessment,
  AllergyHistory,
  AllergyList,
  AllergySummary,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { Platform } from '../../../platform/platform.js';
import { allergyHistory, allergySummary, getAllergy, listAllergies } from './allergy-reads.js';
import {
  markEnteredInError,
  recordAllergy,
  recordNoKnownAllergies,
  updateAllergy,
  type ErrorInput,
  type PatchInput,
  type RecordInput,
} from './allergy-writes.js';

type Who = Principal | null;

/** The allergy use cases behind the routes. */
export interface AllergyService {
  list(p: Who, patientId: string, q: { includeEnteredInError: boolean }): Promise<AllergyList>;
  summary(p: Who, patientId: string): Promise<AllergySummary>;
  get(p: Who, id: string): Promise<Allergy>;
  history(p: Who, id: string): Promise<AllergyHistory>;
  record(p: Who, patientId: string, input: RecordInput): Promise<Allergy>;
  update(p: Who, id: string, version: number, patch: PatchInput): Promise<Allergy>;
  enteredInError(p: Who, id: string, version: number, input: ErrorInput): Promise<Allergy>;
  noKnownAllergies(
    p: Who,
    patientId: string,
    version: number | undefined,
  ): Promise<AllergyAssessment>;
}

export function createAllergyService(platform: Platform): AllergyService {
  return {
    list: (p, patientId, q) => listAllergies(platform, p, patientId, q),
    summary: (p, patientId) => allergySummary(platform, p, patientId),
    get: (p, id) => getAllergy(platform, p, id),
    history: (p, id) => allergyHistory(platform, p, id),
    record: (p, patientId, input) => recordAllergy(platform, p, patientId, input),
    update: (p, id, v, patch) => updateAllergy(platform, p, id, v, patch),
    enteredInError: (p, id, v, input) => markEnteredInError(platform, p, id, v, input),
    noKnownAllergies: (p, patientId, v) => recordNoKnownAllergies(platform, p, patientId, v),
  };
}
