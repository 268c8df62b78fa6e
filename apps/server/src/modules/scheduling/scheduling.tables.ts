import {
  boolean,
  date,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamptz } from '../../platform/db-columns.js';
import type { AppointmentStatus, ResourceKind, ScheduleExceptionKind } from '@meridian/contracts';
import { dateSpan, tstzPeriod } from './period-column.js';

const isoDate = (name: string) => date(name, { mode: 'string' });

export type Channel = 'staff' | 'patient_link' | 'system';

// ---- Calendars ----

export const practitioner = pgTable('practitioner', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  departmentId: uuid('department_id'),
  specialty: text('specialty').notNull(),
  maxAppointmentsPerDay: integer('max_appointments_per_day'),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const scheduleResource = pgTable('schedule_resource', {
  id: uuid('id').primaryKey(),
  facilityId: uuid('facility_id').notNull(),
  kind: text('kind').$type<ResourceKind>().notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const appointmentType = pgTable('appointment_type', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  bufferBeforeMinutes: integer('buffer_before_minutes').notNull(),
  bufferAfterMinutes: integer('buffer_after_minutes').notNull(),
  visitKind: text('visit_kind').$type<'new' | 'follow_up'>().notNull(),
  modality: text('modality').$type<'in_person' | 'video'>().notNull(),
  color: text('color').notNull(),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const appointmentTypePractitioner = pgTable(
  'appointment_type_practitioner',
  {
    appointmentTypeId: uuid('appointment_type_id').notNull(),
    practitionerId: uuid('practitioner_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appointmentTypeId, t.practitionerId] })],
);

export const scheduleTemplate = pgTable('schedule_template', {
  id: uuid('id').primaryKey(),
  practitionerId: uuid('practitioner_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  name: text('name').notNull(),
  effectiveFrom: isoDate('effective_from').notNull(),
  effectiveUntil: isoDate('effective_until'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

/** practitionerId and effective are copies of the template's, for the overlap constraint. */
export const scheduleTemplateBlock = pgTable('schedule_template_block', {
  id: uuid('id').primaryKey(),
  templateId: uuid('template_id').notNull(),
  practitionerId: uuid('practitioner_id').notNull(),
  weekday: smallint('weekday').notNull(),
  startMinute: smallint('start_minute').notNull(),
  endMinute: smallint('end_minute').notNull(),
  effective: dateSpan('effective').notNull(),
});

export const scheduleException = pgTable('schedule_exception', {
  id: uuid('id').primaryKey(),
  kind: text('kind').$type<ScheduleExceptionKind>().notNull(),
  practitionerId: uuid('practitioner_id'),
  resourceId: uuid('resource_id'),
  facilityId: uuid('facility_id'),
  period: tstzPeriod('period').notNull(),
  reason: text('reason').notNull(),
  isCancelled: boolean('is_cancelled').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamptz('created_at').notNull(),
  cancelledBy: uuid('cancelled_by'),
  cancelledAt: timestamptz('cancelled_at'),
});

// ---- Appointments ----

export const appointmentSeries = pgTable('appointment_series', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  practitionerId: uuid('practitioner_id').notNull(),
  appointmentTypeId: uuid('appointment_type_id').notNull(),
  everyWeeks: integer('every_weeks').notNull(),
  occurrences: integer('occurrences').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamptz('created_at').notNull(),
});

export const appointment = pgTable('appointment', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id'),
  practitionerId: uuid('practitioner_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  departmentId: uuid('department_id'),
  appointmentTypeId: uuid('appointment_type_id').notNull(),
  seriesId: uuid('series_id'),
  startsAt: timestamptz('starts_at').notNull(),
  endsAt: timestamptz('ends_at').notNull(),
  blockedPeriod: tstzPeriod('blocked_period').notNull(),
  status: text('status').$type<AppointmentStatus>().notNull(),
  modality: text('modality').$type<'in_person' | 'video'>().notNull(),
  reason: text('reason'),
  note: text('note'),
  isOverbooked: boolean('is_overbooked').notNull(),
  overbookReason: text('overbook_reason'),
  holdExpiresAt: timestamptz('hold_expires_at'),
  bookedBy: uuid('booked_by'),
  bookedAt: timestamptz('booked_at').notNull(),
  confirmedAt: timestamptz('confirmed_at'),
  confirmedVia: text('confirmed_via').$type<Channel>(),
  arrivedAt: timestamptz('arrived_at'),
  inRoomAt: timestamptz('in_room_at'),
  completedAt: timestamptz('completed_at'),
  cancelledAt: timestamptz('cancelled_at'),
  cancelledBy: uuid('cancelled_by'),
  cancelledVia: text('cancelled_via').$type<Channel>(),
  cancelReason: text('cancel_reason'),
  noShowAt: timestamptz('no_show_at'),
  noShowVia: text('no_show_via').$type<'staff' | 'system'>(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const appointmentResource = pgTable(
  'appointment_resource',
  {
    appointmentId: uuid('appointment_id').notNull(),
    resourceId: uuid('resource_id').notNull(),
    period: tstzPeriod('period').notNull(),
    isActive: boolean('is_active').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appointmentId, t.resourceId] })],
);

export const appointmentEvent = pgTable('appointment_event', {
  id: uuid('id').primaryKey(),
  appointmentId: uuid('appointment_id').notNull(),
  kind: text('kind').$type<'booked' | 'rescheduled' | 'status' | 'reminder' | 'note'>().notNull(),
  fromStatus: text('from_status').$type<AppointmentStatus>(),
  toStatus: text('to_status').$type<AppointmentStatus>(),
  fromStartsAt: timestamptz('from_starts_at'),
  toStartsAt: timestamptz('to_starts_at'),
  channel: text('channel').$type<Channel>().notNull(),
  actorUserId: uuid('actor_user_id'),
  note: text('note'),
  occurredAt: timestamptz('occurred_at').notNull(),
});

// ---- Waitlist ----

export const waitlistEntry = pgTable('waitlist_entry', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  appointmentTypeId: uuid('appointment_type_id').notNull(),
  practitionerId: uuid('practitioner_id'),
  specialty: text('specialty'),
  earliestDate: isoDate('earliest_date').notNull(),
  latestDate: isoDate('latest_date').notNull(),
  currentAppointmentId: uuid('current_appointment_id'),
  status: text('status')
    .$type<'waiting' | 'offered' | 'booked' | 'cancelled' | 'expired'>()
    .notNull(),
  note: text('note'),
  bookedAppointmentId: uuid('booked_appointment_id'),
  createdBy: uuid('created_by'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const waitlistOffer = pgTable('waitlist_offer', {
  id: uuid('id').primaryKey(),
  entryId: uuid('entry_id').notNull(),
  heldAppointmentId: uuid('held_appointment_id').notNull(),
  status: text('status').$type<'open' | 'accepted' | 'declined' | 'expired' | 'taken'>().notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
  outboxMessageId: uuid('outbox_message_id'),
  createdAt: timestamptz('created_at').notNull(),
  answeredAt: timestamptz('answered_at'),
});

// ---- Reminders ----

export const reminderRule = pgTable('reminder_rule', {
  id: uuid('id').primaryKey(),
  appointmentTypeId: uuid('appointment_type_id'),
  hoursBefore: integer('hours_before').notNull(),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const appointmentReminder = pgTable('appointment_reminder', {
  id: uuid('id').primaryKey(),
  appointmentId: uuid('appointment_id').notNull(),
  ruleId: uuid('rule_id').notNull(),
  channel: text('channel').$type<'email' | 'sms'>(),
  outcome: text('outcome').$type<'sent' | 'skipped'>().notNull(),
  skipReason: text('skip_reason'),
  outboxMessageId: uuid('outbox_message_id'),
  /** The start the reminder was for: a rescheduled appointment is reminded of anew. */
  startsAt: timestamptz('starts_at').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

export type PractitionerRow = typeof practitioner.$inferSelect;
export type AppointmentTypeRow = typeof appointmentType.$inferSelect;
export type AppointmentRow = typeof appointment.$inferSelect;
export type NewAppointmentRow = typeof appointment.$inferInsert;
export type ScheduleExceptionRow = typeof scheduleException.$inferSelect;
export type ScheduleTemplateRow = typeof scheduleTemplate.$inferSelect;
export type ScheduleTemplateBlockRow = typeof scheduleTemplateBlock.$inferSelect;
