import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { MessageChannel, MessageStatus } from '@meridian/contracts';
import type { DbOrTx } from '../../platform/db.js';
import { outboxMessage, type OutboxMessageRow } from '../../platform/outbox/outbox.tables.js';

export interface MessageFilters {
  channel?: MessageChannel | undefined;
  status?: MessageStatus | undefined;
  recipient?: string | undefined;
}

/** Newest first by (created_at, id), starting after the message `afterId` when given. */
export async function findMessages(
  db: DbOrTx,
  filters: MessageFilters,
  page: { afterId?: string | undefined; limit: number },
): Promise<OutboxMessageRow[]> {
  const where: SQL[] = [];
  if (filters.channel) where.push(eq(outboxMessage.channel, filters.channel));
  if (filters.status) where.push(eq(outboxMessage.status, filters.status));
  if (filters.recipient) {
    where.push(sql`lower(${outboxMessage.recipient}) = lower(${filters.recipient})`);
  }
  if (page.afterId) {
    where.push(
      sql`(${outboxMessage.createdAt}, ${outboxMessage.id}) < (select m.created_at, m.id from outbox_message m where m.id = ${page.afterId})`,
    );
  }
  return db
    .select()
    .from(outboxMessage)
    .where(and(...where))
    .orderBy(desc(outboxMessage.createdAt), desc(outboxMessage.id))
    .limit(page.limit);
}

export async function findMessageById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<OutboxMessageRow | null> {
  const query = db.select().from(outboxMessage).where(eq(outboxMessage.id, id));
  const rows = await (opts.forUpdate ? query.for('update') : query);
  return rows[0] ?? null;
}

/** Back to the queue with a fresh set of attempts, due at `now`. */
export async function requeueMessage(db: DbOrTx, id: string, now: Date): Promise<OutboxMessageRow> {
  const rows = await db
    .update(outboxMessage)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, claimToken: null })
    .where(eq(outboxMessage.id, id))
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`outbox message ${id} vanished while locked`);
  return row;
}
