import { boolean, integer, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';
import type {
  AdministrationOutcome,
  AlertKind,
  AlertSeverity,
  PrescriptionStatus,
} from '@meridian/contracts';

/** numeric as a JavaScript number: doses and quantities are small decimals. */
const num = (name: string) => numeric(name, { mode: 'number' });

// Migrations 0440 and 0445. The catalogue tables are read with SQL (catalogue.repository.ts).

export const homeMedication = pgTable('home_medication', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  productRxcui: text('product_rxcui'),
  display: text('display').notNull(),
  doseValue: num('dose_value'),
  doseUnit: text('dose_unit'),
  frequency: text('frequency'),
  note: text('note'),
  status: text('status').$type<'active' | 'stopped' | 'entered_in_error'>().notNull(),
  reportedBy: text('reported_by')
    .$type<'patient' | 'caregiver' | 'pharmacy_record' | 'outside_record' | 'clinician'>()
    .notNull(),
  reportedAt: timestamptz('reported_at').notNull(),
  stoppedAt: timestamptz('stopped_at'),
  statusReason: text('status_reason'),
  recordedBy: uuid('recorded_by'),
  updatedBy: uuid('updated_by'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
});
export type HomeMedicationRow = typeof homeMedication.$inferSelect;

export const prescription = pgTable('prescription', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  productRxcui: text('product_rxcui').notNull(),
  productDisplay: text('product_display').notNull(),
  doseValue: num('dose_value'),
  doseUnit: text('dose_unit'),
  route: text('route'),
  frequency: text('frequency'),
  isPrn: boolean('is_prn').notNull(),
  prnReason: text('prn_reason'),
  prnMaxDosesPerDay: integer('prn_max_doses_per_day'),
  durationDays: integer('duration_days'),
  quantity: num('quantity'),
  quantityUnit: text('quantity_unit'),
  refills: integer('refills').notNull(),
  instructions: text('instructions'),
  note: text('note'),
  status: text('status').$type<PrescriptionStatus>().notNull(),
  replacesId: uuid('replaces_id'),
  revision: text('revision').$type<'modify' | 'renew'>(),
  prescriberId: uuid('prescriber_id'),
  startsAt: timestamptz('starts_at'),
  endsAt: timestamptz('ends_at'),
  signedAt: timestamptz('signed_at'),
  signedBy: uuid('signed_by'),
  stoppedAt: timestamptz('stopped_at'),
  statusReason: text('status_reason'),
  updatedBy: uuid('updated_by'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
});
export type PrescriptionRow = typeof prescription.$inferSelect;

export const medicationAlert = pgTable('medication_alert', {
  id: uuid('id').primaryKey(),
  prescriptionId: uuid('prescription_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  alertKey: text('alert_key').notNull(),
  ruleId: text('rule_id').notNull(),
  kind: text('kind').$type<AlertKind>().notNull(),
  severity: text('severity').$type<AlertSeverity>().notNull(),
  reason: text('reason').notNull(),
  source: text('source').notNull(),
  firstShownAt: timestamptz('first_shown_at').notNull(),
  lastShownAt: timestamptz('last_shown_at').notNull(),
  shownCount: integer('shown_count').notNull(),
  shownTo: uuid('shown_to'),
  overrideReason: text('override_reason'),
  overriddenBy: uuid('overridden_by'),
  overriddenAt: timestamptz('overridden_at'),
});

export const medicationAdministration = pgTable('medication_administration', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  prescriptionId: uuid('prescription_id').notNull(),
  stayId: uuid('stay_id').notNull(),
  scheduledFor: timestamptz('scheduled_for'),
  outcome: text('outcome').$type<AdministrationOutcome>().notNull(),
  occurredAt: timestamptz('occurred_at').notNull(),
  doseValue: num('dose_value'),
  doseUnit: text('dose_unit'),
  reason: text('reason'),
  note: text('note'),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamptz('recorded_at').notNull(),
  status: text('status').$type<'recorded' | 'entered_in_error'>().notNull(),
  correctsId: uuid('corrects_id'),
  errorReason: text('error_reason'),
  errorBy: uuid('error_by'),
  errorAt: timestamptz('error_at'),
});
export type AdministrationRow = typeof medicationAdministration.$inferSelect;
