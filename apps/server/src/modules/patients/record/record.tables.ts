import { doublePrecision, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';

/** Registrations that went ahead despite a likely duplicate (migration 0101). */
export const patientDuplicateOverride = pgTable('patient_duplicate_override', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  candidateIds: uuid('candidate_ids').array().notNull(),
  topScore: doublePrecision('top_score').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  createdBy: uuid('created_by'),
});
