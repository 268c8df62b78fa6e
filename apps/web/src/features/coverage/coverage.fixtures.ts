import type { Coverage, Payer, Plan } from '@meridian/contracts';

export const patientId = '0192f0c4-0000-7000-8000-0000000000a1';

export function aPayer(overrides: Partial<Payer> = {}): Payer {
  return {
    id: '0192f0c4-0000-7000-8000-00000000b001',
    name: 'Blue Harbor Health',
    payerId: 'BHH01',
    address: {
      line1: '1 Harbor Way',
      city: 'Boston',
      state: 'MA',
      postalCode: '02110',
      country: 'US',
    },
    phone: '+16175550100',
    isActive: true,
    version: 1,
    ...overrides,
  };
}

export function aPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: '0192f0c4-0000-7000-8000-00000000c001',
    payerId: aPayer().id,
    name: 'Harbor Gold PPO',
    type: 'ppo',
    isActive: true,
    version: 1,
    ...overrides,
  };
}

/** A coverage as GET /patients/:id/coverages answers, with `overrides`. */
export function aCoverage(overrides: Partial<Coverage> = {}): Coverage {
  const payer = aPayer();
  const plan = aPlan();
  return {
    id: '0192f0c4-0000-7000-8000-00000000d001',
    patientId,
    payer: { id: payer.id, name: payer.name, payerId: payer.payerId },
    plan: { id: plan.id, name: plan.name, type: plan.type },
    memberId: 'XJH123456789',
    groupNumber: 'GRP-4410',
    subscriberRelationship: 'self',
    subscriber: null,
    effectiveFrom: '2025-01-01',
    effectiveTo: null,
    priority: 'primary',
    status: 'active',
    statusReason: null,
    hasCardFront: false,
    hasCardBack: false,
    version: 2,
    createdAt: '2025-01-02T10:00:00Z',
    updatedAt: '2025-01-02T10:00:00Z',
    ...overrides,
  };
}
