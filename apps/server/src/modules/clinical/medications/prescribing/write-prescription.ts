// Writing prescriptions: a draft (create, edit), a revision of a signed one (modify, renew:
// a new draft that replaces it when signed), stop, and entered in error. Each in one
// transaction with its audit row; the database keeps every version (medication_history).
import { eq } from 'drizzle-orm';
import type { Prescription, PrescriptionInput } from '@meridian/contracts';
import type { Principal } from '../../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../../platform/db.js';
import { AppError } from '../../../../platform/errors.js';
import { newId } from '../../../../platform/ids.js';
import type { Platform } from '../../../../platform/platform.js';
import { findPatientStanding } from '../../../patients/index.js';
import { prescription, type PrescriptionRow } from '../medications.tables.js';
import {
  lockPrescription,
  openPatient,
  requireAlive,
  requireStatus,
  validateOrder,
  viewPrescription,
} from './prescription-support.js';

type Who = Principal | null;

function orderColumns(input: PrescriptionInput, product: { name: string; formUnit: string }) {
  return {
    productRxcui: input.productRxcui,
    productDisplay: product.name,
    doseValue: input.doseValue,
    doseUnit: input.doseUnit,
    route: input.route,
    frequency: input.frequency,
    isPrn: input.isPrn,
    prnReason: input.prnReason ?? null,
    prnMaxDosesPerDay: input.prnMaxDosesPerDay ?? null,
    durationDays: input.durationDays ?? null,
    quantity: input.quantity ?? null,
    quantityUnit: input.quantity === undefined ? null : product.formUnit,
    refills: input.refills,
    note: input.note ?? null,
    startsAt: input.startsAt ? new Date(input.startsAt) : null,
    encounterId: input.encounterId ?? null,
  };
}

async function insertDraft(
  platform: Platform,
  tx: DbOrTx,
  principal: Who,
  patientId: string,
  input: PrescriptionInput,
  revision: { replacesId: string; kind: 'modify' | 'renew' } | null,
): Promise<PrescriptionRow> {
  const { product, instructions } = await validateOrder(tx, input);
  const now = platform.clock.now();
  const [row] = await tx
    .insert(prescription)
    .values({
      id: newId(),
      patientId,
      ...orderColumns(input, product),
      instructions,
      status: 'draft',
      replacesId: revision?.replacesId ?? null,
      revision: revision?.kind ?? null,
      prescriberId: principal?.userId ?? null,
      updatedBy: principal?.userId ?? null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('prescription insert returned nothing');
  await platform.audit.record(tx, {
    action: revision ? `prescription.${revision.kind}_drafted` : 'prescription.drafted',
    patientId,
    entityType: 'prescription',
    entityId: row.id,
    details: {
      productRxcui: row.productRxcui,
      ...(revision ? { replacesId: revision.replacesId } : {}),
    },
  });
  return row;
}

/** POST /api/v1/patients/:patientId/prescriptions: a draft by the signed-in prescriber. */
export async function createPrescriptionDraft(
  platform: Platform,
  principal: Who,
  patientId: string,
  input: PrescriptionInput,
): Promise<Prescription> {
  return platform.db.transaction(async (tx) => {
    await openPatient(platform, tx, principal, patientId, 'prescription.write', { alive: true });
    return viewPrescription(await insertDraft(platform, tx, principal, patientId, input, null));
  });
}

/** Only the draft's author edits or signs it. */
export function requireOwnDraft(row: PrescriptionRow, principal: Who): void {
  if (!principal || row.prescriberId !== principal.userId) {
    throw new AppError(
      'medication.not_your_draft',
      `prescription ${row.id} is another prescriber's draft`,
      { errors: [{ path: 'id', rule: 'own_draft', message: "another prescriber's draft" }] },
    );
  }
}

/** PUT /api/v1/prescriptions/:id (If-Match): the whole order again, drafts only. */
export async function editPrescriptionDraft(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  input: PrescriptionInput,
): Promise<Prescription> {
  return platform.db.transaction(async (tx) => {
    const row = await lockPrescription(platform, tx, principal, id, {
      permission: 'prescription.write',
      expectedVersion,
    });
    requireStatus(row, ['draft'], 'be edited (only drafts are; modify a signed one)');
    requireOwnDraft(row, principal);
    const { product, instructions } = await validateOrder(tx, input);
    const [updated] = await tx
      .update(prescription)
      .set({
        ...orderColumns(input, product),
        instructions,
        updatedBy: principal?.userId ?? null,
        version: row.version + 1,
        updatedAt: platform.clock.now(),
      })
      .where(eq(prescription.id, id))
      .returning();
    if (!updated) throw new Error('prescription update returned nothing');
    await platform.audit.record(tx, {
      action: 'prescription.draft_edited',
      patientId: row.patientId,
      entityType: 'prescription',
      entityId: id,
      details: { version: updated.version },
    });
    return viewPrescription(updated);
  });
}

/**
 * POST /api/v1/prescriptions/:id/modify | renew: a new draft replacing an active
 * prescription; signing it stops (modify) or completes (renew) the original.
 */
export async function revisePrescription(
  platform: Platform,
  principal: Who,
  id: string,
  kind: 'modify' | 'renew',
  input: PrescriptionInput,
): Promise<Prescription> {
  return platform.db.transaction(async (tx) => {
    const row = await lockPrescription(platform, tx, principal, id, {
      permission: 'prescription.write',
    });
    requireStatus(row, ['active'], kind);
    requireAlive(await findPatientStanding(tx, row.patientId));
    if (kind === 'renew' && input.productRxcui !== row.productRxcui) {
      throw new AppError('validation.failed', 'a renewal keeps the product; modify to change it', {
        errors: [
          { path: 'productRxcui', rule: 'same_product', message: 'must be the same product' },
        ],
      });
    }
    const draft = await insertDraft(platform, tx, principal, row.patientId, input, {
      replacesId: row.id,
      kind,
    });
    return viewPrescription(draft);
  });
}

/** POST /api/v1/prescriptions/:id/stop | entered-in-error (If-Match optional). */
export async function endPrescription(
  platform: Platform,
  principal: Who,
  id: string,
  o: { expectedVersion: number | undefined; reason: string; to: 'stopped' | 'entered_in_error' },
): Promise<Prescription> {
  return platform.db.transaction(async (tx) => {
    const row = await lockPrescription(platform, tx, principal, id, {
      permission: 'prescription.write',
      expectedVersion: o.expectedVersion,
    });
    if (o.to === 'stopped') requireStatus(row, ['active'], 'be stopped');
    else requireStatus(row, ['draft', 'active', 'stopped', 'completed'], 'be entered in error');
    const now = platform.clock.now();
    const [updated] = await tx
      .update(prescription)
      .set({
        status: o.to,
        statusReason: o.reason,
        stoppedAt: o.to === 'stopped' ? now : row.stoppedAt,
        updatedBy: principal?.userId ?? null,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(prescription.id, id))
      .returning();
    if (!updated) throw new Error('prescription update returned nothing');
    await platform.audit.record(tx, {
      action: o.to === 'stopped' ? 'prescription.stopped' : 'prescription.entered_in_error',
      patientId: row.patientId,
      entityType: 'prescription',
      entityId: id,
      details: { fromStatus: row.status },
    });
    return viewPrescription(updated);
  });
}
