import { z } from 'zod';
import { instant, isoDate, multiLine, singleLine, uuid } from './common.js';

// ---- Allergies and intolerances (issue 6 point 4; migration 0430) ----

export const allergyCategories = ['medication', 'food', 'environment', 'biologic'] as const;
export const allergyCategory = z.enum(allergyCategories);
export type AllergyCategory = z.infer<typeof allergyCategory>;

/**
 * How the substance is coded: an RxNorm ingredient rxcui, a drug class code of the
 * catalogue, a SNOMED CT concept id, or free text only (no code).
 */
export const substanceSystems = ['rxnorm', 'drug-class', 'snomed', 'text'] as const;
export const substanceSystem = z.enum(substanceSystems);
export type SubstanceSystem = z.infer<typeof substanceSystem>;

export const allergyTypes = ['allergy', 'intolerance'] as const;
export const allergyType = z.enum(allergyTypes);
export type AllergyType = z.infer<typeof allergyType>;

export const allergyCriticalities = ['low', 'high', 'unable_to_assess'] as const;
export const allergyCriticality = z.enum(allergyCriticalities);
export type AllergyCriticality = z.infer<typeof allergyCriticality>;

export const allergyClinicalStatuses = ['active', 'inactive', 'resolved'] as const;
export const allergyClinicalStatus = z.enum(allergyClinicalStatuses);
export type AllergyClinicalStatus = z.infer<typeof allergyClinicalStatus>;

export const allergyVerificationStatuses = [
  'unconfirmed',
  'confirmed',
  'refuted',
  'entered_in_error',
] as const;
export const allergyVerificationStatus = z.enum(allergyVerificationStatuses);
export type AllergyVerificationStatus = z.infer<typeof allergyVerificationStatus>;
/** What staff set directly; entered_in_error is its own step with a reason. */
export const allergySettableVerification = z.enum(['unconfirmed', 'confirmed', 'refuted']);

export const reactionSeverities = ['mild', 'moderate', 'severe'] as const;
export const reactionSeverity = z.enum(reactionSeverities);
export type ReactionSeverity = z.infer<typeof reactionSeverity>;

/** An allergy "in force": decision support and the banner count only these. */
export function isAllergyInForce(a: {
  clinicalStatus: AllergyClinicalStatus;
  verificationStatus: AllergyVerificationStatus;
}): boolean {
  return (
    a.clinicalStatus === 'active' &&
    (a.verificationStatus === 'unconfirmed' || a.verificationStatus === 'confirmed')
  );
}

const snomedId = z.string().regex(/^[0-9]{6,18}$/, { message: 'must be a SNOMED CT concept id' });

export const allergyReaction = z.strictObject({
  manifestation: singleLine(200),
  manifestationCode: snomedId.optional(),
  severity: reactionSeverity,
});
export type AllergyReaction = z.infer<typeof allergyReaction>;

/**
 * The substance: `code` is an rxcui (digits) for rxnorm, a catalogue class code for
 * drug-class, a SNOMED CT id for snomed, and absent for text.
 */
export const allergySubstance = z
  .strictObject({
    system: substanceSystem,
    code: z.string().trim().min(1).max(64).optional(),
    display: singleLine(200),
  })
  .superRefine((s, ctx) => {
    if (s.system === 'text') {
      if (s.code !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['code'], message: 'text substances have no code' });
      }
      return;
    }
    if (s.code === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: `a ${s.system} substance needs a code`,
      });
      return;
    }
    const pattern = s.system === 'drug-class' ? /^[a-z0-9][a-z0-9-]{1,63}$/ : /^[0-9]{1,18}$/;
    if (!pattern.test(s.code)) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: `is not a ${s.system} code` });
    }
  });
export type AllergySubstance = z.infer<typeof allergySubstance>;

/**
 * Onset: an ISO date or partial date ('2019', '2019-04', '2019-04-12') or a few words
 * ('childhood').
 */
const onset = singleLine(100);
const note = multiLine(2000)
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? null : s));

/** Medication allergies are coded by ingredient, drug class or text; others not by RxNorm. */
export function substanceFitsCategory(category: AllergyCategory, system: SubstanceSystem): boolean {
  if (system === 'rxnorm' || system === 'drug-class') return category === 'medication';
  return true;
}

const categoryRule = (
  v: { category?: AllergyCategory | undefined; substance?: AllergySubstance | undefined },
  ctx: z.RefinementCtx,
) => {
  if (v.category && v.substance && !substanceFitsCategory(v.category, v.substance.system)) {
    ctx.addIssue({
      code: 'custom',
      path: ['substance', 'system'],
      message: 'RxNorm ingredients and drug classes are for medication allergies only',
    });
  }
};

/** POST /api/v1/patients/:id/allergies. */
export const allergyInput = z
  .strictObject({
    category: allergyCategory,
    substance: allergySubstance,
    type: allergyType.default('allergy'),
    criticality: allergyCriticality.default('unable_to_assess'),
    clinicalStatus: allergyClinicalStatus.default('active'),
    verificationStatus: allergySettableVerification.default('confirmed'),
    reactions: z.array(allergyReaction).max(10).default([]),
    onset: onset.nullable().default(null),
    lastOccurrence: isoDate.nullable().default(null),
    note: note.nullable().default(null),
    encounterId: uuid.nullable().default(null),
  })
  .superRefine(categoryRule);
export type AllergyInput = z.input<typeof allergyInput>;

/** PATCH /api/v1/allergies/:id with If-Match: only the fields sent change. */
export const allergyPatch = z
  .strictObject({
    category: allergyCategory.optional(),
    substance: allergySubstance.optional(),
    type: allergyType.optional(),
    criticality: allergyCriticality.optional(),
    clinicalStatus: allergyClinicalStatus.optional(),
    verificationStatus: allergySettableVerification.optional(),
    reactions: z.array(allergyReaction).max(10).optional(),
    onset: onset.nullable().optional(),
    lastOccurrence: isoDate.nullable().optional(),
    note: note.nullable().optional(),
  })
  .superRefine(categoryRule)
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'send at least one field to change',
  });
export type AllergyPatch = z.input<typeof allergyPatch>;

/** POST /api/v1/allergies/:id/entered-in-error with If-Match. */
export const allergyErrorInput = z.strictObject({ reason: singleLine(500) });
export type AllergyErrorInput = z.input<typeof allergyErrorInput>;

export const allergyParams = z.strictObject({ id: uuid });

export const allergyQuery = z.strictObject({
  /** Entered-in-error allergies are left out unless asked for. */
  includeEnteredInError: z.stringbool().default(false),
});
export type AllergyQuery = z.input<typeof allergyQuery>;

export const allergyActor = z.object({ id: uuid, name: z.string() });

export const allergy = z.object({
  id: uuid,
  patientId: uuid,
  encounterId: uuid.nullable(),
  category: allergyCategory,
  substance: z.object({
    system: substanceSystem,
    code: z.string().nullable(),
    display: z.string(),
  }),
  type: allergyType,
  criticality: allergyCriticality,
  clinicalStatus: allergyClinicalStatus,
  verificationStatus: allergyVerificationStatus,
  reactions: z.array(
    z.object({
      manifestation: z.string(),
      manifestationCode: z.string().optional(),
      severity: reactionSeverity,
    }),
  ),
  onset: z.string().nullable(),
  lastOccurrence: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: allergyActor.nullable(),
  recordedAt: instant,
  /** The entered-in-error reason. */
  statusReason: z.string().nullable(),
  sourceSystem: z.string().nullable(),
  version: z.number().int(),
  updatedAt: instant,
});
export type Allergy = z.infer<typeof allergy>;

// ---- The patient-level assessment ----

export const allergyAssessmentStatus = z.enum(['no_known_allergies', 'reviewed']);
export type AllergyAssessmentStatus = z.infer<typeof allergyAssessmentStatus>;

export const allergyAssessment = z.object({
  status: allergyAssessmentStatus,
  assessedBy: allergyActor.nullable(),
  assessedAt: instant,
  version: z.number().int(),
});
export type AllergyAssessment = z.infer<typeof allergyAssessment>;

/**
 * What the banner says: `not_recorded` (nobody recorded NKA and no allergy is in force —
 * never assume "none"), `no_known_allergies` (asked, none), `allergies` (in-force allergies).
 */
export const allergyState = z.enum(['not_recorded', 'no_known_allergies', 'allergies']);
export type AllergyState = z.infer<typeof allergyState>;

export function allergyStateOf(
  assessment: { status: AllergyAssessmentStatus } | null,
  inForceCount: number,
): AllergyState {
  if (inForceCount > 0) return 'allergies';
  return assessment?.status === 'no_known_allergies' ? 'no_known_allergies' : 'not_recorded';
}

export const allergyList = z.object({
  state: allergyState,
  assessment: allergyAssessment.nullable(),
  items: z.array(allergy),
});
export type AllergyList = z.infer<typeof allergyList>;

/** GET /api/v1/patients/:id/allergies/summary: the banner's line, in-force allergies only. */
export const allergySummary = z.object({
  state: allergyState,
  assessedAt: instant.nullable(),
  items: z.array(
    z.object({
      id: uuid,
      display: z.string(),
      category: allergyCategory,
      type: allergyType,
      criticality: allergyCriticality,
      verificationStatus: allergyVerificationStatus,
    }),
  ),
});
export type AllergySummary = z.infer<typeof allergySummary>;

/** POST /api/v1/patients/:id/allergies/no-known-allergies (If-Match when one exists). */
export const noKnownAllergiesInput = z.strictObject({});

export const allergyHistory = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      recordedAt: instant,
      recordedBy: allergyActor.nullable(),
      clinicalStatus: allergyClinicalStatus,
      verificationStatus: allergyVerificationStatus,
      criticality: allergyCriticality,
      substanceDisplay: z.string(),
      statusReason: z.string().nullable(),
    }),
  ),
});
export type AllergyHistory = z.infer<typeof allergyHistory>;

// ---- Built-in non-drug substances (SNOMED CT, International Edition) ----

/**
 * Common food, environmental and biologic allergens for the picker, with their SNOMED CT
 * substance concept ids (the "substance" hierarchy; the same codes the HL7 FHIR
 * AllergyIntolerance substance value set and US Core examples use).
 */
export const commonAllergens = [
  { code: '762952008', display: 'Peanut', category: 'food' },
  { code: '227493005', display: 'Cashew nut', category: 'food' },
  { code: '442571000124108', display: 'Tree nut', category: 'food' },
  { code: '44027008', display: 'Seafood', category: 'food' },
  { code: '735029006', display: 'Shellfish', category: 'food' },
  { code: '227037002', display: 'Fish', category: 'food' },
  { code: '102263004', display: 'Eggs (edible)', category: 'food' },
  { code: '3718001', display: "Cow's milk", category: 'food' },
  { code: '111088007', display: 'Latex', category: 'environment' },
  { code: '288328004', display: 'Bee venom', category: 'environment' },
  { code: '256259004', display: 'Pollen', category: 'environment' },
  { code: '256277009', display: 'Grass pollen', category: 'environment' },
  { code: '260147004', display: 'House dust mite', category: 'environment' },
  { code: '264287008', display: 'Animal dander', category: 'environment' },
  { code: '84489001', display: 'Mold', category: 'environment' },
] as const satisfies readonly { code: string; display: string; category: AllergyCategory }[];
