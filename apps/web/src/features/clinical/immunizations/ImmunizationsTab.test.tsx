import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { Immunization, Procedure } from '@meridian/contracts';
import { makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const flu: Immunization = {
  id: '0193c000-0000-7000-8000-000000000001',
  patientId,
  encounterId: null,
  vaccine: { system: 'cvx', code: '140', display: 'Influenza, seasonal, injectable' },
  status: 'completed',
  notDoneReason: null,
  occurrenceDate: '2026-10-02',
  lotNumber: 'AB123',
  site: 'left deltoid',
  route: null,
  doseNumber: 1,
  performer: { id: null, name: 'Nurse Ada' },
  note: null,
  errorReason: null,
  recordedBy: null,
  recordedAt: '2026-10-02T14:00:00Z',
  sourceSystem: null,
  sourceId: null,
  version: 1,
};

const td: Immunization = {
  ...flu,
  id: '0193c000-0000-7000-8000-000000000002',
  vaccine: { system: 'cvx', code: '113', display: 'Td (adult)' },
  status: 'entered_in_error',
  lotNumber: null,
  site: null,
  doseNumber: null,
  performer: null,
  errorReason: 'Recorded on the wrong patient',
};

const colonoscopy: Procedure = {
  id: '0193c000-0000-7000-8000-000000000003',
  patientId,
  encounterId: null,
  code: { system: 'snomed', code: '73761001', display: 'Colonoscopy' },
  status: 'completed',
  performedStart: '2026-04-03T14:00:00Z',
  performedEnd: '2026-04-03T14:40:00Z',
  bodySite: null,
  outcome: 'Two polyps removed',
  performer: { id: null, name: 'Dr. Lee' },
  errorReason: null,
  recordedBy: null,
  recordedAt: '2026-04-03T15:00:00Z',
  sourceSystem: null,
  sourceId: null,
  version: 3,
};

function serve() {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['physician'] }) };
    if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
    if (path === `/api/v1/patients/${patientId}/immunizations`) {
      return call.url.searchParams.get('cursor')
        ? { body: { items: [td], nextCursor: null } }
        : { body: { items: [flu], nextCursor: 'next' } };
    }
    if (path === `/api/v1/patients/${patientId}/procedures`) {
      return { body: { items: [colonoscopy], nextCursor: null } };
    }
    return undefined;
  });
}

describe('ImmunizationsTab', { timeout: 30_000 }, () => {
  it('lists immunizations and procedures each in its own paged table', async () => {
    serve();
    renderApp(`/patients/${patientId}/immunizations`);
    const shots = await screen.findByRole('table', { name: 'Immunizations' }, { timeout: 10_000 });
    expect(within(shots).getByText('Influenza, seasonal, injectable')).toBeTruthy();
    expect(within(shots).getByText('CVX 140 · dose 1')).toBeTruthy();
    expect(within(shots).getByText('lot AB123 · left deltoid · Nurse Ada')).toBeTruthy();
    expect(within(shots).getByText('Given')).toBeTruthy();
    expect(
      within(shots).getByRole('button', { name: 'Actions for Influenza, seasonal, injectable' }),
    ).toBeTruthy();

    // "Show more" fetches the next page; an entered-in-error row shows its reason, no actions.
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await within(shots).findByText('Td (adult)')).toBeTruthy();
    expect(within(shots).getByText('Recorded on the wrong patient')).toBeTruthy();
    expect(within(shots).getByText('Entered in error')).toBeTruthy();
    expect(within(shots).queryByRole('button', { name: 'Actions for Td (adult)' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();

    const procedures = screen.getByRole('table', { name: 'Procedures' });
    expect(within(procedures).getByText('Colonoscopy')).toBeTruthy();
    expect(within(procedures).getByText('SNOMED CT 73761001')).toBeTruthy();
    expect(within(procedures).getByText('Dr. Lee')).toBeTruthy();
    expect(within(procedures).getByText('Two polyps removed')).toBeTruthy();
    expect(within(procedures).getByText('Completed')).toBeTruthy();
    expect(within(procedures).getByText(/^until /)).toBeTruthy();
  });
});
