import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../db-columns.js';

export type OutboxChannel = 'email' | 'sms';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'dead';

export const outboxMessage = pgTable('outbox_message', {
  id: uuid('id').primaryKey(),
  channel: text('channel').$type<OutboxChannel>().notNull(),
  recipient: text('recipient').notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  html: text('html'),
  status: text('status').$type<OutboxStatus>().notNull(),
  attempts: integer('attempts').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  /** When the next attempt is due; while claimToken is set, when the claim's lease ends. */
  nextAttemptAt: timestamptz('next_attempt_at').notNull(),
  lastError: text('last_error'),
  transport: text('transport'),
  createdAt: timestamptz('created_at').notNull(),
  sentAt: timestamptz('sent_at'),
  claimToken: uuid('claim_token'),
  lastAttemptAt: timestamptz('last_attempt_at'),
});

export type OutboxMessageRow = typeof outboxMessage.$inferSelect;
