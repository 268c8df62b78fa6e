import { z } from 'zod';
import { instant, isoDate, page, singleLine, uuid } from './common.js';

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

