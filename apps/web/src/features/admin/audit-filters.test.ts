import { describe, expect, it } from 'vitest';
import { auditExportUrl, filtersFromParams, filtersToParams } from './audit-filters';

describe('audit filters in the URL', () => {
  it('keeps valid filters and drops values the API would refuse', () => {
    const params = new URLSearchParams(
      'actorUserId=0192f0c4-0000-7000-8000-000000000001&action=Auth.Login&outcome=maybe&from=2026-11-01&to=yesterday',
    );
    expect(filtersFromParams(params)).toEqual({
      actorUserId: '0192f0c4-0000-7000-8000-000000000001',
      from: '2026-11-01',
    });
  });

  it('round-trips through the query string', () => {
    const filters = { action: 'access.', outcome: 'denied', to: '2026-11-30' } as const;
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
  });

  it('exports without a query string when nothing is filtered', () => {
    expect(auditExportUrl({})).toBe('/api/v1/audit-events/export');
  });
});
