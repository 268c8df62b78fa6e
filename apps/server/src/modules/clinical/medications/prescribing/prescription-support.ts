// What the prescription use cases share: opening the patient for a write, locking a
// prescription for a step, the API view, and validating an order against the catalogue.
import { eq } from 'drizzle-orm';
import {
  prescriptionInstructions,
  prescriptionRuleErrors,
  type Permission,
  type Prescription,
  type PrescriptionInput,
  type PrescriptionStatus,
} from '@meridian/contracts';
import type { Principal } from '../../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../../platform/errors.js';
import { versionMismatch } from '../../../../platform/http/preconditions.js';
import type { Platform } from '../../../../platform/platform.js';
import { findPatientStanding } from '../../../patients/index.js';
import { findProduct, type ProductFacts } from '../catalogue/catalogue.repository.js';
import { prescription, type PrescriptionRow } from '../medications.tables.js';
import '../medications.errors.js';

/**
 * The patient exists (share-locked against a merge), is reachable and not merged away; with
 * `alive`, also not deceased (a new order: the lab's order placement refuses the same way).
 */
export async function openPatient(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string,
  permission: Permission,
  opts: { alive?: boolean } = {},
): Promise<void> {
  const standing = await findPatientStanding(tx, patientId, { lock: true });
  if (!standing) throw notFound('patient', patientId);
  await platform.access.requireAccess(tx, principal, permission, [patientId]);
  if (standing.status === 'merged') {
    throw new AppError(
      'patient.merged',
      `patient ${patientId} was merged into ${standing.mergedIntoId ?? 'another record'}`,
      { mergedIntoId: standing.mergedIntoId },
    );
  }
  if (opts.alive) requireAlive(standing);
}

/** New orders are for the living (read unlocked where a row lock is already held: no cycle). */
export function requireAlive(standing: { deceased: boolean } | null): void {
  if (standing?.deceased) throw fieldError('patientId', 'not_deceased', 'the patient is deceased');
}

/** The prescription locked FOR UPDATE, reachable, at the client's version if it sent one. */
export async function lockPrescription(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  id: string,
  o: { permission: Permission; expectedVersion?: number | undefined },
): Promise<PrescriptionRow> {
  const [row] = await tx.select().from(prescription).where(eq(prescription.id, id)).for('update');
  if (!row) throw notFound('prescription', id);
  await platform.access.requireAccess(tx, principal, o.permission, [row.patientId]);
  if (o.expectedVersion !== undefined && o.expectedVersion !== row.version) {
    throw versionMismatch('prescription', id, row.version);
  }
  return row;
}

export function requireStatus(row: PrescriptionRow, allowed: PrescriptionStatus[], step: string) {
  if (!allowed.includes(row.status)) {
    throw new AppError(
      'medication.invalid_transition',
      `prescription ${row.id} is ${row.status}: it cannot ${step}`,
      { errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }] },
    );
  }
}

/**
 * The catalogue product of an order, checked with the order's rules; the generated
 * instructions. Field errors name the field and the rule.
 */
export async function validateOrder(
  tx: DbOrTx,
  input: PrescriptionInput,
): Promise<{ product: ProductFacts; instructions: string }> {
  const product = await findProduct(tx, input.productRxcui);
  if (!product) {
    throw fieldError('productRxcui', 'in_catalogue', 'no such product in the drug catalogue');
  }
  if (!product.isActive) {
    throw fieldError('productRxcui', 'active_product', 'the product is no longer in the catalogue');
  }
  const errors = prescriptionRuleErrors({ ...input, formUnit: product.formUnit });
  if (errors.length > 0) {
    throw new AppError(
      'validation.failed',
      errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      {
        errors,
      },
    );
  }
  const single = product.ingredients.length === 1 ? (product.ingredients[0] ?? null) : null;
  const instructions = prescriptionInstructions({
    ...input,
    product: { formUnit: product.formUnit, mgPerUnit: single?.mgPerUnit ?? null },
  });
  return { product, instructions };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function viewPrescription(r: PrescriptionRow): Prescription {
  return {
    id: r.id,
    patientId: r.patientId,
    encounterId: r.encounterId,
    productRxcui: r.productRxcui,
    productDisplay: r.productDisplay,
    doseValue: r.doseValue,
    doseUnit: r.doseUnit,
    route: r.route,
    frequency: r.frequency,
    isPrn: r.isPrn,
    prnReason: r.prnReason,
    prnMaxDosesPerDay: r.prnMaxDosesPerDay,
    durationDays: r.durationDays,
    quantity: r.quantity,
    refills: r.refills,
    instructions: r.instructions,
    note: r.note,
    status: r.status,
    replacesId: r.replacesId,
    revision: r.revision,
    prescriberId: r.prescriberId,
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    signedAt: iso(r.signedAt),
    stoppedAt: iso(r.stoppedAt),
    statusReason: r.statusReason,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}
