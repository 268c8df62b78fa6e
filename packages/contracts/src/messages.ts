import { z } from 'zod';
import { instant, page, uuid } from './common.js';

// ---- Outbox messages (the message viewer) ----

export const messageChannel = z.enum(['email', 'sms']);
export type MessageChannel = z.infer<typeof messageChannel>;
/**
 * pending: queued, not yet tried (or being sent); failed: an attempt failed, another is
 * scheduled at nextAttemptAt; sent: a transport accepted it; dead: given up (attempts used
 * up or refused for good), only a retry sends it again.
 */
export const messageStatus = z.enum(['pending', 'sent', 'failed', 'dead']);
export type MessageStatus = z.infer<typeof messageStatus>;

export const outboxMessage = z.object({
  id: uuid,
  channel: messageChannel,
  recipient: z.string(),
  subject: z.string().nullable(),
  status: messageStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  /** Why the last attempt failed; no addresses or message text. */
  lastError: z.string().nullable(),
  createdAt: instant,
  lastAttemptAt: instant.nullable(),
  /** When the next attempt is due; null once sent or dead. */
  nextAttemptAt: instant.nullable(),
  sentAt: instant.nullable(),
  /** Who delivered (or last tried): 'smtp', or 'viewer' when kept here instead of sent. */
  transport: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof outboxMessage>;

export const outboxMessageDetail = outboxMessage.extend({
  body: z.string(),
  html: z.string().nullable(),
});
export type OutboxMessageDetail = z.infer<typeof outboxMessageDetail>;

export const outboxMessagePage = page(outboxMessage);
export type OutboxMessagePage = z.infer<typeof outboxMessagePage>;

/** Newest first. `recipient` matches the whole address or number, ignoring case. */
export const listMessagesQuery = z.strictObject({
  channel: messageChannel.optional(),
  status: messageStatus.optional(),
  recipient: z.string().trim().min(1).max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuery>;
