import type { z } from 'zod';
import {
  cvxVaccines,
  type Immunization,
  type ImmunizationPage,
  type immunizationErrorInput,
  type immunizationInput,
  type immunizationListQuery,
} from '@meridian/contracts';
import { fieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './immunization.repository.js';
import { viewImmunizations, viewOne } from './immunization-view.js';
import {
  auditRecord,
  checkDateNotFuture,
  checkEncounter,
  listRecords,
  openForError,
  requirePatient,
  type Who,
} from './record-support.js';

export type ImmunizationInput = z.output<typeof immunizationInput>;
export type ListQuery = z.output<typeof immunizationListQuery>;
export type ErrorInput = z.output<typeof immunizationErrorInput>;

const cvxDisplay = new Map<string, string>(cvxVaccines.map((v) => [v.code, v.display]));

/**
 * POST /api/v1/patients/:id/immunizations. The display defaults to the shipped CVX list's;
 * a CVX code outside that list needs its display. The performer is the named one (given
 * elsewhere) or else the recording user.
 */
export async function recordImmunization(
  platform: Platform,
  principal: Who,
  patientId: string,
  input: ImmunizationInput,
): Promise<Immunization> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.write', [patientId]);
    await requirePatient(tx, patientId, { live: true });
    const now = platform.clock.now();
    const code = input.vaccine.code.padStart(2, '0');
    const display = input.vaccine.display ?? cvxDisplay.get(code);
    if (display === undefined) {
      throw fieldError(
        'vaccine.display',
        'required',
        `CVX ${code} is not in the built-in list: send its display`,
      );
    }
    checkDateNotFuture(now, 'occurrenceDate', input.occurrenceDate);
    await checkEncounter(tx, patientId, input.encounterId);
    const by = principal?.userId ?? null;
    const row = await repo.insertImmunization(tx, {
      id: newId(),
      patientId,
      encounterId: input.encounterId,
      vaccineSystem: 'cvx',
      vaccineCode: code,
      vaccineDisplay: display,
      status: input.status,
      notDoneReason: input.notDoneReason ?? null,
      occurrenceDate: input.occurrenceDate,
      lotNumber: input.lotNumber ?? null,
      site: input.site ?? null,
      route: input.route ?? null,
      doseNumber: input.doseNumber ?? null,
      performerId: input.performerDisplay || input.status === 'not_done' ? null : by,
      performerDisplay: input.performerDisplay ?? null,
      note: input.note,
      recordedBy: by,
      recordedAt: now,
      updatedBy: by,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await auditRecord(platform, tx, 'immunization', row, 'recorded', {
      encounterId: row.encounterId,
      status: row.status,
    });
    return viewOne(tx, row, viewImmunizations);
  });
}

/** GET /api/v1/patients/:id/immunizations: newest first, cursor paginated, audited. */
export function listImmunizations(
  platform: Platform,
  principal: Who,
  patientId: string,
  q: ListQuery,
): Promise<ImmunizationPage> {
  return listRecords(platform, principal, patientId, q, {
    kind: 'immunization',
    tag: 'im1',
    rows: repo.listImmunizations,
    view: viewImmunizations,
    keyOf: (r) => ({ at: r.occurrenceDate, id: r.id }),
  });
}

/** POST /api/v1/immunizations/:id/entered-in-error (If-Match), with a reason. */
export async function immunizationEnteredInError(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  input: ErrorInput,
): Promise<Immunization> {
  return platform.db.transaction(async (tx) => {
    const found = await repo.findImmunization(tx, id, { lock: true });
    const row = await openForError(
      platform,
      tx,
      principal,
      'immunization',
      found,
      id,
      expectedVersion,
    );
    const updated = await repo.updateImmunization(tx, row.id, {
      status: 'entered_in_error',
      errorReason: input.reason,
      updatedBy: principal?.userId ?? null,
      updatedAt: platform.clock.now(),
    });
    await auditRecord(platform, tx, 'immunization', updated, 'entered_in_error', {
      fromStatus: row.status,
    });
    return viewOne(tx, updated, viewImmunizations);
  });
}
