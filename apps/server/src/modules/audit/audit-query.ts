import {
  auditFilterNames,
  type AuditExportQuery,
  type AuditFilterName,
  type AuditOutcome,
} from '@meridian/contracts';
import { fieldError } from '../../platform/errors.js';

/** An occurred-at bound as PostgreSQL compares it (the text keeps microseconds intact). */
export interface TimeBound {
  at: string;
  op: '>=' | '<=' | '<';
}

/** The audit filters, resolved from the query into what the repository compares. */
export interface AuditFilters {
  actorUserId?: string;
  patientId?: string;
  action?: { match: 'exact' | 'prefix'; value: string };
  outcome?: AuditOutcome;
  from?: TimeBound;
  to?: TimeBound;
}

const dayMs = 24 * 60 * 60 * 1000;
const isDateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** `from`: a date means that day's first instant in UTC; an instant is exact. */
export function lowerBound(from: string): TimeBound {
  return { at: isDateOnly(from) ? `${from}T00:00:00Z` : from, op: '>=' };
}

/** `to`: a date takes in the whole of that day in UTC (before the next day's start). */
export function upperBound(to: string): TimeBound {
  if (!isDateOnly(to)) return { at: to, op: '<=' };
  const nextDay = new Date(Date.parse(`${to}T00:00:00Z`) + dayMs).toISOString();
  return { at: nextDay, op: '<' };
}

/** Resolves the query's filters; refuses a range whose end lies before its start. */
export function resolveAuditFilters(q: AuditExportQuery): AuditFilters {
  const filters: AuditFilters = {};
  if (q.actorUserId) filters.actorUserId = q.actorUserId;
  if (q.patientId) filters.patientId = q.patientId;
  if (q.action) {
    filters.action = { match: q.action.endsWith('.') ? 'prefix' : 'exact', value: q.action };
  }
  if (q.outcome) filters.outcome = q.outcome;
  if (q.from) filters.from = lowerBound(q.from);
  if (q.to) filters.to = upperBound(q.to);
  if (filters.from && filters.to) {
    const start = Date.parse(filters.from.at);
    const end = Date.parse(filters.to.at);
    if (filters.to.op === '<' ? end <= start : end < start) {
      throw fieldError('query.to', 'invalid_range', 'must not be before from');
    }
  }
  return filters;
}

/** Which filters a query used, by name only: audit rows must not copy values that may be PHI. */
export function filterNamesUsed(q: AuditExportQuery): AuditFilterName[] {
  return auditFilterNames.filter((name) => q[name] !== undefined);
}

/** A LIKE pattern matching `prefix` literally at the start (`_` and `%` are wildcards). */
export function likePrefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// ---- Cursors: opaque to clients, strictly checked on the way back in ----

function encode(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function decodeStrict(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Tricky: Node's base64url decoder skips characters it does not know, so only a cursor
  // that re-encodes to itself is one we issued.
  return encode(text) === cursor ? text : null;
}

function badCursor(): Error {
  return fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
}

/** The audit search pages newest-first by seq; the cursor is the last seq shown. */
export function encodeSeqCursor(seq: number): string {
  return encode(`seq:${seq}`);
}

export function decodeSeqCursor(cursor: string): number {
  const match = /^seq:([1-9]\d{0,14})$/.exec(decodeStrict(cursor) ?? '');
  if (!match?.[1]) throw badCursor();
  return Number(match[1]);
}

/** Grants page newest-first by (grantedAt, id); the cursor is the last pair shown. */
export function encodeGrantCursor(grantedAt: Date, id: string): string {
  return encode(`grant:${grantedAt.toISOString()}|${id}`);
}

export function decodeGrantCursor(cursor: string): { grantedAt: Date; id: string } {
  const match =
    /^grant:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
      decodeStrict(cursor) ?? '',
    );
  const grantedAt = match?.[1] ? new Date(match[1]) : null;
  if (!match?.[2] || !grantedAt || Number.isNaN(grantedAt.getTime())) throw badCursor();
  return { grantedAt, id: match[2] };
}
