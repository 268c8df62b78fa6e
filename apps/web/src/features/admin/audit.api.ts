import { useQuery } from '@tanstack/react-query';
import type { AuditEvent, AuditIntegrity, BreakGlassGrant } from '@meridian/contracts';
import { api } from '../../app/api';
import { auditApiQuery } from './audit-filters';
import type { AuditFilters } from './audit-filters';
import { useCursorList } from './paging';

const auditKeys = {
  events: (filters: AuditFilters, limit: number) => ['admin', 'audit', filters, limit] as const,
  integrity: ['admin', 'audit-integrity'] as const,
  breakGlass: (active: boolean) => ['admin', 'break-glass', active] as const,
};

export function useAuditEvents(filters: AuditFilters, limit = 100) {
  return useCursorList<AuditEvent>(auditKeys.events(filters, limit), '/api/v1/audit-events', {
    ...auditApiQuery(filters),
    limit,
  });
}

/** Walks the hash chain on the server; "Verify now" refetches. */
export function useAuditIntegrity() {
  return useQuery({
    queryKey: auditKeys.integrity,
    queryFn: ({ signal }) =>
      api<AuditIntegrity>('GET', '/api/v1/audit-events/integrity', { signal }),
    // Verifying reads the whole trail: never repeat it just because the window regained focus.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** Break-the-glass grants, newest first: only those still in effect, or all. */
export function useBreakGlassGrants(activeOnly: boolean) {
  return useCursorList<BreakGlassGrant>(
    auditKeys.breakGlass(activeOnly),
    '/api/v1/access/break-glass',
    { active: activeOnly ? true : undefined, limit: 50 },
    // A 404 means this server has no break-the-glass review yet: asking again will not help.
    { retry: false },
  );
}
