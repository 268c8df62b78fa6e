import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { AuditIntegrity, Permission } from '@meridian/contracts';
import { AuditLogPage } from './AuditLogPage';
import { inputByLabel, mockApi, renderPage, withPermissions } from './test-utils';
import { problem } from '../../test/app-harness';

afterEach(() => {
  vi.unstubAllGlobals();
});

const patientId = '0192f0c4-0000-7000-8000-00000000beef';

const intact: AuditIntegrity = {
  status: 'intact',
  checkedEvents: 1234,
  firstBrokenSeq: null,
  reason: null,
  checkedAt: '2026-11-22T09:00:00Z',
};

function auditApi(opts: { permissions: Permission[]; integrity?: AuditIntegrity }) {
  return mockApi(({ url }) => {
    switch (url.pathname) {
      case '/api/v1/auth/me':
        return { body: withPermissions(opts.permissions) };
      case '/api/v1/audit-events':
        return { body: { items: [], nextCursor: null } };
      case '/api/v1/audit-events/integrity':
        return { body: opts.integrity ?? intact };
      case '/api/v1/access/break-glass':
        return problem(404, 'request.route_not_found');
      default:
        return undefined;
    }
  });
}

const eventRequests = (calls: { url: URL }[]) =>
  calls.filter((c) => c.url.pathname === '/api/v1/audit-events');

describe('AuditLogPage', () => {
  it('puts applied filters in the URL and in the API query', async () => {
    const api = auditApi({ permissions: ['audit.read'] });
    renderPage(<AuditLogPage />, { route: '/admin/audit', path: '/admin/audit' });

    expect(await screen.findByText('No audit events yet.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Patient id'), { target: { value: patientId } });
    fireEvent.change(inputByLabel(/^Action/), { target: { value: 'auth.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(
        `/admin/audit?patientId=${patientId}&action=auth.`,
      ),
    );
    await waitFor(() => {
      const last = eventRequests(api.calls).at(-1)?.url.searchParams;
      expect(last?.get('patientId')).toBe(patientId);
      expect(last?.get('action')).toBe('auth.');
    });
    // Without audit.export there is nothing to download.
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
  });

  it('reads a shared URL: local days become instants, and the export carries the same filters', async () => {
    const api = auditApi({ permissions: ['audit.read', 'audit.export'] });
    renderPage(<AuditLogPage />, {
      route: '/admin/audit?outcome=denied&from=2026-11-01&to=2026-11-02&patientId=not-a-uuid',
      path: '/admin/audit',
    });

    const exportLink = await screen.findByRole('link', { name: 'Export CSV' });
    await waitFor(() => expect(eventRequests(api.calls).length).toBeGreaterThan(0));
    const query = eventRequests(api.calls)[0]!.url.searchParams;
    // Tests run with TZ=UTC, so the local day is the UTC day here.
    expect(query.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(query.get('to')).toBe('2026-11-02T23:59:59.999Z');
    expect(query.get('outcome')).toBe('denied');
    // A malformed id in a link is dropped rather than sent for the server to refuse.
    expect(query.has('patientId')).toBe(false);

    const href = new URL(exportLink.getAttribute('href') ?? '', 'http://localhost');
    expect(href.pathname).toBe('/api/v1/audit-events/export');
    expect(href.searchParams.get('outcome')).toBe('denied');
    expect(href.searchParams.get('from')).toBe('2026-11-01T00:00:00.000Z');
    // Break-the-glass review not deployed yet: said plainly, not as an error.
    expect(
      await screen.findByText('Break-the-glass review is not available on this server yet.'),
    ).toBeTruthy();
  });

  it('shows a broken chain as an alert naming the first broken event', async () => {
    auditApi({
      permissions: ['audit.read'],
      integrity: {
        status: 'broken',
        checkedEvents: 5000,
        firstBrokenSeq: 42,
        reason: 'hash mismatch',
        checkedAt: '2026-11-22T09:00:00Z',
      },
    });
    renderPage(<AuditLogPage />, { route: '/admin/audit', path: '/admin/audit' });

    const alert = (await screen.findByText('Audit chain broken')).closest('[role="alert"]');
    expect(alert?.textContent).toContain('The chain breaks at event #42: hash mismatch');
    expect(alert?.textContent).toContain('5,000 events checked');
    expect(screen.queryByText(/Audit chain intact/)).toBeNull();
  });

  it('reports an intact chain with the number of events checked', async () => {
    const api = auditApi({ permissions: ['audit.read'] });
    renderPage(<AuditLogPage />, { route: '/admin/audit', path: '/admin/audit' });

    expect(await screen.findByText(/^Audit chain intact — 1,234 events checked at/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Verify now' }));
    await waitFor(() =>
      expect(
        api.calls.filter((c) => c.url.pathname === '/api/v1/audit-events/integrity'),
      ).toHaveLength(2),
    );
  });
});
