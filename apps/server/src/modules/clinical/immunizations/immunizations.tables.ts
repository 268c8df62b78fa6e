import { date, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';
import type { ImmunizationStatus, ProcedureCodeSystem, ProcedureStatus } from '@meridian/contracts';

const common = {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  performerId: uuid('performer_id'),
  performerDisplay: text('performer_display'),
  errorReason: text('error_reason'),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamptz('recorded_at').notNull(),
  updatedBy: uuid('updated_by'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
};

/** Migration 0470. */
export const immunization = pgTable('immunization', {
  ...common,
  vaccineSystem: text('vaccine_system').$type<'cvx'>().notNull(),
  vaccineCode: text('vaccine_code').notNull(),
  vaccineDisplay: text('vaccine_display').notNull(),
  status: text('status').$type<ImmunizationStatus>().notNull(),
  notDoneReason: text('not_done_reason'),
  occurrenceDate: date('occurrence_date', { mode: 'string' }).notNull(),
  lotNumber: text('lot_number'),
  site: text('site'),
  route: text('route'),
  doseNumber: integer('dose_number'),
  note: text('note'),
});
export type ImmunizationRow = typeof immunization.$inferSelect;
export type NewImmunizationRow = typeof immunization.$inferInsert;

/** Migration 0470 ("procedure" is an SQL keyword). */
export const clinicalProcedure = pgTable('clinical_procedure', {
  ...common,
  codeSystem: text('code_system').$type<ProcedureCodeSystem>().notNull(),
  code: text('code').notNull(),
  display: text('display').notNull(),
  status: text('status').$type<ProcedureStatus>().notNull(),
  performedStart: timestamptz('performed_start').notNull(),
  performedEnd: timestamptz('performed_end'),
  bodySiteCode: text('body_site_code'),
  bodySiteDisplay: text('body_site_display'),
  outcome: text('outcome'),
});
export type ProcedureRow = typeof clinicalProcedure.$inferSelect;
export type NewProcedureRow = typeof clinicalProcedure.$inferInsert;
