import {
  boolean,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';
import type {
  Acvpu,
  News2Band,
  News2Parameter,
  ObservationCategory,
  OxygenDevice,
  VitalSetStatus,
} from '@meridian/contracts';

/** Migration 0410's vital_set: one set of vitals taken together, with its NEWS2. */
export const vitalSet = pgTable('vital_set', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  takenAt: timestamptz('taken_at').notNull(),
  recordedBy: uuid('recorded_by'),
  onSupplementalOxygen: boolean('on_supplemental_oxygen').notNull(),
  oxygenFlowLpm: numeric('oxygen_flow_lpm', { mode: 'number' }),
  oxygenDevice: text('oxygen_device').$type<OxygenDevice>(),
  consciousness: text('consciousness').$type<Acvpu>(),
  spo2Scale: smallint('spo2_scale').$type<1 | 2>().notNull(),
  news2Total: smallint('news2_total'),
  news2Band: text('news2_band').$type<News2Band>(),
  news2HasRedScore: boolean('news2_has_red_score').notNull(),
  news2Alert: boolean('news2_alert').notNull(),
  news2Scores: jsonb('news2_scores').$type<Partial<Record<News2Parameter, number>>>().notNull(),
  status: text('status').$type<VitalSetStatus>().notNull(),
  errorReason: text('error_reason'),
  errorAt: timestamptz('error_at'),
  errorBy: uuid('error_by'),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type VitalSetRow = typeof vitalSet.$inferSelect;
export type NewVitalSetRow = typeof vitalSet.$inferInsert;

export type ObservationStatus =
  'preliminary' | 'final' | 'amended' | 'corrected' | 'cancelled' | 'entered_in_error';

/** Migration 0410's observation: one measured value, LOINC coded, UCUM unit. */
export const observation = pgTable('observation', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  vitalSetId: uuid('vital_set_id'),
  category: text('category').$type<ObservationCategory>().notNull(),
  codeSystem: text('code_system').notNull(),
  code: text('code').notNull(),
  display: text('display').notNull(),
  valueNumeric: numeric('value_numeric', { mode: 'number' }),
  unit: text('unit'),
  valueCode: text('value_code'),
  valueCodeSystem: text('value_code_system'),
  valueCodeDisplay: text('value_code_display'),
  valueText: text('value_text'),
  effectiveAt: timestamptz('effective_at').notNull(),
  status: text('status').$type<ObservationStatus>().notNull(),
  recordedBy: uuid('recorded_by'),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type ObservationRow = typeof observation.$inferSelect;
export type NewObservationRow = typeof observation.$inferInsert;

/** Migration 0410's spo2_scale_change: the patient's SpO2 scale, append-only. */
export const spo2ScaleChange = pgTable('spo2_scale_change', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  scale: smallint('scale').$type<1 | 2>().notNull(),
  reason: text('reason').notNull(),
  changedBy: uuid('changed_by'),
  changedAt: timestamptz('changed_at').notNull(),
  version: integer('version').notNull(),
});
export type Spo2ScaleChangeRow = typeof spo2ScaleChange.$inferSelect;
