import type {
  AddEncounterDiagnosisInput,
  EncounterDetail,
  OrderEncounterDiagnosesInput,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { openEncounterForChange } from './encounter-support.js';
import type { EncounterDiagnosisRow, EncounterRow } from './encounters.tables.js';
import { detailOf } from './encounters.service.js';
import { findIcd10cmCode } from './icd10cm-lookup.js';
import * as repo from './encounter.repository.js';

type Who = Principal | null;

/**
 * An encounter's diagnoses for billing: one principal and ordered secondaries, ICD-10-CM
 * coded. They change while the encounter is planned, in progress or finished (coding often
 * completes after the visit), never once it is cancelled or entered in error. A wrong
 * diagnosis is entered in error (kept, with who and why), never deleted. Each change locks
 * the encounter row, so changes of one encounter's list run one at a time; the partial
 * unique indexes (one active principal, each code once) are the guarantee.
 */
export interface DiagnosisService {
  add(
    principal: Who,
    encounterId: string,
    input: AddEncounterDiagnosisInput,
  ): Promise<EncounterDetail>;
  order(
    principal: Who,
    encounterId: string,
    input: OrderEncounterDiagnosesInput,
  ): Promise<EncounterDetail>;
  remove(
    principal: Who,
    encounterId: string,
    diagnosisId: string,
    reason: string,
  ): Promise<EncounterDetail>;
}

/** The code exists in the loaded code set and is current; a principal must be billable. */
async function requireCodable(
  tx: DbOrTx,
  code: string,
  rank: EncounterDiagnosisRow['rank'],
  path: string,
): Promise<{ description: string }> {
  const facts = await findIcd10cmCode(tx, code);
  if (!facts || !facts.isCurrent) {
    const rule = facts ? 'retired_code' : 'unknown_code';
    const message = facts
      ? 'the code is retired from the current ICD-10-CM release'
      : 'not an ICD-10-CM code';
    throw new AppError('encounter.unknown_code', `${path}: ${code} is ${message}`, {
      errors: [{ path, rule, message }],
    });
  }
  if (rank === 'principal' && !facts.billable) {
    throw nonBillable(code, path);
  }
  return { description: facts.description };
}

function nonBillable(code: string, path: string): AppError {
  const message = 'a principal diagnosis must be a billable (leaf) ICD-10-CM code';
  return new AppError('encounter.not_billable', `${path}: ${code} is a category: ${message}`, {
    errors: [{ path, rule: 'billable_principal', message }],
  });
}

export function createDiagnosisService(platform: Platform): DiagnosisService {
  const { db, audit, clock } = platform;

  async function openForDiagnosis(tx: DbOrTx, principal: Who, id: string): Promise<EncounterRow> {
    return openEncounterForChange(platform, tx, principal, id, {
      permission: 'clinical.write',
      step: 'diagnose',
    });
  }

  async function record(
    tx: DbOrTx,
    row: EncounterRow,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await audit.record(tx, {
      action,
      patientId: row.patientId,
      entityType: 'encounter',
      entityId: row.id,
      facilityId: row.facilityId,
      details,
    });
  }

  return {
    add(principal, encounterId, input) {
      return db.transaction(async (tx) => {
        const row = await openForDiagnosis(tx, principal, encounterId);
        const { description } = await requireCodable(tx, input.code, input.rank, 'code');
        const active = await repo.findActiveDiagnoses(tx, encounterId);
        // The friendly answers; the partial unique indexes are the guarantee.
        const principalNow = active.find((d) => d.rank === 'principal');
        if (input.rank === 'principal' && principalNow) {
          throw new AppError(
            'encounter.principal_exists',
            `encounter ${encounterId} already has principal diagnosis ${principalNow.id}: ` +
              'reorder to swap it',
            { errors: [{ path: 'rank', rule: 'one_principal', message: principalNow.id }] },
          );
        }
        const same = active.find((d) => d.code === input.code);
        if (same) {
          throw new AppError(
            'encounter.diagnosis_exists',
            `encounter ${encounterId} already has this code as diagnosis ${same.id}`,
            { errors: [{ path: 'code', rule: 'once_per_encounter', message: same.id }] },
          );
        }
        const id = newId();
        await repo.insertDiagnosis(tx, {
          id,
          encounterId,
          codeSystem: 'icd10cm',
          code: input.code,
          display: description,
          rank: input.rank,
          position: input.rank === 'principal' ? 0 : nextPosition(active),
          status: 'active',
          createdBy: principal?.userId ?? null,
          createdAt: clock.now(),
        });
        await record(tx, row, 'encounter.diagnosis_added', { diagnosisId: id, rank: input.rank });
        return detailOf(tx, encounterId);
      });
    },

    order(principal, encounterId, input) {
      return db.transaction(async (tx) => {
        const row = await openForDiagnosis(tx, principal, encounterId);
        const active = await repo.findActiveDiagnoses(tx, encounterId);
        const named = [...(input.principalId ? [input.principalId] : []), ...input.secondaryIds];
        const byId = new Map(active.map((d) => [d.id, d]));
        if (named.length !== active.length || named.some((id) => !byId.has(id))) {
          throw new AppError(
            'encounter.diagnoses_changed',
            `encounter ${encounterId}: the order must name each of its ${active.length} active ` +
              'diagnoses exactly once; reload and try again',
            {
              errors: [
                { path: 'secondaryIds', rule: 'names_every_active_diagnosis', message: 'reload' },
              ],
            },
          );
        }
        const next = input.principalId ? byId.get(input.principalId) : undefined;
        if (next && next.rank !== 'principal') {
          const facts = await findIcd10cmCode(tx, next.code);
          if (!facts?.billable) throw nonBillable(next.code, 'principalId');
        }
        // Tricky: one_principal is checked per statement, so the old principal steps down
        // before the new one steps up; the transaction makes the swap all or nothing.
        for (const [i, id] of input.secondaryIds.entries()) {
          await repo.setDiagnosisRank(tx, id, 'secondary', i + 1);
        }
        if (next) await repo.setDiagnosisRank(tx, next.id, 'principal', 0);
        await record(tx, row, 'encounter.diagnoses_reordered', {
          principalId: input.principalId,
          secondaryIds: input.secondaryIds,
        });
        return detailOf(tx, encounterId);
      });
    },

    remove(principal, encounterId, diagnosisId, reason) {
      return db.transaction(async (tx) => {
        const row = await openForDiagnosis(tx, principal, encounterId);
        const diagnosis = await repo.findDiagnosis(tx, encounterId, diagnosisId);
        if (!diagnosis) throw notFound('encounter diagnosis', diagnosisId);
        if (diagnosis.status !== 'active') {
          throw new AppError(
            'encounter.invalid_transition',
            `diagnosis ${diagnosisId} is already entered in error`,
            { errors: [{ path: 'status', rule: 'not_from_entered_in_error', message: 'retired' }] },
          );
        }
        await repo.retireDiagnosis(tx, diagnosisId, {
          at: clock.now(),
          actorUserId: principal?.userId ?? null,
          reason,
        });
        await record(tx, row, 'encounter.diagnosis_entered_in_error', {
          diagnosisId,
          rank: diagnosis.rank,
        });
        return detailOf(tx, encounterId);
      });
    },
  };
}

function nextPosition(active: readonly EncounterDiagnosisRow[]): number {
  return active.reduce((max, d) => Math.max(max, d.position), 0) + 1;
}
