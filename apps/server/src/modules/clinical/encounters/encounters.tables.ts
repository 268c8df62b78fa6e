import { integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';
import type {
  EncounterClass,
  EncounterDiagnosisRank,
  EncounterParticipantRole,
  EncounterStatus,
} from '@meridian/contracts';

/** Migrations 0400 and 0405. */
export const encounter = pgTable('encounter', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  facilityId: uuid('facility_id'),
  class: text('class').$type<EncounterClass>().notNull(),
  status: text('status').$type<EncounterStatus>().notNull(),
  statusReason: text('status_reason'),
  typeCode: text('type_code'),
  typeDisplay: text('type_display'),
  reason: text('reason'),
  startedAt: timestamptz('started_at').notNull(),
  endedAt: timestamptz('ended_at'),
  appointmentId: uuid('appointment_id'),
  stayId: uuid('stay_id'),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
  version: integer('version').notNull(),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type EncounterRow = typeof encounter.$inferSelect;
export type NewEncounterRow = typeof encounter.$inferInsert;

export const encounterParticipant = pgTable('encounter_participant', {
  encounterId: uuid('encounter_id').notNull(),
  practitionerId: uuid('practitioner_id'),
  display: text('display'),
  role: text('role').$type<EncounterParticipantRole>().notNull(),
});

export const encounterDiagnosis = pgTable('encounter_diagnosis', {
  id: uuid('id').primaryKey(),
  encounterId: uuid('encounter_id').notNull(),
  codeSystem: text('code_system').$type<'icd10cm'>().notNull(),
  code: text('code').notNull(),
  display: text('display').notNull(),
  rank: text('rank').$type<EncounterDiagnosisRank>().notNull(),
  position: integer('position').notNull(),
  status: text('status').$type<'active' | 'entered_in_error'>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamptz('created_at').notNull(),
  removedAt: timestamptz('removed_at'),
  removedBy: uuid('removed_by'),
  removedReason: text('removed_reason'),
});
export type EncounterDiagnosisRow = typeof encounterDiagnosis.$inferSelect;

export const encounterHistory = pgTable('encounter_history', {
  encounterId: uuid('encounter_id').notNull(),
  version: integer('version').notNull(),
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  replacedAt: timestamptz('replaced_at').notNull(),
  replacedBy: uuid('replaced_by'),
});
