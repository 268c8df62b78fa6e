import { and, desc, eq, lt, lte, max, sql, type SQL } from 'drizzle-orm';
import type { AuditEvent } from '@meridian/contracts';
import type { DbOrTx } from '../../platform/db.js';
import { auditEvent } from '../../platform/audit/audit.tables.js';
import { userAccount } from '../../platform/auth/auth.tables.js';
import { likePrefixPattern, type AuditFilters, type TimeBound } from './audit-query.js';

function boundCondition(bound: TimeBound): SQL {
  const at = sql`${bound.at}::timestamptz`;
  switch (bound.op) {
    case '>=':
      return sql`${auditEvent.occurredAt} >= ${at}`;
    case '<=':
      return sql`${auditEvent.occurredAt} <= ${at}`;
    case '<':
      return sql`${auditEvent.occurredAt} < ${at}`;
  }
}

function filterConditions(f: AuditFilters): SQL[] {
  const conds: SQL[] = [];
  if (f.actorUserId) conds.push(eq(auditEvent.actorUserId, f.actorUserId));
  if (f.patientId) {
    // A patient's events include searches that listed them (details.patientIds, one event
    // per search). `details ? 'patientIds'` repeats the GIN index's predicate (0100).
    conds.push(sql`(${auditEvent.patientId} = ${f.patientId}
      or (${auditEvent.details} ? 'patientIds'
          and ${auditEvent.details} -> 'patientIds' @> ${JSON.stringify([f.patientId])}::jsonb))`);
  }
  if (f.action?.match === 'exact') conds.push(eq(auditEvent.action, f.action.value));
  if (f.action?.match === 'prefix') {
    // A left-anchored LIKE can use the action index (text_pattern_ops).
    conds.push(sql`${auditEvent.action} like ${likePrefixPattern(f.action.value)}`);
  }
  if (f.outcome) conds.push(eq(auditEvent.outcome, f.outcome));
  if (f.from) conds.push(boundCondition(f.from));
  if (f.to) conds.push(boundCondition(f.to));
  return conds;
}

const eventColumns = {
  id: auditEvent.id,
  seq: auditEvent.seq,
  occurredAt: auditEvent.occurredAt,
  actorUserId: auditEvent.actorUserId,
  actorEmail: userAccount.email,
  action: auditEvent.action,
  outcome: auditEvent.outcome,
  patientId: auditEvent.patientId,
  entityType: auditEvent.entityType,
  entityId: auditEvent.entityId,
  facilityId: auditEvent.facilityId,
  requestId: auditEvent.requestId,
  ip: auditEvent.ip,
  userAgent: auditEvent.userAgent,
  details: auditEvent.details,
};

/**
 * Matching events newest-first (by seq) with seq at most `maxSeq` and below `beforeSeq`,
 * at most `limit` of them.
 */
export async function findEvents(
  db: DbOrTx,
  filters: AuditFilters,
  page: { beforeSeq?: number; maxSeq?: number; limit: number },
): Promise<AuditEvent[]> {
  const conds = filterConditions(filters);
  if (page.beforeSeq !== undefined) conds.push(lt(auditEvent.seq, page.beforeSeq));
  if (page.maxSeq !== undefined) conds.push(lte(auditEvent.seq, page.maxSeq));
  const rows = await db
    .select(eventColumns)
    .from(auditEvent)
    .leftJoin(userAccount, eq(userAccount.id, auditEvent.actorUserId))
    .where(and(...conds))
    .orderBy(desc(auditEvent.seq))
    .limit(page.limit);
  return rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
}

/** The newest seq in the trail (0 when empty). Rows at or below it never change. */
export async function headSeq(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ seq: max(auditEvent.seq) }).from(auditEvent);
  return row?.seq ?? 0;
}

/** How many events match with seq at most `maxSeq`, counting no further than `upTo`. */
export async function countEventsUpTo(
  db: DbOrTx,
  filters: AuditFilters,
  maxSeq: number,
  upTo: number,
): Promise<number> {
  const matching = db
    .select({ one: sql`1` })
    .from(auditEvent)
    .where(and(...filterConditions(filters), lte(auditEvent.seq, maxSeq)))
    .limit(upTo)
    .as('matching');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matching);
  return row?.n ?? 0;
}
