import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { outboxMessage, type OutboxChannel } from './outbox.tables.js';

/** The LISTEN/NOTIFY channel that wakes the delivery worker when messages are queued. */
export const outboxNotifyChannel = 'meridian_outbox';

export const defaultMaxAttempts = 5;

export interface OutgoingMessage {
  channel: OutboxChannel;
  /** An e-mail address for `email`, a phone number (E.164) for `sms`. */
  recipient: string;
  /** E-mail only. */
  subject?: string | null;
  /** Plain text; for e-mail the text part, for SMS the message. */
  body: string;
  /** E-mail only: an HTML alternative to `body`. */
  html?: string | null;
  maxAttempts?: number;
}

/**
 * Effects outside the database are written here inside the business transaction; the
 * delivery worker sends them after commit, with retries and dead-lettering.
 */
export interface Outbox {
  /** Queues a message in `tx`; nothing is sent unless and until `tx` commits. Returns its id. */
  enqueue(tx: DbOrTx, message: OutgoingMessage): Promise<string>;
}

/**
 * Wakes delivery workers once `tx` commits. PostgreSQL delivers a notification only on
 * commit (and drops it on rollback), and folds identical ones within a transaction.
 */
export async function notifyOutbox(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_notify(${outboxNotifyChannel}, '')`);
}

export function createOutbox(clock: Clock): Outbox {
  return {
    async enqueue(tx, m) {
      const maxAttempts = m.maxAttempts ?? defaultMaxAttempts;
      // A programming error, not user input: fail loudly in the caller's transaction.
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
        throw new RangeError(`outbox maxAttempts must be an integer 1..20, got ${maxAttempts}`);
      }
      const id = newId();
      const now = clock.now();
      await tx.insert(outboxMessage).values({
        id,
        channel: m.channel,
        recipient: m.recipient,
        subject: m.subject ?? null,
        body: m.body,
        html: m.html ?? null,
        status: 'pending',
        attempts: 0,
        maxAttempts,
        nextAttemptAt: now,
        createdAt: now,
      });
      await notifyOutbox(tx);
      return id;
    },
  };
}
