import type { DbOrTx } from '../db.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { outboxMessage } from './outbox.tables.js';

export interface OutgoingMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject?: string | null;
  body: string;
  html?: string | null;
  maxAttempts?: number;
}

/**
 * Effects outside the database are written here inside the business transaction; the
 * delivery worker sends them after commit, with retries and dead-lettering.
 */
export interface Outbox {
  enqueue(tx: DbOrTx, message: OutgoingMessage): Promise<string>;
}

export function createOutbox(clock: Clock): Outbox {
  return {
    async enqueue(tx, m) {
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
        maxAttempts: m.maxAttempts ?? 5,
        nextAttemptAt: now,
        createdAt: now,
      });
      return id;
    },
  };
}
