import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { inputByLabel, mockApi, renderPage, withPermissions } from '../../admin/test-utils';
import { aPatient } from '../patients.fixtures';
import { EditPatientTab } from '../record/EditPatientTab';
import { PatientPage } from '../record/PatientPage';
import { PatientSummaryTab } from '../record/PatientSummaryTab';

afterEach(() => {
  vi.unstubAllGlobals();
});

const slow = { timeout: 8000 };
const me = withPermissions(['patient.read', 'patient.write']);
const house = { id: '0192f0c4-0000-7000-8000-0000000000d1', displayName: 'Dr Gregory House' };
const quinn = { id: '0192f0c4-0000-7000-8000-0000000000d2', displayName: 'Dr Michaela Quinn' };
const retired = { id: '0192f0c4-0000-7000-8000-0000000000d3', displayName: 'Dr Retired Since' };

function renderEdit(id: string) {
  return renderPage(
    <Routes>
      <Route element={<PatientPage />}>
        <Route index element={<PatientSummaryTab />} />
        <Route path="edit" element={<EditPatientTab />} />
      </Route>
    </Routes>,
    { route: `/patients/${id}/edit`, path: '/patients/:id/*' },
  );
}

/** The API with the practitioner list; answers a PUT with the record it was sent. */
function serve(patient: ReturnType<typeof aPatient>) {
  let current = patient;
  return mockApi(({ url, method }) => {
    if (url.pathname === '/api/v1/auth/me') return { body: me };
    if (url.pathname === '/api/v1/practitioners') return { body: { items: [house, quinn] } };
    if (url.pathname === `/api/v1/patients/${current.id}` && method === 'GET')
      return { body: current };
    if (url.pathname === `/api/v1/patients/${current.id}` && method === 'PUT') {
      current = { ...current, version: current.version + 1 };
      return { body: current };
    }
    return undefined;
  });
}

const pcpInput = () => inputByLabel(/^Primary care practitioner/);

describe('the primary care practitioner picker', { timeout: 60_000 }, () => {
  it('finds a physician by typing part of the name and saves their id', async () => {
    const patient = aPatient({ version: 3 });
    const api = serve(patient);
    renderEdit(patient.id);

    await screen.findByDisplayValue('Pepe', {}, slow);
    const input = pcpInput();
    expect(input.value).toBe('');
    // Mantine takes a change to an unfocused input for autofill, not typing.
    input.focus();
    fireEvent.click(input);
    // The list has loaded (both offered) before the search narrows it.
    await screen.findByRole('option', { name: house.displayName });
    fireEvent.change(input, { target: { value: 'quin' } });
    const match = await screen.findByRole('option', { name: quinn.displayName });
    await waitFor(() =>
      expect(screen.queryByRole('option', { name: house.displayName })).toBeNull(),
    );
    fireEvent.click(match);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true), slow);
    const put = api.calls.find((c) => c.method === 'PUT');
    expect(put?.body).toMatchObject({ primaryCarePractitionerId: quinn.id });
  });

  it('shows the practitioner on file on edit, and clearing it saves the record without one', async () => {
    const patient = aPatient({ version: 3, primaryCarePractitioner: house });
    const api = serve(patient);
    renderEdit(patient.id);

    await waitFor(() => expect(pcpInput().value).toBe(house.displayName), slow);
    // Mantine hides the clear button from assistive tech (keyboard users delete the text).
    fireEvent.click(screen.getByLabelText('Clear the primary care practitioner'));
    await waitFor(() => expect(pcpInput().value).toBe(''));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true), slow);
    expect(api.calls.find((c) => c.method === 'PUT')?.body).not.toHaveProperty(
      'primaryCarePractitionerId',
    );
  });

  it('keeps a practitioner on file who is no longer on the list', async () => {
    const patient = aPatient({ version: 3, primaryCarePractitioner: retired });
    const api = serve(patient);
    renderEdit(patient.id);

    await waitFor(() => expect(pcpInput().value).toBe(retired.displayName), slow);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true), slow);
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toMatchObject({
      primaryCarePractitionerId: retired.id,
    });
  });
});
