import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { LabOrder, LabResult } from '@meridian/contracts';
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

function aResult(n: number, over: Partial<LabResult> = {}): LabResult {
  return {
    id: `0193d000-0000-7000-9000-${String(n).padStart(12, '0')}`,
    orderId: anOrder(n).id,
    testCode: '6298-4',
    name: 'Potassium',
    shortName: 'K',
    status: 'final',
    valueNumeric: 4.1,
    unit: 'mmol/L',
    valueCode: null,
    valueText: null,
    enteredValue: 4.1,
    enteredUnit: 'mmol/L',
    flag: null,
    rangeLow: 3.5,
    rangeHigh: 5.1,
    observedAt: '2026-11-20T10:00:00.000Z',
    resultedAt: '2026-11-20T11:00:00.000Z',
    resultedByName: 'Lab Tech',
    revision: 1,
    version: 1,
    critical: null,
    ...over,
  };
}

describe('ResultsTab', { timeout: 30_000 }, () => {
  it('shows the actions column only for an order with a row that has an action', async () => {
    const resulted = { status: 'resulted' as const, reportStatus: 'final' as const };
    mockApi((call) => {
      const path = call.url.pathname;
      if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['physician'] }) };
      if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
      if (path === '/api/v1/lab-orders') {
        const amended = aResult(2, { status: 'amended', revision: 2 });
        return {
          body: {
            items: [
              anOrder(2, { ...resulted, results: [amended] }),
              anOrder(1, { ...resulted, results: [aResult(1)] }),
            ],
            nextCursor: null,
          },
        };
      }
      return undefined;
    });
    renderApp(`/patients/${patientId}/results`);
    const amended = await screen.findByRole('table', { name: /^L0000002/ }, { timeout: 10_000 });
    const plain = screen.getByRole('table', { name: /^L0000001/ });
    // A physician amends nothing; the amended result has a history to open.
    expect(within(amended).getByRole('columnheader', { name: 'Actions' })).toBeTruthy();
    expect(within(amended).getByRole('button', { name: 'History' })).toBeTruthy();
    expect(within(plain).queryByRole('columnheader', { name: 'Actions' })).toBeNull();
    expect(within(plain).getAllByRole('columnheader')).toHaveLength(5);
  });

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
