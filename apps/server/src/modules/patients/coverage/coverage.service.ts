import type { z } from 'zod';
import type { Coverage, setCoverageStatusBody } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { changedPaths, jsonEqual } from '../history/diff.js';
import { recordHistory } from '../history/history.repository.js';
import type { CoverageRow } from '../patients.tables.js';
import { toCoverage } from './coverage-mapper.js';
import * as repo from './coverage.repository.js';
import {
  checkNoPriorityOverlap,
  checkPayerAndPlan,
  coverageFields,
  openPatient,
  openCoverageForChange,
  type CoverageInput,
} from './coverage-rules.js';
import './coverage.errors.js';

export type SetCoverageStatusInput = z.output<typeof setCoverageStatusBody>;

/** A patient's insurance coverages: listed, added, replaced whole, and ended by status. */
export interface CoverageService {
  listCoverages(principal: Principal | null, patientId: string): Promise<Coverage[]>;
  addCoverage(
    principal: Principal | null,
    patientId: string,
    input: CoverageInput,
  ): Promise<Coverage>;
  replaceCoverage(
    principal: Principal | null,
    patientId: string,
    coverageId: string,
    expectedVersion: number,
    input: CoverageInput,
  ): Promise<Coverage>;
  setCoverageStatus(
    principal: Principal | null,
    patientId: string,
    coverageId: string,
    expectedVersion: number,
    input: SetCoverageStatusInput,
  ): Promise<Coverage>;
}

// Bookkeeping fields change on every write; the audit names only what the user changed.
const metaFields = new Set(['version', 'updatedAt', 'createdAt']);

/** The changed field paths between two answers, e.g. `memberId`, `subscriber.name.family`. */
function changedCoverageFields(before: Coverage, after: Coverage): string[] {
  return changedPaths(before, after).filter((path) => !metaFields.has(path));
}

export function createCoverageService(platform: Platform): CoverageService {
  const { db, audit, clock } = platform;

  /** Writes the version's history row and its audit row, in the change's transaction. */
  async function recordChange(
    tx: DbOrTx,
    principal: Principal | null,
    row: CoverageRow,
    action: 'created' | 'updated' | 'status_changed',
    before?: Coverage,
  ): Promise<Coverage> {
    const answer = toCoverage(await repo.findCoverageRecord(tx, row.id));
    await recordHistory(tx, {
      patientId: row.patientId,
      entityType: 'coverage',
      entityId: row.id,
      version: row.version,
      action,
      snapshot: answer,
      recordedAt: row.updatedAt,
      recordedBy: principal?.userId ?? null,
    });
    await audit.record(tx, {
      action: `coverage.${action}`,
      patientId: row.patientId,
      entityType: 'coverage',
      entityId: row.id,
      details: {
        coverageId: row.id,
        ...(before ? { changed: changedCoverageFields(before, answer) } : {}),
      },
    });
    return answer;
  }

  return {
    listCoverages(principal, patientId) {
      return db.transaction(async (tx) => {
        await openPatient(platform, tx, principal, 'patient.read', patientId);
        const items = (await repo.listCoverageRecords(tx, patientId)).map(toCoverage);
        // Committed with the transaction, before the answer leaves: reads fail closed.
        await audit.record(tx, {
          action: 'coverage.read',
          patientId,
          entityType: 'coverage',
          details: { coverageIds: items.map((c) => c.id) },
        });
        return items;
      });
    },

    addCoverage(principal, patientId, input) {
      return db.transaction(async (tx) => {
        await openPatient(platform, tx, principal, 'patient.write', patientId);
        await checkPayerAndPlan(tx, input);
        const fields = coverageFields(input);
        await checkNoPriorityOverlap(tx, { patientId, ...fields });
        const row = await repo.insertCoverage(tx, {
          id: newId(),
          patientId,
          ...fields,
          createdBy: principal?.userId ?? null,
          now: clock.now(),
        });
        return recordChange(tx, principal, row, 'created');
      });
    },

    replaceCoverage(principal, patientId, coverageId, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const ref = { patientId, coverageId, expectedVersion };
        const current = await openCoverageForChange(platform, tx, principal, ref);
        const fields = coverageFields(input);
        const unchanged = (Object.keys(fields) as (keyof typeof fields)[]).every((k) =>
          jsonEqual(fields[k], current[k]),
        );
        const before = toCoverage(await repo.findCoverageRecord(tx, coverageId));
        if (unchanged) return before;
        await checkPayerAndPlan(tx, input, current);
        if (current.status === 'active') {
          await checkNoPriorityOverlap(tx, { patientId, ...fields, exceptId: coverageId });
        }
        const row = await repo.updateCoverage(
          tx,
          coverageId,
          { ...fields, updatedBy: principal?.userId ?? null },
          clock.now(),
        );
        return recordChange(tx, principal, row, 'updated', before);
      });
    },

    setCoverageStatus(principal, patientId, coverageId, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const ref = { patientId, coverageId, expectedVersion };
        const current = await openCoverageForChange(platform, tx, principal, ref);
        if (current.status === input.status) {
          throw new AppError(
            'resource.conflict',
            `coverage ${coverageId} is already ${input.status}`,
          );
        }
        const before = toCoverage(await repo.findCoverageRecord(tx, coverageId));
        const row = await repo.updateCoverage(
          tx,
          coverageId,
          {
            status: input.status,
            statusReason: input.reason,
            updatedBy: principal?.userId ?? null,
          },
          clock.now(),
        );
        return recordChange(tx, principal, row, 'status_changed', before);
      });
    },
  };
}
