import { z } from 'zod';
import { address, instant, isoDate, singleLine, uuid } from './common.js';
import { personNameOut, phoneNumber, relationship, sexAtBirth, birthDate } from './patients.js';

// ---- Payer directory ----

/** The payer id used on X12 claims (the clearinghouse's id for the payer). */
export const payerCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{2,15}$/, { message: 'must be 2-15 upper-case letters or digits' });

export const payer = z.object({
  id: uuid,
  name: z.string(),
  payerId: z.string(),
  address: address.nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Payer = z.infer<typeof payer>;
export const payerList = z.object({ items: z.array(payer) });

export const listPayersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  includeInactive: z.stringbool().default(false),
});

export const createPayerBody = z.strictObject({
  name: singleLine(200),
  payerId: payerCode,
  address: address.optional(),
  phone: phoneNumber.optional(),
});
/** Only the fields sent change; `null` clears; `isActive: false` retires the payer. */
export const updatePayerBody = z.strictObject({
  name: singleLine(200).optional(),
  payerId: payerCode.optional(),
  address: address.nullable().optional(),
  phone: phoneNumber.nullable().optional(),
  isActive: z.boolean().optional(),
});

export const planType = z.enum([
  'commercial',
  'hmo',
  'ppo',
  'epo',
  'pos',
  'hdhp',
  'medicare',
  'medicare_advantage',
  'medicaid',
  'tricare',
  'workers_comp',
  'other',
]);

export const plan = z.object({
  id: uuid,
  payerId: uuid,
  name: z.string(),
  type: planType,
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Plan = z.infer<typeof plan>;
export const planList = z.object({ items: z.array(plan) });
export const createPlanBody = z.strictObject({ name: singleLine(200), type: planType });
export const updatePlanBody = z.strictObject({
  name: singleLine(200).optional(),
  type: planType.optional(),
  isActive: z.boolean().optional(),
});

// ---- Coverage ----

export const coveragePriority = z.enum(['primary', 'secondary', 'tertiary']);
export const coverageStatus = z.enum(['active', 'cancelled', 'entered_in_error']);
export const subscriberRelationship = z.enum(['self', 'spouse', 'child', 'other']);

/** The policy holder when it is not the patient. */
export const subscriber = z.strictObject({
  name: z.strictObject({
    given: singleLine(100),
    middle: singleLine(100).optional(),
    family: singleLine(100),
  }),
  birthDate,
  sexAtBirth: sexAtBirth.optional(),
  phone: phoneNumber.optional(),
  relationshipDetail: relationship.optional(),
});

const coverageFields = z.strictObject({
  payerId: uuid,
  planId: uuid.optional(),
  memberId: singleLine(40),
  groupNumber: singleLine(40).optional(),
  subscriberRelationship: subscriberRelationship,
  subscriber: subscriber.optional(),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.optional(),
  priority: coveragePriority,
});

function checkCoverage(c: z.output<typeof coverageFields>, ctx: z.RefinementCtx): void {
  if (c.effectiveTo !== undefined && c.effectiveTo < c.effectiveFrom) {
    ctx.addIssue({
      code: 'custom',
      path: ['effectiveTo'],
      message: 'must not be before effectiveFrom',
    });
  }
  if (c.subscriberRelationship === 'self' && c.subscriber !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['subscriber'],
      message: 'must be left out when the patient is the subscriber',
    });
  }
  if (c.subscriberRelationship !== 'self' && c.subscriber === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['subscriber'],
      message: 'is required when the subscriber is not the patient',
    });
  }
}

export const createCoverageBody = coverageFields.superRefine(checkCoverage);
export type CreateCoverageInput = z.input<typeof createCoverageBody>;
/** The whole coverage with If-Match. */
export const updateCoverageBody = coverageFields.superRefine(checkCoverage);
/** Ends a coverage by status (never deleted): cancelled, or entered in error. */
export const setCoverageStatusBody = z.strictObject({
  status: z.enum(['cancelled', 'entered_in_error']),
  reason: singleLine(500),
});

export const coverage = z.object({
  id: uuid,
  patientId: uuid,
  payer: z.object({ id: uuid, name: z.string(), payerId: z.string() }),
  plan: z.object({ id: uuid, name: z.string(), type: planType }).nullable(),
  memberId: z.string(),
  groupNumber: z.string().nullable(),
  subscriberRelationship,
  subscriber: z
    .object({
      name: personNameOut.pick({ given: true, middle: true, family: true }),
      birthDate: z.string(),
      sexAtBirth: sexAtBirth.optional(),
      phone: z.string().optional(),
      relationshipDetail: relationship.optional(),
    })
    .nullable(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  priority: coveragePriority,
  status: coverageStatus,
  statusReason: z.string().nullable(),
  hasCardFront: z.boolean(),
  hasCardBack: z.boolean(),
  version: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
});
export type Coverage = z.infer<typeof coverage>;
export const coverageList = z.object({ items: z.array(coverage) });

export const coverageParams = z.strictObject({ id: uuid, coverageId: uuid });
export const cardSide = z.enum(['front', 'back']);
export const coverageCardParams = z.strictObject({ id: uuid, coverageId: uuid, side: cardSide });

/** Images accepted for photos and insurance cards, and their size limit. */
export const imageContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const maxImageBytes = 2 * 1024 * 1024;
