import type { z } from 'zod';
import type {
  PatientProblem,
  ProblemHistory,
  ProblemPage,
  problemQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { decodeProblemCursor, encodeProblemCursor } from './problem-cursor.js';
import { viewHistory, viewProblem, viewProblems } from './problem-view.js';
import * as repo from './problem.repository.js';

export type ProblemListQuery = z.output<typeof problemQuery>;

/**
 * GET /api/v1/patients/:id/problems: active and recurring first, then inactive, resolved
 * (and entered in error when asked), newest recorded first within each. The audit row is
 * committed with the read, before the answer leaves (reads fail closed).
 */
export async function listProblems(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  q: ProblemListQuery,
): Promise<ProblemPage> {
  const after = q.cursor ? decodeProblemCursor(q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    const rows = await repo.listProblems(tx, {
      patientId,
      ...(q.status ? { statuses: q.status } : {}),
      includeEnteredInError: q.includeEnteredInError,
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const items = await viewProblems(tx, page);
    await platform.audit.record(tx, {
      action: 'problem.list',
      patientId,
      entityType: 'problem',
      details: { resultCount: items.length },
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > q.limit && last ? encodeProblemCursor(last) : null };
  });
}

/** GET /api/v1/problems/:id, audited as a read. */
export async function getProblem(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<PatientProblem> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findProblem(tx, id);
    if (!row) throw notFound('problem', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
    const answer = await viewProblem(tx, row);
    await platform.audit.record(tx, {
      action: 'problem.read',
      patientId: row.patientId,
      entityType: 'problem',
      entityId: row.id,
    });
    return answer;
  });
}

/** GET /api/v1/problems/:id/history: every version, newest first, audited as a read. */
export async function problemHistory(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<ProblemHistory> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findProblem(tx, id);
    if (!row) throw notFound('problem', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
    const items = await viewHistory(tx, await repo.findHistory(tx, id));
    await platform.audit.record(tx, {
      action: 'problem.history_read',
      patientId: row.patientId,
      entityType: 'problem',
      entityId: row.id,
    });
    return { items };
  });
}
