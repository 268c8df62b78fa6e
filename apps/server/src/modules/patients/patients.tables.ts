import {
  boolean,
  customType,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamptz } from '../../platform/db-columns.js';
import type { z } from 'zod';
import type {
  Address,
  patientAddressOut,
  patientContactOut,
  patientPhoneOut,
  previousNameOut,
} from '@meridian/contracts';

/** Dates stay ISO strings (YYYY-MM-DD): a date of birth has no time zone. */
const isoDate = (name: string) => date(name, { mode: 'string' });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export type StoredPhone = z.infer<typeof patientPhoneOut>;
export type StoredAddress = z.infer<typeof patientAddressOut>;
export type StoredContact = z.infer<typeof patientContactOut>;
export type StoredPreviousName = z.infer<typeof previousNameOut>;

export const patient = pgTable('patient', {
  id: uuid('id').primaryKey(),
  mrn: text('mrn').notNull(),
  version: integer('version').notNull(),
  status: text('status').$type<'active' | 'inactive' | 'merged'>().notNull(),
  mergedIntoId: uuid('merged_into_id'),
  mergedAt: timestamptz('merged_at'),

  namePrefix: text('name_prefix'),
  givenName: text('given_name').notNull(),
  middleName: text('middle_name'),
  familyName: text('family_name').notNull(),
  nameSuffix: text('name_suffix'),
  preferredName: text('preferred_name'),
  previousNames: jsonb('previous_names').$type<StoredPreviousName[]>().notNull(),
  birthDate: isoDate('birth_date').notNull(),
  sexAtBirth: text('sex_at_birth').$type<'female' | 'male' | 'intersex' | 'unknown'>().notNull(),
  genderIdentity: text('gender_identity'),
  pronouns: text('pronouns'),
  language: text('language'),
  interpreterNeeded: boolean('interpreter_needed').notNull(),
  maritalStatus: text('marital_status'),
  race: text('race').array().notNull(),
  ethnicity: text('ethnicity'),
  phones: jsonb('phones').$type<StoredPhone[]>().notNull(),
  email: text('email'),
  addresses: jsonb('addresses').$type<StoredAddress[]>().notNull(),
  preferredContact: text('preferred_contact'),
  consentSms: boolean('consent_sms').notNull(),
  consentEmail: boolean('consent_email').notNull(),
  contacts: jsonb('contacts').$type<StoredContact[]>().notNull(),
  primaryCareUserId: uuid('primary_care_user_id'),
  homeFacilityId: uuid('home_facility_id'),
  deceased: boolean('deceased').notNull(),
  deceasedDate: isoDate('deceased_date'),
  flagVip: boolean('flag_vip').notNull(),
  flagEmployee: boolean('flag_employee').notNull(),
  flagConfidential: boolean('flag_confidential').notNull(),
  ssnEncrypted: text('ssn_encrypted'),
  ssnLast4: text('ssn_last4'),

  searchGiven: text('search_given').notNull(),
  searchFamily: text('search_family').notNull(),
  searchNames: text('search_names').notNull(),
  namePhonetic: text('name_phonetic').array().notNull(),
  phoneKeys: text('phone_keys').array().notNull(),
  postalCode: text('postal_code'),

  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
});
export type PatientRow = typeof patient.$inferSelect;
export type NewPatientRow = typeof patient.$inferInsert;

export const patientMrnAlias = pgTable('patient_mrn_alias', {
  mrn: text('mrn').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  retiredPatientId: uuid('retired_patient_id').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

export const patientIdentifier = pgTable('patient_identifier', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  type: text('type').notNull(),
  assigningAuthority: text('assigning_authority').notNull(),
  value: text('value').notNull(),
  valueKey: text('value_key').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});
export type PatientIdentifierRow = typeof patientIdentifier.$inferSelect;

export const patientPhoto = pgTable('patient_photo', {
  patientId: uuid('patient_id').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  updatedBy: uuid('updated_by'),
});

export const patientPortalLink = pgTable(
  'patient_portal_link',
  {
    userId: uuid('user_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    relationship: text('relationship').$type<'self' | 'proxy'>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.patientId] })],
);

export const patientHistory = pgTable('patient_history', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  entityType: text('entity_type').$type<'patient' | 'coverage'>().notNull(),
  entityId: uuid('entity_id').notNull(),
  version: integer('version').notNull(),
  action: text('action').notNull(),
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  recordedAt: timestamptz('recorded_at').notNull(),
  recordedBy: uuid('recorded_by'),
});

export const patientMerge = pgTable('patient_merge', {
  id: uuid('id').primaryKey(),
  survivorId: uuid('survivor_id').notNull(),
  duplicateId: uuid('duplicate_id').notNull(),
  retiredMrn: text('retired_mrn').notNull(),
  reason: text('reason').notNull(),
  survivorSnapshot: jsonb('survivor_snapshot').$type<Record<string, unknown>>().notNull(),
  duplicateSnapshot: jsonb('duplicate_snapshot').$type<Record<string, unknown>>().notNull(),
  moved: jsonb('moved').$type<Record<string, number>>().notNull(),
  mergedAt: timestamptz('merged_at').notNull(),
  mergedBy: uuid('merged_by'),
});

export const payer = pgTable('payer', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  payerId: text('payer_id').notNull(),
  address: jsonb('address').$type<Address>(),
  phone: text('phone'),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type PayerRow = typeof payer.$inferSelect;

export const insurancePlan = pgTable('insurance_plan', {
  id: uuid('id').primaryKey(),
  payerId: uuid('payer_id').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
export type InsurancePlanRow = typeof insurancePlan.$inferSelect;

export interface StoredSubscriber {
  name: { given: string; middle?: string; family: string };
  birthDate: string;
  sexAtBirth?: 'female' | 'male' | 'intersex' | 'unknown';
  phone?: string;
  relationshipDetail?: string;
}

export const coverage = pgTable('coverage', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  payerId: uuid('payer_id').notNull(),
  planId: uuid('plan_id'),
  memberId: text('member_id').notNull(),
  groupNumber: text('group_number'),
  subscriberRelationship: text('subscriber_relationship')
    .$type<'self' | 'spouse' | 'child' | 'other'>()
    .notNull(),
  subscriber: jsonb('subscriber').$type<StoredSubscriber>(),
  effectiveFrom: isoDate('effective_from').notNull(),
  effectiveTo: isoDate('effective_to'),
  priority: text('priority').$type<'primary' | 'secondary' | 'tertiary'>().notNull(),
  status: text('status').$type<'active' | 'cancelled' | 'entered_in_error'>().notNull(),
  statusReason: text('status_reason'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
});
export type CoverageRow = typeof coverage.$inferSelect;

export const coverageCard = pgTable(
  'coverage_card',
  {
    coverageId: uuid('coverage_id').notNull(),
    side: text('side').$type<'front' | 'back'>().notNull(),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.coverageId, t.side] })],
);
