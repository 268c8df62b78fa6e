import type { Coverage, Payer, Plan } from '@meridian/contracts';
import type { CoverageRow, InsurancePlanRow, PayerRow } from '../patients.tables.js';

export function toPayer(row: PayerRow): Payer {
  return {
    id: row.id,
    name: row.name,
    payerId: row.payerId,
    address: row.address ?? null,
    phone: row.phone ?? null,
    isActive: row.isActive,
    version: row.version,
  };
}

export function toPlan(row: InsurancePlanRow): Plan {
  return {
    id: row.id,
    payerId: row.payerId,
    name: row.name,
    type: row.type as Plan['type'],
    isActive: row.isActive,
    version: row.version,
  };
}

/** A coverage row with what the answer names: its payer, its plan and which card sides exist. */
export interface CoverageRecord {
  row: CoverageRow;
  payer: Pick<PayerRow, 'id' | 'name' | 'payerId'>;
  plan: Pick<InsurancePlanRow, 'id' | 'name' | 'type'> | null;
  cardSides: readonly ('front' | 'back')[];
}

/** The API view of a coverage; also the snapshot its history keeps. */
export function toCoverage({ row, payer, plan, cardSides }: CoverageRecord): Coverage {
  const s = row.subscriber;
  return {
    id: row.id,
    patientId: row.patientId,
    payer: { id: payer.id, name: payer.name, payerId: payer.payerId },
    plan: plan ? { id: plan.id, name: plan.name, type: plan.type as Plan['type'] } : null,
    memberId: row.memberId,
    groupNumber: row.groupNumber ?? null,
    subscriberRelationship: row.subscriberRelationship,
    subscriber: s
      ? {
          name: {
            given: s.name.given,
            ...(s.name.middle ? { middle: s.name.middle } : {}),
            family: s.name.family,
          },
          birthDate: s.birthDate,
          ...(s.sexAtBirth ? { sexAtBirth: s.sexAtBirth } : {}),
          ...(s.phone ? { phone: s.phone } : {}),
          ...(s.relationshipDetail
            ? {
                relationshipDetail: s.relationshipDetail as NonNullable<
                  Coverage['subscriber']
                >['relationshipDetail'],
              }
            : {}),
        }
      : null,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo ?? null,
    priority: row.priority,
    status: row.status,
    statusReason: row.statusReason ?? null,
    hasCardFront: cardSides.includes('front'),
    hasCardBack: cardSides.includes('back'),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
