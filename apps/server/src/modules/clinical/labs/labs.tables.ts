import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../platform/db-columns.js';
import type {
  LabFlag,
  LabOrderStatus,
  LabPriority,
  LabResultStatus,
  LabSpecimen,
  SpecimenType,
} from '@meridian/contracts';

// Migration 0460's tables.
const num = (name: string) => numeric(name, { mode: 'number' });

export const labTest = pgTable('lab_test', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  kind: text('kind').$type<'panel' | 'test'>().notNull(),
  specimen: text('specimen').$type<LabSpecimen>().notNull(),
  valueType: text('value_type').$type<'numeric' | 'coded'>(),
  unit: text('unit'),
  decimals: smallint('decimals'),
  answers: text('answers').array(),
  normalAnswers: text('normal_answers').array(),
  isOrderable: boolean('is_orderable').notNull(),
  synonyms: text('synonyms').notNull(),
  position: smallint('position').notNull(),
});
export type LabTestRow = typeof labTest.$inferSelect;

export const labPanelMember = pgTable(
  'lab_panel_member',
  {
    panelCode: text('panel_code').notNull(),
    memberCode: text('member_code').notNull(),
    position: smallint('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.panelCode, t.memberCode] })],
);

export const labUnitConversion = pgTable(
  'lab_unit_conversion',
  {
    testCode: text('test_code').notNull(),
    unit: text('unit').notNull(),
    factor: num('factor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.testCode, t.unit] })],
);

export const labReferenceRange = pgTable(
  'lab_reference_range',
  {
    testCode: text('test_code').notNull(),
    sex: text('sex').$type<'any' | 'female' | 'male'>().notNull(),
    ageFromYears: smallint('age_from_years').notNull(),
    ageToYears: smallint('age_to_years'),
    low: num('low'),
    high: num('high'),
    criticalLow: num('critical_low'),
    criticalHigh: num('critical_high'),
  },
  (t) => [primaryKey({ columns: [t.testCode, t.sex, t.ageFromYears] })],
);

export const labOrder = pgTable('lab_order', {
  id: uuid('id').primaryKey(),
  // From lab_order_number_seq (the column's default).
  orderNumber: bigint('order_number', { mode: 'number' })
    .notNull()
    .default(sql`nextval('lab_order_number_seq')`),
  patientId: uuid('patient_id').notNull(),
  encounterId: uuid('encounter_id'),
  facilityId: uuid('facility_id'),
  priority: text('priority').$type<LabPriority>().notNull(),
  status: text('status').$type<LabOrderStatus>().notNull(),
  reportStatus: text('report_status').$type<LabResultStatus>(),
  clinicalNote: text('clinical_note'),
  orderedBy: uuid('ordered_by'),
  orderedAt: timestamptz('ordered_at').notNull(),
  specimenType: text('specimen_type').$type<SpecimenType>(),
  collectedAt: timestamptz('collected_at'),
  collectedBy: uuid('collected_by'),
  resultedAt: timestamptz('resulted_at'),
  cancelledAt: timestamptz('cancelled_at'),
  cancelledBy: uuid('cancelled_by'),
  cancelReason: text('cancel_reason'),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type LabOrderRow = typeof labOrder.$inferSelect;

export const labOrderItem = pgTable(
  'lab_order_item',
  {
    orderId: uuid('order_id').notNull(),
    testCode: text('test_code').notNull(),
    position: smallint('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.testCode] })],
);

/** The value columns a result and each of its revisions share. */
const valueColumns = () => ({
  status: text('status').$type<LabResultStatus>().notNull(),
  valueNumeric: num('value_numeric'),
  unit: text('unit'),
  valueCode: text('value_code'),
  valueText: text('value_text'),
  enteredValue: num('entered_value'),
  enteredUnit: text('entered_unit'),
  flag: text('flag').$type<LabFlag>(),
  rangeLow: num('range_low'),
  rangeHigh: num('range_high'),
});

export const labResult = pgTable('lab_result', {
  id: uuid('id').primaryKey(),
  orderId: uuid('order_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  testCode: text('test_code').notNull(),
  ...valueColumns(),
  observedAt: timestamptz('observed_at').notNull(),
  revision: integer('revision').notNull(),
  resultedAt: timestamptz('resulted_at').notNull(),
  resultedBy: uuid('resulted_by'),
  sourceSystem: text('source_system'),
  sourceId: text('source_id'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type LabResultRow = typeof labResult.$inferSelect;

export const labResultRevision = pgTable(
  'lab_result_revision',
  {
    resultId: uuid('result_id').notNull(),
    revision: integer('revision').notNull(),
    ...valueColumns(),
    reason: text('reason'),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamptz('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.resultId, t.revision] })],
);
export type LabResultRevisionRow = typeof labResultRevision.$inferSelect;

export const labCriticalAlert = pgTable('lab_critical_alert', {
  id: uuid('id').primaryKey(),
  resultId: uuid('result_id').notNull(),
  revision: integer('revision').notNull(),
  orderId: uuid('order_id').notNull(),
  patientId: uuid('patient_id').notNull(),
  facilityId: uuid('facility_id'),
  flag: text('flag').$type<'LL' | 'HH'>().notNull(),
  raisedAt: timestamptz('raised_at').notNull(),
  dueAt: timestamptz('due_at').notNull(),
  acknowledgedAt: timestamptz('acknowledged_at'),
  acknowledgedBy: uuid('acknowledged_by'),
  acknowledgementNote: text('acknowledgement_note'),
  escalatedAt: timestamptz('escalated_at'),
  escalatedTo: uuid('escalated_to').array().notNull(),
  version: integer('version').notNull(),
});
export type LabCriticalAlertRow = typeof labCriticalAlert.$inferSelect;
