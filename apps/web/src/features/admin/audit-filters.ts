import dayjs from 'dayjs';
import { auditOutcome, auditQuery, isoDate, uuid } from '@meridian/contracts';
import type { AuditEvent } from '@meridian/contracts';

/** The audit log's filters as the URL keeps them: dates are local calendar days. */
export interface AuditFilters {
  actorUserId?: string;
  patientId?: string;
  action?: string;
  outcome?: AuditEvent['outcome'];
  /** First local day included, YYYY-MM-DD. */
  from?: string;
  /** Last local day included, YYYY-MM-DD. */
  to?: string;
}

const filterKeys = ['actorUserId', 'patientId', 'action', 'outcome', 'from', 'to'] as const;

const validators: Record<
  (typeof filterKeys)[number],
  { safeParse(v: unknown): { success: boolean } }
> = {
  actorUserId: uuid,
  patientId: uuid,
  action: auditQuery.shape.action,
  outcome: auditOutcome,
  from: isoDate,
  to: isoDate,
};

/** Reads filters from a shared or bookmarked URL, dropping values the API would refuse. */
export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const filters: Record<string, string> = {};
  for (const key of filterKeys) {
    const value = params.get(key)?.trim();
    if (value && validators[key].safeParse(value).success) filters[key] = value;
  }
  return filters;
}

export function filtersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/**
 * The API query for the filters. Tricky: the API reads a bare date as a whole UTC day, but
 * the reader picked days on their own calendar (and sees times in their own zone), so the
 * range is sent as the instants where their local days begin and end.
 */
export function auditApiQuery(filters: AuditFilters): Record<string, string | undefined> {
  return {
    actorUserId: filters.actorUserId,
    patientId: filters.patientId,
    action: filters.action,
    outcome: filters.outcome,
    from: filters.from ? dayjs(filters.from).startOf('day').toISOString() : undefined,
    to: filters.to ? dayjs(filters.to).endOf('day').toISOString() : undefined,
  };
}

/** The CSV export of the same view, as a same-origin URL the browser downloads. */
export function auditExportUrl(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(auditApiQuery(filters))) {
    if (value) params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `/api/v1/audit-events/export?${qs}` : '/api/v1/audit-events/export';
}
