import { bigint, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../db-columns.js';

export const auditEvent = pgTable('audit_event', {
  id: uuid('id').primaryKey(),
  // seq, prevHash and hash are sealed as the writing transaction commits (migration 0050):
  // null only inside that transaction, so every row a reader sees has them. The insert's
  // placeholders are overwritten.
  seq: bigint('seq', { mode: 'number' }).notNull(),
  occurredAt: timestamptz('occurred_at').notNull(),
  actorUserId: uuid('actor_user_id'),
  action: text('action').notNull(),
  outcome: text('outcome').$type<'success' | 'failure' | 'denied'>().notNull(),
  patientId: uuid('patient_id'),
  entityType: text('entity_type'),
  entityId: text('entity_id'),
  facilityId: uuid('facility_id'),
  requestId: text('request_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const breakGlassGrant = pgTable('break_glass_grant', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  reason: text('reason').notNull(),
  grantedAt: timestamptz('granted_at').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
});
