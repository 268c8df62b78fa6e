import type { Address, Plan } from '@meridian/contracts';
import { createAuditRecorder } from '../../../platform/audit/audit.service.js';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import * as repo from './payer.repository.js';

interface DemoPayer {
  name: string;
  /** The electronic payer id clearinghouses use on X12 claims. */
  payerId: string;
  address: Address | null;
  phone: string | null;
  plans: { name: string; type: Plan['type'] }[];
}

const hq = (line1: string, city: string, state: string, postalCode: string): Address => ({
  line1,
  city,
  state,
  postalCode,
  country: 'US',
});

// Well-known US payers with their commonly published electronic payer ids (these vary by
// clearinghouse and region; a real installation checks its clearinghouse's list).
// Addresses are headquarters, for display; phones are fictitious 555-01xx numbers.
// Medicare and Medicaid have no single national payer id (Medicare claims go to the
// region's MAC, Medicaid to the state), so they get obvious placeholders.
export const demoPayers: readonly DemoPayer[] = [
  {
    name: 'Aetna',
    payerId: '60054',
    address: hq('151 Farmington Avenue', 'Hartford', 'CT', '06156'),
    phone: '+18005550101',
    plans: [
      { name: 'Aetna Choice POS II', type: 'pos' },
      { name: 'Aetna Open Access Managed Choice', type: 'ppo' },
      { name: 'Aetna HMO', type: 'hmo' },
    ],
  },
  {
    name: 'Cigna',
    payerId: '62308',
    address: hq('900 Cottage Grove Road', 'Bloomfield', 'CT', '06002'),
    phone: '+18005550102',
    plans: [
      { name: 'Cigna Open Access Plus', type: 'ppo' },
      { name: 'Cigna LocalPlus', type: 'epo' },
    ],
  },
  {
    name: 'UnitedHealthcare',
    payerId: '87726',
    address: hq('9900 Bren Road East', 'Minnetonka', 'MN', '55343'),
    phone: '+18005550103',
    plans: [
      { name: 'UnitedHealthcare Choice Plus', type: 'ppo' },
      { name: 'UnitedHealthcare Navigate HMO', type: 'hmo' },
      { name: 'AARP Medicare Advantage (UnitedHealthcare)', type: 'medicare_advantage' },
    ],
  },
  {
    name: 'Humana',
    payerId: '61101',
    address: hq('500 West Main Street', 'Louisville', 'KY', '40202'),
    phone: '+18005550104',
    plans: [
      { name: 'Humana Gold Plus HMO', type: 'medicare_advantage' },
      { name: 'Humana ChoiceCare PPO', type: 'ppo' },
    ],
  },
  {
    name: 'Blue Cross and Blue Shield of Illinois',
    payerId: '00621',
    address: hq('300 East Randolph Street', 'Chicago', 'IL', '60601'),
    phone: '+18005550105',
    plans: [
      { name: 'Blue Choice PPO', type: 'ppo' },
      { name: 'Blue Advantage HMO', type: 'hmo' },
      { name: 'Blue Choice Preferred HSA', type: 'hdhp' },
    ],
  },
  {
    name: 'Kaiser Permanente Northern California',
    payerId: '94135',
    address: hq('1 Kaiser Plaza', 'Oakland', 'CA', '94612'),
    phone: '+18005550106',
    plans: [
      { name: 'Kaiser Permanente HMO', type: 'hmo' },
      { name: 'Kaiser Permanente Deductible HMO', type: 'hdhp' },
    ],
  },
  {
    name: 'Medicare Part A and B (demo MAC)',
    payerId: 'MACDEMO01',
    address: null,
    phone: '+18005550107',
    plans: [
      { name: 'Original Medicare Part A', type: 'medicare' },
      { name: 'Original Medicare Part B', type: 'medicare' },
    ],
  },
  {
    name: 'Medicaid (demo state program)',
    payerId: 'MCDDEMO01',
    address: null,
    phone: '+18005550108',
    plans: [
      { name: 'Medicaid Fee-for-Service', type: 'medicaid' },
      { name: 'Medicaid Managed Care', type: 'medicaid' },
    ],
  },
];

/**
 * Adds the demo payer directory inside the caller's transaction (the demo seed's). Payers
 * whose payer id already exists are left alone, so running it again changes nothing; every
 * demo payer is answered either way, with its plans' ids (sorted).
 */
export async function seedDemoPayers(
  tx: DbOrTx,
  now: Date,
): Promise<{ payers: { id: string; payerId: string; planIds: string[] }[] }> {
  const audit = createAuditRecorder({ now: () => now });
  const existing = new Map(
    (
      await repo.findPayersByCode(
        tx,
        demoPayers.map((p) => p.payerId),
      )
    ).map((p) => [p.payerId, p]),
  );
  const payers: { id: string; payerId: string; planIds: string[] }[] = [];
  for (const demo of demoPayers) {
    const found = existing.get(demo.payerId);
    if (found) {
      const plans = await repo.listPlans(tx, found.id);
      payers.push({ id: found.id, payerId: found.payerId, planIds: plans.map((p) => p.id).sort() });
      continue;
    }
    const row = await repo.insertPayer(tx, {
      id: newId(),
      name: demo.name,
      payerId: demo.payerId,
      address: demo.address,
      phone: demo.phone,
      isActive: true,
      now,
    });
    await audit.record(tx, {
      action: 'payer.created',
      actorUserId: null,
      entityType: 'payer',
      entityId: row.id,
      details: { via: 'seed' },
    });
    const planIds: string[] = [];
    for (const plan of demo.plans) {
      const inserted = await repo.insertPlan(tx, {
        id: newId(),
        payerId: row.id,
        name: plan.name,
        type: plan.type,
        isActive: true,
        now,
      });
      planIds.push(inserted.id);
    }
    payers.push({ id: row.id, payerId: row.payerId, planIds: planIds.sort() });
  }
  return { payers };
}
