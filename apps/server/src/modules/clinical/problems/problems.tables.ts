import { sql } from 'drizzle-orm';
import { date, integer, jsonb, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';
import type { ProblemClinicalStatus, ProblemVerificationStatus } from '@meridian/contracts';

/** Migration 0420. icd10cm_code is read with SQL (icd10cm.repository.ts), not drizzle. */
export const problem = pgTable('problem', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  icd10cmCode: text('icd10cm_code'),
  snomedCode: text('snomed_code'),
  display: text('display').notNull(),
  onsetDate: date('onset_date', { mode: 'string' }),
  abatementDate: date('abatement_date', { mode: 'string' }),
  clinicalStatus: text('clinical_status').$type<ProblemClinicalStatus>().notNull(),
  verificationStatus: text('verification_status').$type<ProblemVerificationStatus>().notNull(),
  note: text('note'),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamptz('recorded_at').notNull(),
  updatedBy: uuid('updated_by'),
  enteredInErrorReason: text('entered_in_error_reason'),
  /** 0 active/recurrence, 1 inactive, 2 resolved, 3 entered in error (generated). */
  statusRank: smallint('status_rank')
    .generatedAlwaysAs(
      sql`case when verification_status = 'entered_in_error' then 3
        when clinical_status in ('active', 'recurrence') then 0
        when clinical_status = 'inactive' then 1 else 2 end`,
    )
    .notNull(),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type ProblemRow = typeof problem.$inferSelect;
export type NewProblemRow = typeof problem.$inferInsert;

export const problemHistory = pgTable('problem_history', {
  id: uuid('id').primaryKey(),
  problemId: uuid('problem_id').notNull(),
  version: integer('version').notNull(),
  action: text('action').notNull(),
  /** The problem row after the change, as to_jsonb made it (snake_case keys). */
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  recordedAt: timestamptz('recorded_at').notNull(),
  recordedBy: uuid('recorded_by'),
});
export type ProblemHistoryRow = typeof problemHistory.$inferSelect;
