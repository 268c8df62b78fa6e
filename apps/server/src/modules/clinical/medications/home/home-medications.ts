// The home medication list (what the patient reports taking): record, list, stop, and
// entered in error. clinical.write; each write audited in its transaction; the database
// keeps every version (medication_history).
import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { HomeMedication, homeMedicationInput } from '@meridian/contracts';
import type { Principal } from '../../../../platform/auth/principal.js';
import { AppError, fieldError, notFound } from '../../../../platform/errors.js';
import { versionMismatch } from '../../../../platform/http/preconditions.js';
import { newId } from '../../../../platform/ids.js';
import type { Platform } from '../../../../platform/platform.js';
import { findProduct } from '../catalogue/catalogue.repository.js';
import { homeMedication, type HomeMedicationRow } from '../medications.tables.js';
import { openPatient } from '../prescribing/prescription-support.js';

type Who = Principal | null;
export type HomeMedicationInput = z.output<typeof homeMedicationInput>;

export function viewHomeMedication(r: HomeMedicationRow): HomeMedication {
  return {
    id: r.id,
    patientId: r.patientId,
    productRxcui: r.productRxcui,
    display: r.display,
    doseValue: r.doseValue,
    doseUnit: r.doseUnit,
    frequency: r.frequency,
    note: r.note,
    status: r.status,
    reportedBy: r.reportedBy,
    reportedAt: r.reportedAt.toISOString(),
    stoppedAt: r.stoppedAt ? r.stoppedAt.toISOString() : null,
    statusReason: r.statusReason,
    version: r.version,
  };
}

/** POST /api/v1/patients/:patientId/home-medications. */
export async function recordHomeMedication(
  platform: Platform,
  principal: Who,
  patientId: string,
  input: HomeMedicationInput,
): Promise<HomeMedication> {
  return platform.db.transaction(async (tx) => {
    await openPatient(platform, tx, principal, patientId, 'clinical.write');
    let display = input.text ?? null;
    if (input.productRxcui) {
      const product = await findProduct(tx, input.productRxcui);
      if (!product) {
        throw fieldError('productRxcui', 'in_catalogue', 'no such product in the drug catalogue');
      }
      display = product.name;
    }
    const now = platform.clock.now();
    const [row] = await tx
      .insert(homeMedication)
      .values({
        id: newId(),
        patientId,
        encounterId: input.encounterId ?? null,
        productRxcui: input.productRxcui ?? null,
        display: display ?? '',
        doseValue: input.doseValue ?? null,
        doseUnit: input.doseUnit ?? null,
        frequency: input.frequency ?? null,
        note: input.note ?? null,
        status: 'active',
        reportedBy: input.reportedBy,
        reportedAt: now,
        recordedBy: principal?.userId ?? null,
        updatedBy: principal?.userId ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('home medication insert returned nothing');
    await platform.audit.record(tx, {
      action: 'home_medication.recorded',
      patientId,
      entityType: 'home_medication',
      entityId: row.id,
      details: { coded: row.productRxcui !== null },
    });
    return viewHomeMedication(row);
  });
}

/** GET /api/v1/patients/:patientId/home-medications: all, active first, newest first. */
export async function listHomeMedications(
  platform: Platform,
  principal: Who,
  patientId: string,
): Promise<HomeMedication[]> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    const rows = await tx
      .select()
      .from(homeMedication)
      .where(eq(homeMedication.patientId, patientId))
      .orderBy(homeMedication.status, desc(homeMedication.reportedAt))
      .limit(500);
    await platform.audit.record(tx, {
      action: 'home_medication.list',
      patientId,
      entityType: 'home_medication',
      details: { resultCount: rows.length },
    });
    return rows.map(viewHomeMedication);
  });
}

/** POST /api/v1/home-medications/:id/stop | entered-in-error. */
export async function endHomeMedication(
  platform: Platform,
  principal: Who,
  id: string,
  o: { expectedVersion: number | undefined; reason: string; to: 'stopped' | 'entered_in_error' },
): Promise<HomeMedication> {
  return platform.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(homeMedication)
      .where(eq(homeMedication.id, id))
      .for('update');
    if (!row) throw notFound('home medication', id);
    await platform.access.requireAccess(tx, principal, 'clinical.write', [row.patientId]);
    if (o.expectedVersion !== undefined && o.expectedVersion !== row.version) {
      throw versionMismatch('home medication', id, row.version);
    }
    const allowed = o.to === 'stopped' ? ['active'] : ['active', 'stopped'];
    if (!allowed.includes(row.status)) {
      throw new AppError(
        'medication.invalid_transition',
        `home medication ${id} is ${row.status}: it cannot ${o.to === 'stopped' ? 'be stopped' : 'be entered in error'}`,
        { errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }] },
      );
    }
    const now = platform.clock.now();
    const [updated] = await tx
      .update(homeMedication)
      .set({
        status: o.to,
        statusReason: o.reason,
        stoppedAt: o.to === 'stopped' ? now : row.stoppedAt,
        updatedBy: principal?.userId ?? null,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(homeMedication.id, id))
      .returning();
    if (!updated) throw new Error('home medication update returned nothing');
    await platform.audit.record(tx, {
      action: o.to === 'stopped' ? 'home_medication.stopped' : 'home_medication.entered_in_error',
      patientId: row.patientId,
      entityType: 'home_medication',
      entityId: id,
    });
    return viewHomeMedication(updated);
  });
}
