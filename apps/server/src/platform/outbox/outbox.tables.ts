import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const outboxMessage = pgTable('outbox_message', {
  id: uuid('id').primaryKey(),
  channel: text('channel').$type<'email' | 'sms'>().notNull(),
  recipient: text('recipient').notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  html: text('html'),
  status: text('status').$type<'pending' | 'sent' | 'failed' | 'dead'>().notNull(),
  attempts: integer('attempts').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  nextAttemptAt: tz('next_attempt_at').notNull(),
  lastError: text('last_error'),
  transport: text('transport'),
  createdAt: tz('created_at').notNull(),
  sentAt: tz('sent_at'),
});
