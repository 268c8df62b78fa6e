import { boolean, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../platform/db-columns.js';
import type { Address, FacilityKind } from '@meridian/contracts';

export const organization = pgTable('organization', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const facility = pgTable('facility', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  name: text('name').notNull(),
  code: text('code').notNull(),
  kind: text('kind').$type<FacilityKind>().notNull(),
  timeZone: text('time_zone').notNull(),
  address: jsonb('address').$type<Address>(),
  phone: text('phone'),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const department = pgTable('department', {
  id: uuid('id').primaryKey(),
  facilityId: uuid('facility_id').notNull(),
  name: text('name').notNull(),
  code: text('code').notNull(),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export type OrganizationRow = typeof organization.$inferSelect;
export type FacilityRow = typeof facility.$inferSelect;
export type DepartmentRow = typeof department.$inferSelect;
