import { z } from 'zod';
import { instant, page, uuid } from './common.js';

// ---- Outbox messages (the message viewer) ----

export const messageChannel = z.enum(['email', 'sms']);
export const messageStatus = z.enum(['pending', 'sent', 'failed', 'dead']);

export const outboxMessage = z.object({
  id: uuid,
  channel: messageChannel,
  recipient: z.string(),
  subject: z.string().nullable(),
  status: messageStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: instant,
  sentAt: instant.nullable(),
  transport: z.string().nullable(),
});
export const outboxMessageDetail = outboxMessage.extend({
  body: z.string(),
  html: z.string().nullable(),
});
export const outboxMessagePage = page(outboxMessage);
export const listMessagesQuery = z.strictObject({
  channel: messageChannel.optional(),
  status: messageStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
