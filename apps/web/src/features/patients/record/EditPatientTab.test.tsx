import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { problem } from '../../../test/app-harness';
import { inputByLabel, mockApi, renderPage, withPermissions } from '../../admin/test-utils';
import { aPatient } from '../patients.fixtures';
import { EditPatientTab } from './EditPatientTab';
import { PatientPage } from './PatientPage';
import { PatientSummaryTab } from './PatientSummaryTab';

afterEach(() => {
  vi.unstubAllGlobals();
});

const slow = { timeout: 8000 };

/** The patient page with its summary and edit tabs, as the app routes them. */
function PatientRoutes() {
  return (
    <Routes>
      <Route element={<PatientPage />}>
        <Route index element={<PatientSummaryTab />} />
        <Route path="edit" element={<EditPatientTab />} />
      </Route>
    </Routes>
  );
}

function renderPatient(route: string) {
  return renderPage(<PatientRoutes />, { route, path: '/patients/:id/*' });
}

const me = withPermissions(['patient.read', 'patient.write', 'patient.break_glass']);

describe('EditPatientTab', { timeout: 60_000 }, () => {
  it('saves the whole record with If-Match of the version shown, then shows the summary', async () => {
    let current = aPatient({ version: 7 });
    const api = mockApi(({ url, method, body }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === `/api/v1/patients/${current.id}` && method === 'GET')
        return { body: current };
      if (url.pathname === `/api/v1/patients/${current.id}` && method === 'PUT') {
        const saved = body as { preferredName: string };
        current = aPatient({ version: 8, preferredName: saved.preferredName });
        return { body: current };
      }
      return undefined;
    });
    renderPatient(`/patients/${current.id}/edit`);

    const preferred = await screen.findByDisplayValue('Pepe', {}, slow);
    fireEvent.change(preferred, { target: { value: 'Chepe' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(
      () => expect(screen.getByTestId('location').textContent).toBe(`/patients/${current.id}`),
      slow,
    );
    const put = api.calls.find((c) => c.method === 'PUT');
    expect(put?.headers['if-match']).toBe('"7"');
    // The whole record goes back, the SSN left out (blank means "keep the one on file").
    expect(put?.body).toMatchObject({
      preferredName: 'Chepe',
      name: { given: 'José', middle: 'María', family: 'García' },
      phones: [{ kind: 'mobile', number: '+12025550123', preferred: true }],
      addresses: [{ line1: '12 Elm Street', city: 'Springfield', country: 'US' }],
    });
    expect(put?.body).not.toHaveProperty('ssn');
    expect(await screen.findByText('“Chepe”', {}, slow)).toBeTruthy();
  });

  it('explains a 412 when someone else saved first, and reloads their version', async () => {
    let current = aPatient({ version: 7 });
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === `/api/v1/patients/${current.id}` && method === 'GET')
        return { body: current };
      if (url.pathname === `/api/v1/patients/${current.id}` && method === 'PUT') {
        // A colleague's save landed first: the record is at version 8 now.
        current = aPatient({ version: 8, preferredName: 'Joe' });
        return problem(412, 'resource.version_mismatch', {
          detail: 'patient has changed (now version 8)',
        });
      }
      return undefined;
    });
    renderPatient(`/patients/${current.id}/edit`);

    fireEvent.change(await screen.findByDisplayValue('Pepe', {}, slow), {
      target: { value: 'Chepe' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/Someone else changed this record/, {}, slow)).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'PUT')?.headers['if-match']).toBe('"7"');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(inputByLabel(/^Preferred name/).value).toBe('Joe'), slow);
    expect(screen.queryByText(/Someone else changed this record/)).toBeNull();
  });
});

describe('PatientPage', { timeout: 60_000 }, () => {
  it('asks for a reason to break the glass on a restricted record, then opens it', async () => {
    const patient = aPatient({
      flags: { vip: true, employee: false, confidential: false },
      restricted: true,
    });
    let hasGrant = false;
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === `/api/v1/patients/${patient.id}`)
        return hasGrant
          ? { body: patient }
          : problem(403, 'access.break_glass_required', { patientId: patient.id });
      if (url.pathname === '/api/v1/access/break-glass' && method === 'POST') {
        hasGrant = true;
        return { status: 201, body: {} };
      }
      return undefined;
    });
    renderPatient(`/patients/${patient.id}`);

    expect(
      await screen.findByRole('heading', { name: 'This record is restricted' }, slow),
    ).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Break the glass' }));
    const reason = await screen.findByLabelText(/^Reason/);
    fireEvent.change(reason, { target: { value: 'at desk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the record' }));
    expect(await screen.findByText(/at least 10 characters/)).toBeTruthy();

    fireEvent.change(reason, { target: { value: 'Patient at the desk for a scheduled visit' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the record' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'GARCÍA, José María' }, slow),
    ).toBeTruthy();
    expect(screen.getByText('VIP')).toBeTruthy();
    expect(api.calls.find((c) => c.url.pathname === '/api/v1/access/break-glass')?.body).toEqual({
      patientId: patient.id,
      reason: 'Patient at the desk for a scheduled visit',
    });
  });

  it('points a merged record to the one that survived', async () => {
    const survivorId = '0192f0c4-0000-7000-8000-0000000000e5';
    const patient = aPatient({ status: 'merged', mergedIntoId: survivorId });
    mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === `/api/v1/patients/${patient.id}`) return { body: patient };
      return undefined;
    });
    renderPatient(`/patients/${patient.id}`);

    const link = await screen.findByRole('link', { name: 'Open the current record' }, slow);
    expect(link.getAttribute('href')).toBe(`/patients/${survivorId}`);
  });
});
