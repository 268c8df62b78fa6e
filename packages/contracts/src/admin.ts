import { z } from 'zod';
import {
  address,
  email,
  ianaTimeZone,
  instant,
  isoDate,
  page,
  singleLine,
  uuid,
} from './common.js';
import { passwordMaxLength } from './auth.js';
import { roles } from './permissions.js';

// ---- Organization, facilities, departments ----

export const organization = z.object({ id: uuid, name: z.string(), version: z.number().int() });
export const updateOrganizationBody = z.strictObject({ name: singleLine(200) });

const facilityCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,15}$/, {
    message: 'must be 1-16 upper-case letters, digits or hyphens',
  });

export const facility = z.object({
  id: uuid,
  name: z.string(),
  code: z.string(),
  kind: z.enum(['hospital', 'clinic']),
  timeZone: z.string(),
  address: address.nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Facility = z.infer<typeof facility>;

export const createFacilityBody = z.strictObject({
  name: singleLine(200),
  code: facilityCode,
  kind: z.enum(['hospital', 'clinic']).default('hospital'),
  timeZone: ianaTimeZone,
  address: address.optional(),
  phone: singleLine(40).optional(),
});
export const updateFacilityBody = createFacilityBody
  .partial()
  .extend({ isActive: z.boolean().optional() })
  .strict();

export const department = z.object({
  id: uuid,
  facilityId: uuid,
  name: z.string(),
  code: z.string(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Department = z.infer<typeof department>;
export const createDepartmentBody = z.strictObject({ name: singleLine(200), code: facilityCode });
export const updateDepartmentBody = z.strictObject({
  name: singleLine(200).optional(),
  code: facilityCode.optional(),
  isActive: z.boolean().optional(),
});

// ---- Users ----

export const userStatus = z.enum(['active', 'disabled']);

export const user = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  facilityIds: z.array(uuid),
  status: userStatus,
  mfaEnrolled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: instant.nullable(),
  lastLoginAt: instant.nullable(),
  createdAt: instant,
  version: z.number().int(),
});
export type User = z.infer<typeof user>;
export const userPage = page(user);

export const listUsersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: z.enum(roles).optional(),
  status: userStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export const createUserBody = z.strictObject({
  email,
  displayName: singleLine(120),
  roles: z.array(z.enum(roles)).min(1).max(6),
  facilityIds: z.array(uuid).max(100).default([]),
  /** Initial password; the user must change it at first sign-in. */
  password: z.string().max(passwordMaxLength),
});

export const updateUserBody = z.strictObject({
  displayName: singleLine(120).optional(),
  roles: z.array(z.enum(roles)).min(1).max(6).optional(),
  facilityIds: z.array(uuid).max(100).optional(),
  status: userStatus.optional(),
});

export const resetPasswordBody = z.strictObject({
  newPassword: z.string().max(passwordMaxLength),
});

// ---- Audit ----

export const auditOutcome = z.enum(['success', 'failure', 'denied']);

export const auditEvent = z.object({
  id: uuid,
  seq: z.number().int(),
  occurredAt: instant,
  actorUserId: uuid.nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  outcome: auditOutcome,
  patientId: uuid.nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEvent>;
export const auditEventPage = page(auditEvent);

export const auditQuery = z.strictObject({
  actorUserId: uuid.optional(),
  patientId: uuid.optional(),
  /** Exact action (`auth.login`) or a prefix ending in `.` (`auth.`). */
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z_.]+$/, { message: 'must be lower-case letters, dots and underscores' })
    .optional(),
  outcome: auditOutcome.optional(),
  from: z.union([instant, isoDate]).optional(),
  to: z.union([instant, isoDate]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(512).optional(),
});

export const auditIntegrity = z.object({
  status: z.enum(['intact', 'broken']),
  checkedEvents: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
  checkedAt: instant,
});

export const breakGlassBody = z.strictObject({
  patientId: uuid,
  reason: singleLine(500).refine((s) => s.length >= 10, {
    message: 'must explain the reason in at least 10 characters',
  }),
});
export const breakGlassGrant = z.object({
  id: uuid,
  patientId: uuid,
  expiresAt: instant,
});

// ---- Outbox messages (the message viewer) ----

export const messageChannel = z.enum(['email', 'sms']);
export const messageStatus = z.enum(['pending', 'sent', 'failed', 'dead']);

export const outboxMessage = z.object({
  id: uuid,
  channel: messageChannel,
  recipient: z.string(),
  subject: z.string().nullable(),
  status: messageStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: instant,
  sentAt: instant.nullable(),
  transport: z.string().nullable(),
});
export const outboxMessageDetail = outboxMessage.extend({
  body: z.string(),
  html: z.string().nullable(),
});
export const outboxMessagePage = page(outboxMessage);
export const listMessagesQuery = z.strictObject({
  channel: messageChannel.optional(),
  status: messageStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
