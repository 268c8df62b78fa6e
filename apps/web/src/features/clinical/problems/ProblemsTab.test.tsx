import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Icd10cmCode, PatientProblem } from '@meridian/contracts';
import { makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

function aProblem(over: Partial<PatientProblem> = {}): PatientProblem {
  return {
    id: '0193a000-0000-7000-8000-0000000000a1',
    patientId,
    encounterId: null,
    code: 'I10',
    isBillable: true,
    snomedCode: null,
    display: 'Essential (primary) hypertension',
    onsetDate: '2018-04-02',
    abatementDate: null,
    clinicalStatus: 'active',
    verificationStatus: 'confirmed',
    note: null,
    recordedAt: '2026-11-01T09:00:00Z',
    recordedBy: { id: '0193a000-0000-7000-8000-0000000000d1', name: 'Dr Ada' },
    enteredInErrorReason: null,
    sourceSystem: null,
    sourceId: null,
    version: 1,
    updatedAt: '2026-11-01T09:00:00Z',
    ...over,
  };
}

const resolved = aProblem({
  id: '0193a000-0000-7000-8000-0000000000a2',
  code: 'J45.20',
  display: 'Mild intermittent asthma, uncomplicated',
  clinicalStatus: 'resolved',
  abatementDate: '2024-06-01',
});

const e119: Icd10cmCode = {
  code: 'E11.9',
  isBillable: true,
  shortDescription: 'Type 2 diabetes mellitus without complications',
  longDescription: 'Type 2 diabetes mellitus without complications',
  isCurrent: true,
};
const e11: Icd10cmCode = {
  code: 'E11',
  isBillable: false,
  shortDescription: 'Type 2 diabetes mellitus',
  longDescription: 'Type 2 diabetes mellitus',
  isCurrent: true,
};

function serve(problems: PatientProblem[], roles: ('physician' | 'lab')[] = ['physician']) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles }) };
    if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
    if (path === `/api/v1/patients/${patientId}/problems` && call.method === 'GET') {
      return { body: { items: problems, nextCursor: null } };
    }
    if (path === `/api/v1/patients/${patientId}/problems` && call.method === 'POST') {
      return {
        status: 201,
        body: {
          ...aProblem({ id: '0193a000-0000-7000-8000-0000000000a9', code: 'E11.9' }),
          warnings: [],
        },
      };
    }
    if (path === '/api/v1/codes/icd10cm') return { body: { mode: 'words', items: [e119, e11] } };
    return undefined;
  });
}

describe('ProblemsTab', { timeout: 30_000 }, () => {
  it('lists active problems apart from resolved ones', async () => {
    serve([aProblem(), resolved]);
    renderApp(`/patients/${patientId}/problems`);
    const active = await screen.findByRole(
      'table',
      { name: 'Active problems' },
      { timeout: 10_000 },
    );
    expect(within(active).getByText('I10')).toBeTruthy();
    expect(within(active).queryByText('J45.20')).toBeNull();
    const other = screen.getByRole('table', { name: 'Resolved and inactive' });
    expect(within(other).getByText('J45.20')).toBeTruthy();
    expect(within(other).getByText('Resolved')).toBeTruthy();
  });

  it('says so when there are no problems, and hides Add from lab staff', async () => {
    serve([], ['lab']);
    renderApp(`/patients/${patientId}/problems`);
    expect(
      await screen.findByText('No problems recorded yet.', {}, { timeout: 10_000 }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add problem' })).toBeNull();
  });

  it('adds a problem picked from the ICD-10 search with the keyboard', async () => {
    const api = serve([]);
    renderApp(`/patients/${patientId}/problems`);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Add problem' }, { timeout: 10_000 }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Add a problem' });
    const input = within(dialog).getByRole('textbox', { name: /Diagnosis \(ICD-10-CM\)/ });
    fireEvent.change(input, { target: { value: 'diab type 2' } });
    const option = await within(dialog).findByRole(
      'option',
      { name: /E11\.9/ },
      { timeout: 5_000 },
    );
    expect(within(option).getByText('Billable')).toBeTruthy();
    expect(screen.getByRole('option', { name: /Category/ })).toBeTruthy();
    // The first answer is highlighted; arrows move, Enter takes the highlighted one.
    fireEvent.keyDown(input, { key: 'ArrowDown', code: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowUp', code: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
    await waitFor(() =>
      expect((input as HTMLInputElement).value).toBe(
        'E11.9 — Type 2 diabetes mellitus without complications',
      ),
    );
    fireEvent.change(within(dialog).getByLabelText('Onset date'), {
      target: { value: '2020-02-01' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add problem' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a problem' })).toBeNull());
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({ code: 'E11.9', onsetDate: '2020-02-01' });
    const search = api.calls.find((c) => c.url.pathname === '/api/v1/codes/icd10cm');
    expect(search?.url.searchParams.get('q')).toBe('diab type 2');
  });

  it('puts a duplicate refusal beside the code', async () => {
    mockApi((call) => {
      const path = call.url.pathname;
      if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['physician'] }) };
      if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
      if (path === '/api/v1/codes/icd10cm') return { body: { mode: 'words', items: [e119] } };
      if (call.method === 'POST') {
        return {
          status: 409,
          body: {
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            code: 'problem.duplicate_active',
            errors: [{ path: 'code', rule: 'one_active_per_code', message: 'duplicate' }],
          },
        };
      }
      if (path === `/api/v1/patients/${patientId}/problems`) {
        return { body: { items: [], nextCursor: null } };
      }
      return undefined;
    });
    renderApp(`/patients/${patientId}/problems`);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Add problem' }, { timeout: 10_000 }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Add a problem' });
    const input = within(dialog).getByRole('textbox', { name: /Diagnosis \(ICD-10-CM\)/ });
    fireEvent.change(input, { target: { value: 'E119' } });
    fireEvent.click(await screen.findByRole('option', { name: /E11\.9/ }, { timeout: 5_000 }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add problem' }));
    expect(
      await within(dialog).findByText('This patient already has this problem on the active list.'),
    ).toBeTruthy();
  });
});
