import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { mockApi, renderPage, withPermissions } from '../../admin/test-utils';
import { aPatient } from '../patients.fixtures';
import { PatientPage } from './PatientPage';
import { PatientSummaryTab } from './PatientSummaryTab';

afterEach(() => {
  vi.unstubAllGlobals();
});

const slow = { timeout: 8000 };
const writer = withPermissions(['patient.read', 'patient.write']);
const reader = withPermissions(['patient.read']);

function renderSummary(id: string) {
  return renderPage(
    <Routes>
      <Route element={<PatientPage />}>
        <Route index element={<PatientSummaryTab />} />
      </Route>
    </Routes>,
    { route: `/patients/${id}`, path: '/patients/:id/*' },
  );
}

function photoSection() {
  return screen.findByRole('heading', { name: 'Photo' }, slow).then((h) => {
    const section = h.closest('section');
    if (!section) throw new Error('the photo heading is not in a section');
    return section;
  });
}

function chooseFile(section: HTMLElement, file: File) {
  const input = section.querySelector('input[type="file"]');
  if (!input) throw new Error('no file input in the photo section');
  fireEvent.change(input, { target: { files: [file] } });
}

const png = (bytes = 64) => new File([new Uint8Array(bytes)], 'face.png', { type: 'image/png' });

describe('PatientPhotoCard', { timeout: 60_000 }, () => {
  it('refuses a file that is not an image, or over 2 MB, and sends nothing', async () => {
    const patient = aPatient();
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: writer };
      if (url.pathname === `/api/v1/patients/${patient.id}` && method === 'GET')
        return { body: patient };
      return undefined;
    });
    renderSummary(patient.id);
    const section = await photoSection();

    chooseFile(section, new File(['%PDF-1.7'], 'scan.pdf', { type: 'application/pdf' }));
    expect((await within(section).findByRole('alert')).textContent).toMatch(
      /not a JPEG, PNG or WebP image/,
    );

    chooseFile(section, png(2 * 1024 * 1024 + 1));
    expect((await within(section).findByRole('alert')).textContent).toMatch(/larger than 2 MB/);
    expect(api.calls.some((c) => c.url.pathname.endsWith('/photo'))).toBe(false);
  });

  it('uploads the photo with its type, reloads the record and gives the banner a fresh URL', async () => {
    let current = aPatient({ version: 7, hasPhoto: true });
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: writer };
      if (url.pathname === `/api/v1/patients/${current.id}` && method === 'GET')
        return { body: current };
      if (url.pathname === `/api/v1/patients/${current.id}/photo` && method === 'GET')
        return { body: 'image bytes' };
      if (url.pathname === `/api/v1/patients/${current.id}/photo` && method === 'PUT') {
        // The server keeps the version on a photo change.
        current = aPatient({ version: 7, hasPhoto: true, updatedAt: '2026-03-02T09:00:00Z' });
        return { status: 204 };
      }
      return undefined;
    });
    renderSummary(current.id);
    const banner = await screen.findByRole('region', { name: /banner|patient/i }, slow);
    const bannerPhoto = await within(banner).findByRole('img', { name: 'Patient photo' });
    const before = bannerPhoto.getAttribute('src');
    expect(before).toBe(`/api/v1/patients/${current.id}/photo?v=7`);

    const section = await photoSection();
    fireEvent.click(within(section).getByRole('button', { name: 'Replace the photo' }));
    const readsBefore = api.calls.filter((c) =>
      c.url.pathname.endsWith('/api/v1/patients/' + current.id),
    ).length;
    chooseFile(section, png());

    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true), slow);
    const put = api.calls.find((c) => c.method === 'PUT');
    expect(put?.url.pathname).toBe(`/api/v1/patients/${current.id}/photo`);
    expect(put?.headers['content-type']).toBe('image/png');
    await waitFor(() => {
      const src = within(banner).getByRole('img', { name: 'Patient photo' }).getAttribute('src');
      expect(src).toMatch(new RegExp(`^/api/v1/patients/${current.id}/photo\\?v=7-\\d+$`));
    }, slow);
    await waitFor(() =>
      expect(
        api.calls.filter((c) => c.url.pathname.endsWith('/api/v1/patients/' + current.id)).length,
      ).toBeGreaterThan(readsBefore),
    );
  });

  it('removes the photo only after the user confirms', async () => {
    let current = aPatient({ hasPhoto: true });
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: writer };
      if (url.pathname === `/api/v1/patients/${current.id}` && method === 'GET')
        return { body: current };
      if (url.pathname === `/api/v1/patients/${current.id}/photo` && method === 'GET')
        return { body: 'image bytes' };
      if (url.pathname === `/api/v1/patients/${current.id}/photo` && method === 'DELETE') {
        current = aPatient({ hasPhoto: false });
        return { status: 204 };
      }
      return undefined;
    });
    renderSummary(current.id);
    const section = await photoSection();

    fireEvent.click(within(section).getByRole('button', { name: 'Remove the photo' }));
    let dialog = await screen.findByRole('dialog', { name: 'Remove the photo?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);

    fireEvent.click(within(section).getByRole('button', { name: 'Remove the photo' }));
    dialog = await screen.findByRole('dialog', { name: 'Remove the photo?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove the photo' }));

    expect(await within(section).findByText('No photo on file.', {}, slow)).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
    expect(within(section).queryByRole('button', { name: 'Remove the photo' })).toBeNull();
  });

  it('shows no photo controls to staff who may only read the record', async () => {
    const patient = aPatient();
    mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: reader };
      if (url.pathname === `/api/v1/patients/${patient.id}`) return { body: patient };
      return undefined;
    });
    renderSummary(patient.id);
    expect(await screen.findByRole('heading', { name: 'Identity' }, slow)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Photo' })).toBeNull();
    expect(screen.queryByRole('button', { name: /photo/i })).toBeNull();
  });
});
