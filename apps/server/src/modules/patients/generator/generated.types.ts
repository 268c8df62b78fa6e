import type { z } from 'zod';
import type {
  CreatePatient as CreatePatientBody,
  coveragePriority,
  subscriber,
} from '@meridian/contracts';

/** A registration as the API accepts it after parsing (no duplicate override). */
export type CreatePatient = Omit<CreatePatientBody, 'duplicateOverride'>;

/**
 * A coverage to attach once payers exist. Loaders map `payerIndex` onto their payer list
 * (`payerIndex % payers.length`) and pick a plan of that payer the same way.
 */
export interface GeneratedCoverage {
  payerIndex: number;
  memberId: string;
  groupNumber?: string;
  priority: z.infer<typeof coveragePriority>;
  effectiveFrom: string;
  subscriberRelationship: 'self' | 'spouse' | 'child';
  subscriber?: z.output<typeof subscriber>;
}

/** What a duplicate record differs by from the person's first record. */
export type Perturbation =
  | 'name_typo'
  | 'nickname'
  | 'swapped_names'
  | 'dob_day_month_transposed'
  | 'dob_digit_off'
  | 'moved_address'
  | 'married_name'
  | 'missing_phone'
  | 'missing_ssn'
  | 'new_phone';

export interface GeneratedRecord {
  /** Position in the stream, from 0. */
  key: number;
  /** The person, from 0; a duplicate has its original's personKey. */
  personKey: number;
  /** The original record's key when this record is a perturbed second registration. */
  duplicateOfKey: number | null;
  perturbations: Perturbation[];
  input: CreatePatient;
  /** Coverages to attach (loaders may skip them); duplicates carry none. */
  coverages: GeneratedCoverage[];
}
