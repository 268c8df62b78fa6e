import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { LabOrder } from '@meridian/contracts';
import { makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

function anOrder(n: number, over: Partial<LabOrder> = {}): LabOrder {
  return {
    id: `0193d000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    orderNumber: `L${String(n).padStart(7, '0')}`,
    patientId,
    encounterId: null,
    facilityId: null,
    priority: 'routine',
    status: 'ordered',
    reportStatus: null,
    clinicalNote: null,
    orderedById: null,
    orderedByName: 'Dr. Raman',
    orderedAt: '2026-11-20T09:00:00.000Z',
    tests: [{ code: '6298-4', shortName: 'K', name: 'Potassium', specimen: 'blood' }],
    specimenType: null,
    collectedAt: null,
    collectedByName: null,
    resultedAt: null,
    cancelledAt: null,
    cancelReason: null,
    results: [],
    version: 1,
    ...over,
  };
}

describe('ResultsTab', { timeout: 30_000 }, () => {
  it('pages the orders with Load more, and an imported order names no orderer', async () => {
    const api = mockApi((call) => {
      const path = call.url.pathname;
      if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['physician'] }) };
      if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
      if (path === '/api/v1/lab-orders') {
        return call.url.searchParams.get('cursor') === 'older'
          ? { body: { items: [anOrder(1, { orderedByName: null })], nextCursor: null } }
          : { body: { items: [anOrder(2)], nextCursor: 'older' } };
      }
      return undefined;
    });
    renderApp(`/patients/${patientId}/results`);
    expect(await screen.findByText(/^L0000002/, {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText(/by Dr\. Raman/)).toBeTruthy();
    expect(screen.queryByText(/^L0000001/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText(/^L0000001/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.getAllByText(/^Ordered /).map((e) => e.textContent)).toHaveLength(2);
    expect(screen.getAllByText(/ by /)).toHaveLength(1);
    const pages = api.calls.filter((c) => c.url.pathname === '/api/v1/lab-orders');
    expect(pages.map((c) => c.url.searchParams.get('patientId'))).toEqual([patientId, patientId]);
  });
});
