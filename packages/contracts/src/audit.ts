import { z } from 'zod';
import { instant, isoDate, page, singleLine, uuid } from './common.js';

// ---- Audit ----

export const auditOutcome = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof auditOutcome>;

export const auditEvent = z.object({
  id: uuid,
  seq: z.number().int(),
  occurredAt: instant,
  actorUserId: uuid.nullable(),
  /** The actor's current e-mail address (joined from the account), null for system events. */
  actorEmail: z.string().nullable(),
  action: z.string(),
  outcome: auditOutcome,
  patientId: uuid.nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  facilityId: uuid.nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEvent>;
export const auditEventPage = page(auditEvent);
export type AuditEventPage = z.infer<typeof auditEventPage>;

const auditBound = z.union([instant, isoDate]);

/** The filters shared by the audit search and the CSV export. */
const auditFilterShape = {
  actorUserId: uuid.optional(),
  patientId: uuid.optional(),
  /** Exact action (`auth.login`) or a prefix ending in `.` (`auth.`). */
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$/, {
      message: 'must be dot-separated lower-case words, optionally ending in . for a prefix',
    })
    .describe('An exact action such as auth.login, or a prefix ending in "." such as auth.')
    .optional(),
  outcome: auditOutcome.optional(),
  from: auditBound
    .describe(
      'Earliest time, inclusive. A date (2026-01-15) means the start of that day in UTC; an instant with an offset is exact.',
    )
    .optional(),
  to: auditBound
    .describe(
      'Latest time, inclusive. A date (2026-01-15) means the whole of that day in UTC (up to its end); an instant with an offset is exact.',
    )
    .optional(),
};

/** The filter names, in a stable order (audit rows record which were used, never values). */
export const auditFilterNames = [
  'actorUserId',
  'patientId',
  'action',
  'outcome',
  'from',
  'to',
] as const;
export type AuditFilterName = (typeof auditFilterNames)[number];

export const auditQuery = z.strictObject({
  ...auditFilterShape,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(512).describe('The nextCursor of the previous page; opaque.').optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditExportQuery = z.strictObject(auditFilterShape);
export type AuditExportQuery = z.infer<typeof auditExportQuery>;

/** The most rows one CSV export carries; the response says when more matched. */
export const auditExportRowCap = 100_000;
/** Response headers of the CSV export. */
export const auditExportHeaders = {
  rowCount: 'x-export-row-count',
  truncated: 'x-export-truncated',
  rowCap: 'x-export-row-cap',
} as const;

export const auditIntegrity = z.object({
  status: z.enum(['intact', 'broken']),
  checkedEvents: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
  checkedAt: instant,
});
export type AuditIntegrity = z.infer<typeof auditIntegrity>;

// ---- Break the glass ----

/** How long a break-the-glass grant opens a restricted record. */
export const breakGlassDurationMinutes = 60;

export const breakGlassBody = z.strictObject({
  patientId: uuid,
  reason: singleLine(500).refine((s) => s.length >= 10, {
    message: 'must explain the reason in at least 10 characters',
  }),
});
export type BreakGlassBody = z.infer<typeof breakGlassBody>;

export const breakGlassGrant = z.object({
  id: uuid,
  patientId: uuid,
  expiresAt: instant,
  userId: uuid,
  userEmail: z.string(),
  userDisplayName: z.string(),
  reason: z.string(),
  grantedAt: instant,
  /** True while the grant has not expired. */
  isActive: z.boolean(),
});
export type BreakGlassGrant = z.infer<typeof breakGlassGrant>;
export const breakGlassGrantPage = page(breakGlassGrant);
export type BreakGlassGrantPage = z.infer<typeof breakGlassGrantPage>;

export const breakGlassGrantQuery = z.strictObject({
  /** true: unexpired grants only; false: expired only; omitted: all. */
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .describe('true: unexpired grants only; false: expired grants only; omitted: all')
    .optional(),
  userId: uuid.optional(),
  patientId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).describe('The nextCursor of the previous page; opaque.').optional(),
});
export type BreakGlassGrantQuery = z.infer<typeof breakGlassGrantQuery>;
