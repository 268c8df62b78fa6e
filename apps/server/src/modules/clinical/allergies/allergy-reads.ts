import {
  allergyStateOf,
  type AllergyHistory,
  type AllergyList,
  type AllergySummary,
  type Allergy,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './allergy.repository.js';
import { viewAllergies, viewAllergy, viewAssessment, viewHistory } from './allergy-view.js';
import { requirePatient } from './allergy-support.js';

type Who = Principal | null;

/**
 * GET /api/v1/patients/:id/allergies: the assessment and the list (in force first). The
 * audit row commits with the read, before the answer leaves (reads fail closed).
 */
export async function listAllergies(
  platform: Platform,
  principal: Who,
  patientId: string,
  q: { includeEnteredInError: boolean },
): Promise<AllergyList> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    await requirePatient(tx, patientId);
    const rows = await repo.listAllergies(tx, patientId, q);
    const assessmentRow = await repo.findAssessment(tx, patientId);
    const items = await viewAllergies(tx, rows);
    const inForce = rows.filter(
      (r) =>
        r.clinicalStatus === 'active' &&
        (r.verificationStatus === 'confirmed' || r.verificationStatus === 'unconfirmed'),
    ).length;
    await platform.audit.record(tx, {
      action: 'allergy.list',
      patientId,
      entityType: 'allergy',
      details: { resultCount: items.length },
    });
    return {
      state: allergyStateOf(assessmentRow, inForce),
      assessment: await viewAssessment(tx, assessmentRow),
      items,
    };
  });
}

/** GET /api/v1/patients/:id/allergies/summary: the banner's line, one query, audited. */
export async function allergySummary(
  platform: Platform,
  principal: Who,
  patientId: string,
): Promise<AllergySummary> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    const s = await repo.summaryOf(tx, patientId);
    if (!s) throw notFound('patient', patientId);
    await platform.audit.record(tx, {
      action: 'allergy.summary_read',
      patientId,
      entityType: 'allergy',
      details: { resultCount: s.items.length },
    });
    return {
      state: allergyStateOf(
        s.assessmentStatus ? { status: s.assessmentStatus } : null,
        s.items.length,
      ),
      assessedAt: s.assessedAt?.toISOString() ?? null,
      items: s.items,
    };
  });
}

/** GET /api/v1/allergies/:id, audited as a read. */
export async function getAllergy(platform: Platform, principal: Who, id: string): Promise<Allergy> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findAllergy(tx, id);
    if (!row) throw notFound('allergy', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
    await platform.audit.record(tx, {
      action: 'allergy.read',
      patientId: row.patientId,
      entityType: 'allergy',
      entityId: row.id,
    });
    return viewAllergy(tx, row);
  });
}

/** GET /api/v1/allergies/:id/history: every version, newest first, audited as a read. */
export async function allergyHistory(
  platform: Platform,
  principal: Who,
  id: string,
): Promise<AllergyHistory> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findAllergy(tx, id);
    if (!row) throw notFound('allergy', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
    const answer = await viewHistory(tx, await repo.findHistory(tx, id));
    await platform.audit.record(tx, {
      action: 'allergy.history_read',
      patientId: row.patientId,
      entityType: 'allergy',
      entityId: row.id,
    });
    return answer;
  });
}
