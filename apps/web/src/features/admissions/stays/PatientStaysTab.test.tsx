import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { StayDetail } from '@meridian/contracts';
import { makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';
import { aBoard, aStay, doctor } from './stays.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const earlier = aStay({
  id: '0193a000-0000-7000-8000-0000000000c0',
  stayNumber: 'IP-000050',
  status: 'discharged',
  admittedAt: '2025-03-01T10:00:00Z',
  dischargedAt: '2025-03-04T15:00:00Z',
  disposition: 'home',
  bedId: null,
  reason: 'Appendicitis',
});

function serve(stays: StayDetail[], roles: ('nurse' | 'front_desk')[] = ['nurse']) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles }) };
    if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
    if (path === '/api/v1/admissions') return { body: { items: stays, nextCursor: null } };
    const open = stays.find((s) => path === `/api/v1/admissions/${s.id}`);
    if (open) return { body: open };
    if (path === '/api/v1/bed-board') return { body: aBoard() };
    if (path === '/api/v1/scheduling/practitioners') return { body: { items: [doctor] } };
    return undefined;
  });
}

describe('PatientStaysTab', { timeout: 30_000 }, () => {
  it("lists the patient's stays and opens one in the drawer; no second admission while one is open", async () => {
    const api = serve([aStay(), earlier]);
    renderApp(`/patients/${patientId}/stays`);
    const table = await screen.findByRole('table', { name: 'Stays' }, { timeout: 10_000 });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual([
      'IP-000123',
      'IP-000050',
    ]);
    expect(within(rows[1]!).getByText('Discharged')).toBeTruthy();
    expect(screen.getByText('The patient has an open stay.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Admit' })).toBeNull();
    const list = api.calls.find((c) => c.url.pathname === '/api/v1/admissions');
    expect(list?.url.searchParams.get('patientId')).toBe(patientId);

    fireEvent.click(screen.getByRole('button', { name: 'Open stay IP-000050' }));
    const drawer = await screen.findByRole('dialog', { name: 'Stay IP-000050' });
    expect(await within(drawer).findByText('Appendicitis')).toBeTruthy();
  });

  it('offers Admit to a nurse when no stay is open, with the patient already chosen', async () => {
    serve([earlier]);
    renderApp(`/patients/${patientId}/stays`);
    fireEvent.click(await screen.findByRole('button', { name: 'Admit' }, { timeout: 10_000 }));
    const dialog = await screen.findByRole('dialog', { name: 'Admit a patient' });
    expect(within(dialog).getByText('García, José María')).toBeTruthy();
  });

  it('shows the stays to the front desk without an Admit button', async () => {
    serve([earlier], ['front_desk']);
    renderApp(`/patients/${patientId}/stays`);
    expect(await screen.findByText('IP-000050', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Admit' })).toBeNull();
  });
});
