import { bigint, date, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';
import type {
  AllergyAssessmentStatus,
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyReaction,
  AllergyType,
  AllergyVerificationStatus,
  SubstanceSystem,
} from '@meridian/contracts';

/** Migration 0430. Triggers keep allergy_history and the NKA invariant. */
export const allergyIntolerance = pgTable('allergy_intolerance', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  category: text('category').$type<AllergyCategory>().notNull(),
  substanceSystem: text('substance_system').$type<SubstanceSystem>().notNull(),
  substanceCode: text('substance_code'),
  substanceDisplay: text('substance_display').notNull(),
  type: text('type').$type<AllergyType>().notNull(),
  criticality: text('criticality').$type<AllergyCriticality>().notNull(),
  clinicalStatus: text('clinical_status').$type<AllergyClinicalStatus>().notNull(),
  verificationStatus: text('verification_status').$type<AllergyVerificationStatus>().notNull(),
  reactions: jsonb('reactions').$type<AllergyReaction[]>().notNull(),
  onset: text('onset'),
  lastOccurrence: date('last_occurrence', { mode: 'string' }),
  note: text('note'),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamptz('recorded_at').notNull(),
  updatedBy: uuid('updated_by'),
  statusReason: text('status_reason'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
});
export type AllergyRow = typeof allergyIntolerance.$inferSelect;
export type NewAllergyRow = typeof allergyIntolerance.$inferInsert;

export const allergyAssessment = pgTable('allergy_assessment', {
  patientId: uuid('patient_id').primaryKey(),
  status: text('status').$type<AllergyAssessmentStatus>().notNull(),
  assessedBy: uuid('assessed_by'),
  assessedAt: timestamptz('assessed_at').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type AllergyAssessmentRow = typeof allergyAssessment.$inferSelect;

/** Written by triggers only (append-only). */
export const allergyHistory = pgTable('allergy_history', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  patientId: uuid('patient_id').notNull(),
  entityType: text('entity_type').$type<'allergy' | 'assessment'>().notNull(),
  entityId: uuid('entity_id').notNull(),
  version: integer('version').notNull(),
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  recordedAt: timestamptz('recorded_at').notNull(),
  recordedBy: uuid('recorded_by'),
});
export type AllergyHistoryRow = typeof allergyHistory.$inferSelect;
