import type {
  ListMessagesQuery,
  OutboxMessage,
  OutboxMessageDetail,
  OutboxMessagePage,
} from '@meridian/contracts';
import type { Platform } from '../../platform/platform.js';
import type { Principal } from '../../platform/auth/principal.js';
import { AppError, notFound } from '../../platform/errors.js';
import { notifyOutbox } from '../../platform/outbox/outbox.js';
import type { OutboxMessageRow } from '../../platform/outbox/outbox.tables.js';
import { decodeMessageCursor, encodeMessageCursor } from './message-cursor.js';
import { findMessageById, findMessages, requeueMessage } from './outbox-message.repository.js';

export interface NotificationsService {
  listMessages(principal: Principal, query: ListMessagesQuery): Promise<OutboxMessagePage>;
  /** One message with its text; audited, since reminders and results carry PHI. */
  getMessage(principal: Principal, id: string): Promise<OutboxMessageDetail>;
  /** Puts a failed or dead message back in the queue with a fresh set of attempts. */
  retryMessage(principal: Principal, id: string): Promise<OutboxMessage>;
}

const entityType = 'outbox_message';

export function createNotificationsService(platform: Platform): NotificationsService {
  const { db, audit, clock } = platform;

  return {
    async listMessages(principal, query) {
      const afterId = query.cursor === undefined ? undefined : decodeMessageCursor(query.cursor);
      return db.transaction(async (tx) => {
        const rows = await findMessages(tx, query, { afterId, limit: query.limit + 1 });
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        // Recipients are contact details: the listing is recorded before it leaves. Filter
        // names only; a recipient filter's value is itself an address.
        await audit.record(tx, {
          action: 'message.listed',
          actorUserId: principal.userId,
          details: {
            filters: (['channel', 'status', 'recipient'] as const).filter(
              (f) => query[f] !== undefined,
            ),
            isNextPage: afterId !== undefined,
            resultCount: items.length,
          },
        });
        return {
          items: items.map(toMessage),
          nextCursor: rows.length > query.limit && last ? encodeMessageCursor(last.id) : null,
        };
      });
    },

    async getMessage(principal, id) {
      return db.transaction(async (tx) => {
        const row = await findMessageById(tx, id);
        if (!row) throw notFound('message', id);
        await audit.record(tx, {
          action: 'message.viewed',
          actorUserId: principal.userId,
          entityType,
          entityId: id,
        });
        return { ...toMessage(row), body: row.body, html: row.html };
      });
    },

    async retryMessage(principal, id) {
      return db.transaction(async (tx) => {
        const row = await findMessageById(tx, id, { forUpdate: true });
        if (!row) throw notFound('message', id);
        const now = clock.now();
        refuseRetry(row, now);
        const requeued = await requeueMessage(tx, id, now);
        await audit.record(tx, {
          action: 'message.retried',
          actorUserId: principal.userId,
          entityType,
          entityId: id,
          details: { previousStatus: row.status, previousAttempts: row.attempts },
        });
        // Wakes the delivery worker once this commits.
        await notifyOutbox(tx);
        return toMessage(requeued);
      });
    },
  };
}

function refuseRetry(row: OutboxMessageRow, now: Date): void {
  if (row.status === 'sent') {
    throw new AppError('resource.conflict', `message ${row.id} was already sent`);
  }
  if (row.status === 'pending') {
    throw new AppError('resource.conflict', `message ${row.id} is already queued for delivery`);
  }
  // A worker holds it under a live lease: resetting now could send it twice.
  if (row.claimToken !== null && row.nextAttemptAt > now) {
    throw new AppError('resource.conflict', `message ${row.id} is being sent right now`);
  }
}

function toMessage(row: OutboxMessageRow): OutboxMessage {
  const isSettled = row.status === 'sent' || row.status === 'dead';
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: isSettled ? null : row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    transport: row.transport,
  };
}
