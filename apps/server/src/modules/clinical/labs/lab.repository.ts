// Drizzle queries of the lab tables only; the use cases hold the rules.
import {
  and,
  asc,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { LabOrderStatus } from '@meridian/contracts';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db.js';
import {
  labCriticalAlert,
  labOrder,
  labOrderItem,
  labResult,
  labResultRevision,
  type LabCriticalAlertRow,
  type LabOrderRow,
  type LabResultRevisionRow,
  type LabResultRow,
} from './labs.tables.js';

export interface TimeKey {
  at: Date;
  id: string;
}

// ---- Orders ----

export async function insertOrder(
  tx: DbOrTx,
  row: typeof labOrder.$inferInsert,
): Promise<LabOrderRow> {
  const [inserted] = await tx.insert(labOrder).values(row).returning();
  if (!inserted) throw new Error('lab order insert returned nothing');
  return inserted;
}

export async function insertOrderItems(
  tx: DbOrTx,
  orderId: string,
  codes: readonly string[],
): Promise<void> {
  await tx
    .insert(labOrderItem)
    .values(codes.map((testCode, i) => ({ orderId, testCode, position: i + 1 })));
}

export async function findOrder(
  tx: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<LabOrderRow | null> {
  const q = tx.select().from(labOrder).where(eq(labOrder.id, id));
  const rows = o.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function updateOrder(
  tx: DbOrTx,
  id: string,
  patch: Partial<typeof labOrder.$inferInsert>,
): Promise<LabOrderRow> {
  const [row] = await tx
    .update(labOrder)
    .set({ ...patch, version: sql`${labOrder.version} + 1` })
    .where(eq(labOrder.id, id))
    .returning();
  if (!row) throw new Error(`lab order ${id} vanished`);
  return row;
}

const newestFirst = (after: TimeKey | undefined) =>
  after
    ? or(
        lt(labOrder.orderedAt, after.at),
        and(eq(labOrder.orderedAt, after.at), lt(labOrder.id, after.id)),
      )
    : undefined;

export function listOrdersOfPatient(
  tx: DbOrTx,
  q: { patientId: string; statuses?: LabOrderStatus[]; after?: TimeKey; limit: number },
): Promise<LabOrderRow[]> {
  return tx
    .select()
    .from(labOrder)
    .where(
      and(
        eq(labOrder.patientId, q.patientId),
        q.statuses ? inArray(labOrder.status, q.statuses) : undefined,
        newestFirst(q.after),
      ),
    )
    .orderBy(desc(labOrder.orderedAt), desc(labOrder.id))
    .limit(q.limit);
}

/**
 * The lab's worklist, oldest first within priority (stat, urgent, routine): orders awaiting
 * collection, and collected or preliminary ones awaiting (final) results.
 */
export function listWorklist(
  tx: DbOrTx,
  q: { facilityId: string; stage: 'collection' | 'results' | 'all'; offset: number; limit: number },
): Promise<LabOrderRow[]> {
  const awaitingCollection = eq(labOrder.status, 'ordered');
  const awaitingResults = or(
    eq(labOrder.status, 'collected'),
    eq(labOrder.reportStatus, 'preliminary'),
  );
  const stage: SQL | undefined =
    q.stage === 'collection'
      ? awaitingCollection
      : q.stage === 'results'
        ? awaitingResults
        : or(awaitingCollection, awaitingResults);
  return tx
    .select()
    .from(labOrder)
    .where(and(eq(labOrder.facilityId, q.facilityId), stage))
    .orderBy(
      sql`case ${labOrder.priority} when 'stat' then 0 when 'urgent' then 1 else 2 end`,
      asc(labOrder.orderedAt),
      asc(labOrder.id),
    )
    .offset(q.offset)
    .limit(q.limit);
}

export function itemsOfOrders(tx: DbOrTx, orderIds: readonly string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(labOrderItem)
    .where(inArray(labOrderItem.orderId, [...orderIds]))
    .orderBy(asc(labOrderItem.position));
}

// ---- Results ----

export function resultsOfOrders(tx: DbOrTx, orderIds: readonly string[]): Promise<LabResultRow[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(labResult)
    .where(inArray(labResult.orderId, [...orderIds]));
}

export async function findResult(
  tx: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<LabResultRow | null> {
  const q = tx.select().from(labResult).where(eq(labResult.id, id));
  const rows = o.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertResult(
  tx: DbOrTx,
  row: typeof labResult.$inferInsert,
): Promise<LabResultRow> {
  const [inserted] = await tx.insert(labResult).values(row).returning();
  if (!inserted) throw new Error('lab result insert returned nothing');
  return inserted;
}

export async function updateResult(
  tx: DbOrTx,
  id: string,
  patch: Partial<typeof labResult.$inferInsert>,
): Promise<LabResultRow> {
  const [row] = await tx
    .update(labResult)
    .set({ ...patch, version: sql`${labResult.version} + 1` })
    .where(eq(labResult.id, id))
    .returning();
  if (!row) throw new Error(`lab result ${id} vanished`);
  return row;
}

export async function insertRevision(
  tx: DbOrTx,
  row: typeof labResultRevision.$inferInsert,
): Promise<void> {
  await tx.insert(labResultRevision).values(row);
}

export function revisionsOf(tx: DbOrTx, resultId: string): Promise<LabResultRevisionRow[]> {
  return tx
    .select()
    .from(labResultRevision)
    .where(eq(labResultRevision.resultId, resultId))
    .orderBy(asc(labResultRevision.revision));
}

// ---- Critical alerts ----

export async function insertAlert(
  tx: DbOrTx,
  row: typeof labCriticalAlert.$inferInsert,
): Promise<void> {
  await tx.insert(labCriticalAlert).values(row);
}

/** The newest alert of each result (the one the chart shows). */
export async function latestAlertsOfResults(
  tx: DbOrTx,
  resultIds: readonly string[],
): Promise<Map<string, LabCriticalAlertRow>> {
  if (resultIds.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(labCriticalAlert)
    .where(inArray(labCriticalAlert.resultId, [...resultIds]))
    .orderBy(asc(labCriticalAlert.revision));
  return new Map(rows.map((r) => [r.resultId, r]));
}

export async function hasOpenAlert(tx: DbOrTx, resultId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: labCriticalAlert.id })
    .from(labCriticalAlert)
    .where(and(eq(labCriticalAlert.resultId, resultId), isNull(labCriticalAlert.acknowledgedAt)))
    .limit(1);
  return rows.length > 0;
}

export async function findAlert(
  tx: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<LabCriticalAlertRow | null> {
  const q = tx.select().from(labCriticalAlert).where(eq(labCriticalAlert.id, id));
  const rows = o.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function updateAlert(
  tx: DbOrTx,
  id: string,
  patch: Partial<typeof labCriticalAlert.$inferInsert>,
): Promise<LabCriticalAlertRow> {
  const [row] = await tx
    .update(labCriticalAlert)
    .set({ ...patch, version: sql`${labCriticalAlert.version} + 1` })
    .where(eq(labCriticalAlert.id, id))
    .returning();
  if (!row) throw new Error(`lab critical alert ${id} vanished`);
  return row;
}

/** Unacknowledged alerts, oldest first (the most overdue on top). */
export function listOpenAlerts(
  tx: DbOrTx,
  q: { facilityId?: string; patientId?: string; after?: TimeKey; limit: number },
): Promise<LabCriticalAlertRow[]> {
  const after = q.after;
  return tx
    .select()
    .from(labCriticalAlert)
    .where(
      and(
        isNull(labCriticalAlert.acknowledgedAt),
        q.facilityId ? eq(labCriticalAlert.facilityId, q.facilityId) : undefined,
        q.patientId ? eq(labCriticalAlert.patientId, q.patientId) : undefined,
        after
          ? or(
              sql`${labCriticalAlert.raisedAt} > ${after.at}`,
              and(
                eq(labCriticalAlert.raisedAt, after.at),
                sql`${labCriticalAlert.id} > ${after.id}`,
              ),
            )
          : undefined,
      ),
    )
    .orderBy(asc(labCriticalAlert.raisedAt), asc(labCriticalAlert.id))
    .limit(q.limit);
}

/**
 * Unacknowledged, unescalated alerts due by `now`, locked for this worker; rows another
 * worker holds are skipped, so two workers never escalate one alert twice.
 */
export function lockDueAlerts(
  tx: DbOrTx,
  now: Date,
  limit: number,
): Promise<LabCriticalAlertRow[]> {
  return tx
    .select()
    .from(labCriticalAlert)
    .where(
      and(
        isNull(labCriticalAlert.acknowledgedAt),
        isNull(labCriticalAlert.escalatedAt),
        lte(labCriticalAlert.dueAt, now),
      ),
    )
    .orderBy(asc(labCriticalAlert.dueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

// ---- Cumulative ----

/** The patient's collections that have results (one per order), newest first. */
export async function resultColumns(
  tx: DbOrTx,
  q: { patientId: string; codes?: string[]; after?: TimeKey; limit: number },
): Promise<{ orderId: string; orderNumber: number; observedAt: Date }[]> {
  const rows = await tx
    .selectDistinct({
      orderId: labResult.orderId,
      orderNumber: labOrder.orderNumber,
      observedAt: labResult.observedAt,
    })
    .from(labResult)
    .innerJoin(labOrder, eq(labOrder.id, labResult.orderId))
    .where(
      and(
        eq(labResult.patientId, q.patientId),
        q.codes ? inArray(labResult.testCode, q.codes) : undefined,
        q.after
          ? or(
              lt(labResult.observedAt, q.after.at),
              and(eq(labResult.observedAt, q.after.at), lt(labResult.orderId, q.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(labResult.observedAt), desc(labResult.orderId))
    .limit(q.limit);
  return rows;
}

/** A patient's numeric values of one test, newest first. */
export function seriesOf(
  tx: DbOrTx,
  q: { patientId: string; code: string; after?: TimeKey; limit: number },
): Promise<LabResultRow[]> {
  return tx
    .select()
    .from(labResult)
    .where(
      and(
        eq(labResult.patientId, q.patientId),
        eq(labResult.testCode, q.code),
        isNotNull(labResult.valueNumeric),
        q.after
          ? or(
              lt(labResult.observedAt, q.after.at),
              and(eq(labResult.observedAt, q.after.at), lt(labResult.id, q.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(labResult.observedAt), desc(labResult.id))
    .limit(q.limit);
}

// ---- People ----

/** Display names (and e-mail, for notifications) of users, by id. */
export async function usersByIds(
  tx: DbOrTx,
  ids: readonly (string | null)[],
): Promise<Map<string, { displayName: string; email: string; status: string }>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({
      id: userAccount.id,
      displayName: userAccount.displayName,
      email: userAccount.email,
      status: userAccount.status,
    })
    .from(userAccount)
    .where(inArray(userAccount.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

// ---- Merge ----

export async function lockOrdersOfPatient(tx: DbOrTx, patientId: string): Promise<number> {
  const rows = await tx
    .select({ id: labOrder.id })
    .from(labOrder)
    .where(eq(labOrder.patientId, patientId))
    .for('update');
  return rows.length;
}

/** Moves a patient's orders, results and alerts to another record; returns rows moved. */
export async function movePatient(tx: DbOrTx, fromId: string, toId: string, now: Date) {
  const orders = await tx
    .update(labOrder)
    .set({ patientId: toId, updatedAt: now, version: sql`${labOrder.version} + 1` })
    .where(eq(labOrder.patientId, fromId))
    .returning({ id: labOrder.id });
  const results = await tx
    .update(labResult)
    .set({ patientId: toId, updatedAt: now })
    .where(eq(labResult.patientId, fromId))
    .returning({ id: labResult.id });
  await tx
    .update(labCriticalAlert)
    .set({ patientId: toId })
    .where(eq(labCriticalAlert.patientId, fromId));
  return orders.length + results.length;
}
