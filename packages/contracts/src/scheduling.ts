import { z } from 'zod';
import {
  ianaTimeZone,
  instant,
  isoDate,
  multiLine,
  page,
  pageQuery,
  singleLine,
  uuid,
} from './common.js';
import { patientSummary } from './patients.js';

// ---- Calendars: practitioners, resources, appointment types ----

export const practitionerProfileInput = z.strictObject({
  /** An active staff user; one practitioner profile per user. */
  userId: uuid,
  /** Home location: where the calendar opens and availability is computed by default. */
  facilityId: uuid,
  departmentId: uuid.nullable().default(null),
  /** Free text from a short list in the UI, e.g. "Family medicine", "Cardiology". */
  specialty: singleLine(100),
  /** A cap on booked appointments per local day; null = no cap. */
  maxAppointmentsPerDay: z.number().int().min(1).max(200).nullable().default(null),
  isActive: z.boolean().default(true),
});
export type PractitionerProfileInput = z.input<typeof practitionerProfileInput>;

export const practitionerProfile = z.object({
  id: uuid,
  userId: uuid,
  displayName: z.string(),
  facilityId: uuid,
  departmentId: uuid.nullable(),
  specialty: z.string(),
  maxAppointmentsPerDay: z.number().int().nullable(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type PractitionerProfile = z.infer<typeof practitionerProfile>;

export const practitionerProfileQuery = z.strictObject({
  facilityId: uuid.optional(),
  departmentId: uuid.optional(),
  specialty: z.string().trim().max(100).optional(),
  /** Default: active only. */
  includeInactive: z.stringbool().optional(),
});

export const resourceKind = z.enum(['room', 'equipment']);
export type ResourceKind = z.infer<typeof resourceKind>;

export const scheduleResourceInput = z.strictObject({
  facilityId: uuid,
  kind: resourceKind,
  code: singleLine(20).regex(/^[A-Z0-9][A-Z0-9_-]*$/, {
    message: 'must be upper-case letters, digits, - or _',
  }),
  name: singleLine(100),
  isActive: z.boolean().default(true),
});
export const scheduleResource = z.object({
  id: uuid,
  facilityId: uuid,
  kind: resourceKind,
  code: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type ScheduleResource = z.infer<typeof scheduleResource>;

export const visitKind = z.enum(['new', 'follow_up']);
export const visitModality = z.enum(['in_person', 'video']);
export type VisitModality = z.infer<typeof visitModality>;

export const appointmentTypeInput = z.strictObject({
  code: singleLine(30).regex(/^[A-Z0-9][A-Z0-9_-]*$/, {
    message: 'must be upper-case letters, digits, - or _',
  }),
  name: singleLine(100),
  durationMinutes: z.number().int().min(5).max(720),
  bufferBeforeMinutes: z.number().int().min(0).max(240).default(0),
  bufferAfterMinutes: z.number().int().min(0).max(240).default(0),
  visitKind,
  modality: visitModality,
  /** Practitioners who may be booked for this type; empty = any practitioner. */
  practitionerIds: z.array(uuid).max(500).default([]),
  /** A CSS colour for the calendar, #rrggbb. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #1c7ed6' })
    .default('#1c7ed6'),
  isActive: z.boolean().default(true),
});
export type AppointmentTypeInput = z.input<typeof appointmentTypeInput>;
export const appointmentType = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  durationMinutes: z.number().int(),
  bufferBeforeMinutes: z.number().int(),
  bufferAfterMinutes: z.number().int(),
  visitKind,
  modality: visitModality,
  practitionerIds: z.array(uuid),
  color: z.string(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type AppointmentType = z.infer<typeof appointmentType>;

// ---- Working-hour templates and exceptions ----

/** ISO 8601 weekday: 1 = Monday ... 7 = Sunday. */
export const isoWeekday = z.number().int().min(1).max(7);
/** Minutes since local midnight in the facility's time zone; 1440 = the end of the day. */
export const minuteOfDay = z.number().int().min(0).max(1440);

export const templateBlock = z
  .strictObject({ weekday: isoWeekday, startMinute: minuteOfDay, endMinute: minuteOfDay })
  .refine((b) => b.endMinute > b.startMinute, {
    message: 'must end after it starts',
    path: ['endMinute'],
  });
export type TemplateBlock = z.infer<typeof templateBlock>;

export const scheduleTemplateInput = z
  .strictObject({
    /** The location these hours are worked at (its time zone rules the local times). */
    facilityId: uuid,
    name: singleLine(100),
    effectiveFrom: isoDate,
    /** Inclusive; null = until further notice. */
    effectiveUntil: isoDate.nullable().default(null),
    blocks: z.array(templateBlock).min(1).max(100),
  })
  .refine((t) => t.effectiveUntil === null || t.effectiveUntil >= t.effectiveFrom, {
    message: 'must not be before effectiveFrom',
    path: ['effectiveUntil'],
  });
export type ScheduleTemplateInput = z.input<typeof scheduleTemplateInput>;
export const scheduleTemplate = z.object({
  id: uuid,
  practitionerId: uuid,
  facilityId: uuid,
  name: z.string(),
  effectiveFrom: z.string(),
  effectiveUntil: z.string().nullable(),
  blocks: z.array(
    z.object({
      weekday: z.number().int(),
      startMinute: z.number().int(),
      endMinute: z.number().int(),
    }),
  ),
  version: z.number().int(),
});
export type ScheduleTemplate = z.infer<typeof scheduleTemplate>;

export const scheduleExceptionKind = z.enum(['leave', 'holiday', 'blocked']);
export type ScheduleExceptionKind = z.infer<typeof scheduleExceptionKind>;

/**
 * Time a practitioner, a resource or a whole facility (a holiday) is not available. Exactly
 * one of practitionerId / resourceId, or neither with facilityId for the whole facility.
 */
export const scheduleExceptionInput = z
  .strictObject({
    kind: scheduleExceptionKind,
    practitionerId: uuid.optional(),
    resourceId: uuid.optional(),
    facilityId: uuid.optional(),
    startsAt: instant,
    endsAt: instant,
    reason: singleLine(500),
  })
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), {
    message: 'must be after startsAt',
    path: ['endsAt'],
  })
  .refine((e) => [e.practitionerId, e.resourceId, e.facilityId].filter(Boolean).length === 1, {
    message: 'name exactly one of practitionerId, resourceId or facilityId',
    path: ['practitionerId'],
  });
export type ScheduleExceptionInput = z.input<typeof scheduleExceptionInput>;
export const scheduleException = z.object({
  id: uuid,
  kind: scheduleExceptionKind,
  practitionerId: uuid.nullable(),
  resourceId: uuid.nullable(),
  facilityId: uuid.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  isCancelled: z.boolean(),
});
export type ScheduleException = z.infer<typeof scheduleException>;
/**
 * The answer to creating an exception: the exception, and the active appointments that now
 * fall inside it (for staff to move; they are not cancelled by the exception).
 */
export const scheduleExceptionCreated = scheduleException.extend({
  affectedAppointmentIds: z.array(uuid),
});
export type ScheduleExceptionCreated = z.infer<typeof scheduleExceptionCreated>;

export const scheduleExceptionQuery = z.strictObject({
  practitionerId: uuid.optional(),
  resourceId: uuid.optional(),
  facilityId: uuid.optional(),
  from: instant,
  to: instant,
});

// Lists of the calendar catalogue (every list answers { items }).
export const practitionerProfileList = z.object({ items: z.array(practitionerProfile) });
export const scheduleResourceQuery = z.strictObject({
  facilityId: uuid.optional(),
  kind: resourceKind.optional(),
  /** Default: active only. */
  includeInactive: z.stringbool().optional(),
});
export const scheduleResourceList = z.object({ items: z.array(scheduleResource) });
export const appointmentTypeQuery = z.strictObject({
  /** Default: active only. */
  includeInactive: z.stringbool().optional(),
});
export const appointmentTypeList = z.object({ items: z.array(appointmentType) });
export const scheduleTemplateList = z.object({ items: z.array(scheduleTemplate) });
export const scheduleExceptionList = z.object({ items: z.array(scheduleException) });

// ---- Availability ----

export const slotSearchQuery = z
  .strictObject({
    appointmentTypeId: uuid,
    /** One of: a practitioner, a specialty, or a location (facility); several may narrow. */
    practitionerId: uuid.optional(),
    specialty: z.string().trim().min(1).max(100).optional(),
    facilityId: uuid.optional(),
    departmentId: uuid.optional(),
    /** Local dates in the facility's time zone, inclusive; at most 31 days. */
    from: isoDate,
    to: isoDate,
    /** The zone the caller means by `from`/`to`; default: each facility's own. */
    timeZone: ianaTimeZone.optional(),
    /** Also reserve one of these resources (all must be free). */
    resourceId: uuid.optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  })
  .refine((q) => q.practitionerId ?? q.specialty ?? q.facilityId ?? q.departmentId, {
    message: 'name a practitionerId, specialty, facilityId or departmentId',
    path: ['practitionerId'],
  })
  .refine((q) => q.to >= q.from, { message: 'must not be before from', path: ['to'] });
export type SlotSearchQuery = z.input<typeof slotSearchQuery>;

export const slot = z.object({
  practitionerId: uuid,
  facilityId: uuid,
  startsAt: z.string(),
  endsAt: z.string(),
});
export type Slot = z.infer<typeof slot>;
export const slotSearchResult = z.object({
  items: z.array(slot),
  /** True when more slots exist than `limit`. */
  truncated: z.boolean(),
});
export type SlotSearchResult = z.infer<typeof slotSearchResult>;

// ---- Appointments ----

/**
 * The visit flow. `held` is a slot kept briefly for a waitlist offer (no patient yet).
 * Active statuses occupy the practitioner's time; cancelled and no_show free it.
 */
export const appointmentStatus = z.enum([
  'held',
  'booked',
  'confirmed',
  'arrived',
  'in_room',
  'completed',
  'cancelled',
  'no_show',
]);
export type AppointmentStatus = z.infer<typeof appointmentStatus>;
export const activeAppointmentStatuses: readonly AppointmentStatus[] = [
  'held',
  'booked',
  'confirmed',
  'arrived',
  'in_room',
  'completed',
];

/** Who or what made a change: staff in the app, the patient by a signed link, or a job. */
export const appointmentChannel = z.enum(['staff', 'patient_link', 'system']);

export const bookAppointmentInput = z
  .strictObject({
    patientId: uuid,
    practitionerId: uuid,
    appointmentTypeId: uuid,
    startsAt: instant,
    /** Default: startsAt + the type's duration. */
    endsAt: instant.optional(),
    /** The location; default the practitioner's working location at that time. */
    facilityId: uuid.optional(),
    resourceIds: z.array(uuid).max(5).default([]),
    reason: multiLine(500).optional(),
    note: multiLine(2000).optional(),
    /** Book even though the practitioner is busy or off hours; needs appointment.overbook. */
    overbook: z.strictObject({ reason: singleLine(500) }).optional(),
  })
  .refine((b) => b.endsAt === undefined || Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    message: 'must be after startsAt',
    path: ['endsAt'],
  });
export type BookAppointmentInput = z.input<typeof bookAppointmentInput>;

export const rescheduleAppointmentInput = z
  .strictObject({
    startsAt: instant,
    endsAt: instant.optional(),
    practitionerId: uuid.optional(),
    resourceIds: z.array(uuid).max(5).optional(),
    overbook: z.strictObject({ reason: singleLine(500) }).optional(),
  })
  .refine((b) => b.endsAt === undefined || Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    message: 'must be after startsAt',
    path: ['endsAt'],
  });
export type RescheduleAppointmentInput = z.input<typeof rescheduleAppointmentInput>;

export const cancelAppointmentInput = z.strictObject({ reason: singleLine(500) });

/** A move along the visit flow; cancel has its own route (it needs a reason). */
export const appointmentTransition = z.enum(['confirm', 'arrive', 'room', 'complete', 'no_show']);
export type AppointmentTransition = z.infer<typeof appointmentTransition>;
export const transitionAppointmentInput = z.strictObject({
  action: appointmentTransition,
  /** Free text, e.g. why a no-show was marked by hand. */
  note: singleLine(500).optional(),
});

export const appointment = z.object({
  id: uuid,
  patientId: uuid.nullable(),
  /** Null when the caller may not see this patient in detail (restricted record). */
  patient: patientSummary.nullable(),
  practitionerId: uuid,
  practitionerName: z.string(),
  facilityId: uuid,
  departmentId: uuid.nullable(),
  appointmentTypeId: uuid,
  appointmentTypeName: z.string(),
  color: z.string(),
  modality: visitModality,
  seriesId: uuid.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: appointmentStatus,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  resourceIds: z.array(uuid),
  isOverbooked: z.boolean(),
  overbookReason: z.string().nullable(),
  bookedAt: z.string(),
  confirmedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  inRoomAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  noShowAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
export type Appointment = z.infer<typeof appointment>;

export const appointmentListQuery = z
  .strictObject({
    practitionerId: uuid.optional(),
    /** Several practitioners at once, comma-separated (the department's side-by-side view). */
    practitionerIds: z
      .string()
      .max(2000)
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(uuid).max(50))
      .optional(),
    departmentId: uuid.optional(),
    facilityId: uuid.optional(),
    patientId: uuid.optional(),
    from: instant,
    to: instant,
    status: z
      .string()
      .max(200)
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(appointmentStatus))
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    cursor: z.string().max(512).optional(),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), {
    message: 'must be after from',
    path: ['to'],
  });
export const appointmentPage = page(appointment);

export const appointmentSeriesInput = z.strictObject({
  booking: bookAppointmentInput,
  /** Weekly or every N weeks, COUNT occurrences including the first. */
  repeat: z.strictObject({
    everyWeeks: z.number().int().min(1).max(12).default(1),
    count: z.number().int().min(2).max(52),
  }),
  /** Book the occurrences that are free and report the rest; default: all or nothing. */
  skipConflicts: z.boolean().default(false),
});
export type AppointmentSeriesInput = z.input<typeof appointmentSeriesInput>;
export const seriesOccurrence = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  /** booked, or why not: the error code (e.g. scheduling.slot_taken) */
  outcome: z.string(),
  appointmentId: uuid.nullable(),
  conflictingAppointmentId: uuid.nullable(),
});
export const appointmentSeriesResult = z.object({
  seriesId: uuid.nullable(),
  occurrences: z.array(seriesOccurrence),
});

/** One row of the front desk's "today" list. */
export const todayListQuery = z.strictObject({
  facilityId: uuid,
  departmentId: uuid.optional(),
  practitionerId: uuid.optional(),
  /** Local date in the facility's zone; default today there. */
  date: isoDate.optional(),
});
export const todayEntry = appointment.extend({
  /** Minutes since arrival while waiting to be seen (arrived, not yet in room). */
  waitingMinutes: z.number().int().nullable(),
});
export const todayList = z.object({
  date: z.string(),
  timeZone: z.string(),
  items: z.array(todayEntry),
});

// ---- Waitlist ----

export const waitlistStatus = z.enum(['waiting', 'offered', 'booked', 'cancelled', 'expired']);
export const waitlistEntryInput = z
  .strictObject({
    patientId: uuid,
    facilityId: uuid,
    appointmentTypeId: uuid,
    practitionerId: uuid.optional(),
    specialty: singleLine(100).optional(),
    /** The window the patient would take a slot in (local dates). */
    earliestDate: isoDate,
    latestDate: isoDate,
    /** The appointment the patient would give up for an earlier one, if any. */
    currentAppointmentId: uuid.optional(),
    note: singleLine(500).optional(),
  })
  .refine((w) => w.practitionerId ?? w.specialty, {
    message: 'name a practitionerId or a specialty',
    path: ['practitionerId'],
  })
  .refine((w) => w.latestDate >= w.earliestDate, {
    message: 'must not be before earliestDate',
    path: ['latestDate'],
  });
export const waitlistEntry = z.object({
  id: uuid,
  patientId: uuid,
  patient: patientSummary.nullable(),
  facilityId: uuid,
  appointmentTypeId: uuid,
  practitionerId: uuid.nullable(),
  specialty: z.string().nullable(),
  earliestDate: z.string(),
  latestDate: z.string(),
  currentAppointmentId: uuid.nullable(),
  status: waitlistStatus,
  note: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  /** Names for the list (the practitioner only when one is wanted). */
  appointmentTypeName: z.string(),
  practitionerName: z.string().nullable(),
  /** While `offered`: when the open offer (and the held slot) lapses. */
  offerExpiresAt: z.string().nullable(),
  /** Once `booked`: the appointment the accepted offer made. */
  bookedAppointmentId: uuid.nullable(),
});
export type WaitlistEntry = z.infer<typeof waitlistEntry>;
export type WaitlistEntryInput = z.input<typeof waitlistEntryInput>;
export type WaitlistStatus = z.infer<typeof waitlistStatus>;
export const waitlistQuery = z.strictObject({
  facilityId: uuid,
  /** Default: the open entries (waiting and offered). */
  status: waitlistStatus.optional(),
  practitionerId: uuid.optional(),
  specialty: z.string().trim().max(100).optional(),
  ...pageQuery.shape,
});
/** A page of the list in arrival order; `nextCursor` asks for the entries after it. */
export const waitlistList = page(waitlistEntry);

// ---- Reminders and signed links ----

export const reminderChannel = z.enum(['email', 'sms']);
export const reminderRuleInput = z.strictObject({
  /** Null: every appointment type without a rule of its own. */
  appointmentTypeId: uuid.nullable().default(null),
  hoursBefore: z.number().int().min(1).max(720),
  isActive: z.boolean().default(true),
});
export const reminderRule = z.object({
  id: uuid,
  appointmentTypeId: uuid.nullable(),
  hoursBefore: z.number().int(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type ReminderRule = z.infer<typeof reminderRule>;
export const reminderRuleList = z.object({ items: z.array(reminderRule) });

/** What a patient sees behind a reminder or waitlist link: no identifiers, no MRN. */
export const linkView = z.object({
  purpose: z.enum(['reminder', 'waitlist_offer']),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  practitionerName: z.string(),
  facilityName: z.string(),
  appointmentTypeName: z.string(),
  status: z.string(),
  /** What the patient may still do here. */
  actions: z.array(z.enum(['confirm', 'cancel', 'accept', 'decline'])),
  expiresAt: z.string(),
});
export type LinkView = z.infer<typeof linkView>;
export const linkActionInput = z.strictObject({
  action: z.enum(['confirm', 'cancel', 'accept', 'decline']),
});
/** The signed token of a patient link, as it appears in `/r/<token>`. */
export const linkParams = z.strictObject({ token: z.string().min(1).max(512) });

// ---- Metrics ----

export const schedulingMetricsQuery = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    facilityId: uuid.optional(),
    departmentId: uuid.optional(),
    practitionerId: uuid.optional(),
    groupBy: z.enum(['practitioner', 'department', 'facility']).default('practitioner'),
  })
  .refine((q) => q.to >= q.from, { message: 'must not be before from', path: ['to'] });
export const schedulingMetricsRow = z.object({
  /** The practitioner, department or facility id (per groupBy). */
  groupId: uuid.nullable(),
  groupName: z.string(),
  appointments: z.number().int(),
  completed: z.number().int(),
  noShows: z.number().int(),
  noShowRate: z.number().nullable(),
  cancellations: z.number().int(),
  /** Median minutes from booking to the appointment's start. */
  medianLeadTimeMinutes: z.number().nullable(),
  /** Median and 90th percentile minutes from arrival to in room. */
  medianWaitMinutes: z.number().nullable(),
  p90WaitMinutes: z.number().nullable(),
  /** Booked minutes over template minutes (exceptions removed), 0..1+ (overbooking). */
  utilisation: z.number().nullable(),
  scheduledMinutes: z.number().int(),
  availableMinutes: z.number().int(),
});
export const schedulingMetrics = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(schedulingMetricsRow),
});
