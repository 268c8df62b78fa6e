import type { z } from 'zod';
import type {
  Procedure,
  ProcedurePage,
  immunizationErrorInput,
  immunizationListQuery,
  procedureInput,
} from '@meridian/contracts';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './immunization.repository.js';
import { viewOne, viewProcedures } from './immunization-view.js';
import {
  auditRecord,
  checkDateNotFuture,
  checkEncounter,
  listRecords,
  openForError,
  requirePatient,
  type Who,
} from './record-support.js';

export type ProcedureInput = z.output<typeof procedureInput>;
type ListQuery = z.output<typeof immunizationListQuery>;
type ErrorInput = z.output<typeof immunizationErrorInput>;

/** POST /api/v1/patients/:id/procedures: coded as given (SNOMED CT, CPT or HCPCS). */
export async function recordProcedure(
  platform: Platform,
  principal: Who,
  patientId: string,
  input: ProcedureInput,
): Promise<Procedure> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.write', [patientId]);
    await requirePatient(tx, patientId, { live: true });
    const now = platform.clock.now();
    if (input.status === 'completed' || input.status === 'in_progress') {
      checkDateNotFuture(now, 'performedStart', input.performedStart);
    }
    if (input.performedEnd) checkDateNotFuture(now, 'performedEnd', input.performedEnd);
    await checkEncounter(tx, patientId, input.encounterId);
    const by = principal?.userId ?? null;
    const row = await repo.insertProcedure(tx, {
      id: newId(),
      patientId,
      encounterId: input.encounterId,
      codeSystem: input.code.system,
      code: input.code.code,
      display: input.code.display,
      status: input.status,
      performedStart: new Date(input.performedStart),
      performedEnd: input.performedEnd ? new Date(input.performedEnd) : null,
      bodySiteCode: input.bodySite?.code ?? null,
      bodySiteDisplay: input.bodySite?.display ?? null,
      outcome: input.outcome,
      performerId: null,
      performerDisplay: input.performerDisplay ?? null,
      recordedBy: by,
      recordedAt: now,
      updatedBy: by,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await auditRecord(platform, tx, 'procedure', row, 'recorded', {
      encounterId: row.encounterId,
      status: row.status,
    });
    return viewOne(tx, row, viewProcedures);
  });
}

/** GET /api/v1/patients/:id/procedures: newest first, cursor paginated, audited. */
export function listProcedures(
  platform: Platform,
  principal: Who,
  patientId: string,
  q: ListQuery,
): Promise<ProcedurePage> {
  return listRecords(platform, principal, patientId, q, {
    kind: 'procedure',
    tag: 'pr1',
    rows: repo.listProcedures,
    view: viewProcedures,
    keyOf: (r) => ({ at: r.performedStart.toISOString(), id: r.id }),
  });
}

/** POST /api/v1/procedures/:id/entered-in-error (If-Match), with a reason. */
export async function procedureEnteredInError(
  platform: Platform,
  principal: Who,
  id: string,
  expectedVersion: number,
  input: ErrorInput,
): Promise<Procedure> {
  return platform.db.transaction(async (tx) => {
    const found = await repo.findProcedure(tx, id, { lock: true });
    const row = await openForError(
      platform,
      tx,
      principal,
      'procedure',
      found,
      id,
      expectedVersion,
    );
    const updated = await repo.updateProcedure(tx, row.id, {
      status: 'entered_in_error',
      errorReason: input.reason,
      updatedBy: principal?.userId ?? null,
      updatedAt: platform.clock.now(),
    });
    await auditRecord(platform, tx, 'procedure', updated, 'entered_in_error', {
      fromStatus: row.status,
    });
    return viewOne(tx, updated, viewProcedures);
  });
}
