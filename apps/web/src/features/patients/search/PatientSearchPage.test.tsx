import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, renderApp, stubApi } from '../../../test/app-harness';
import { inputByLabel, mockApi, renderPage, withPermissions } from '../../admin/test-utils';
import { aRestrictedSummary, aSummary } from '../patients.fixtures';
import { PatientSearchPage } from './PatientSearchPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const restrictedId = '0192f0c4-0000-7000-8000-0000000000b2';

describe('PatientSearchPage', () => {
  it('lists ranked hits with why they matched, and a restricted hit only by MRN', async () => {
    const api = mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me')
        return { body: withPermissions(['patient.read', 'patient.break_glass']) };
      if (url.pathname === '/api/v1/patients')
        return {
          body: {
            items: [
              aSummary({ matchedBy: ['name', 'birth_date'] }),
              aRestrictedSummary(restrictedId, '10000022'),
            ],
            nextCursor: 'next-page',
          },
        };
      return undefined;
    });
    renderPage(<PatientSearchPage />, { route: '/patients', path: '/patients' });

    // The box has focus on arrival; nothing is asked for until something is typed.
    const box = inputByLabel(/^Search patients/);
    expect(document.activeElement).toBe(box);
    expect(screen.getByText(/Type a name, date of birth/)).toBeTruthy();
    fireEvent.change(box, { target: { value: 'garcia 12/04/1980' } });

    const table = await screen.findByRole('table', { name: /Matching patients/ });
    const rows = within(table).getAllByRole('row');
    const visible = within(rows[1]!);
    expect(visible.getByRole('link', { name: 'GARCÍA, José' }).getAttribute('href')).toBe(
      `/patients/${aSummary().id}`,
    );
    expect(visible.getByText('Goes by “Pepe”')).toBeTruthy();
    expect(visible.getByText('(202) 555-0123')).toBeTruthy();
    expect(visible.getByText('Date of birth')).toBeTruthy();

    const restricted = within(rows[2]!);
    expect(restricted.getByText('Restricted record')).toBeTruthy();
    expect(restricted.getByText('10000022')).toBeTruthy();
    expect(restricted.queryByRole('link')).toBeNull();
    expect(
      restricted.getByRole('button', { name: 'Break the glass for MRN 10000022' }),
    ).toBeTruthy();

    const search = api.calls.find((c) => c.url.pathname === '/api/v1/patients');
    expect(search?.url.searchParams.get('q')).toBe('garcia 12/04/1980');
    expect(screen.getByRole('button', { name: 'Load more' })).toBeTruthy();
  });

  it('walks the results with the arrow keys from the search box', async () => {
    mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me')
        return { body: withPermissions(['patient.read', 'patient.break_glass']) };
      if (url.pathname === '/api/v1/patients')
        return {
          body: {
            items: [aSummary(), aRestrictedSummary(restrictedId, '10000022')],
            nextCursor: null,
          },
        };
      return undefined;
    });
    renderPage(<PatientSearchPage />, { route: '/patients?q=garcia', path: '/patients' });

    const link = await screen.findByRole('link', { name: 'GARCÍA, José' });
    const box = inputByLabel(/^Search patients/);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(link);
    fireEvent.keyDown(link, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Break the glass for MRN 10000022' }),
    );
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(document.activeElement).toBe(box);
  });

  it('tells a user without break-the-glass that a restricted record is not theirs to open', async () => {
    mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['patient.read']) };
      if (url.pathname === '/api/v1/patients')
        return {
          body: { items: [aRestrictedSummary(restrictedId, '10000022')], nextCursor: null },
        };
      return undefined;
    });
    renderPage(<PatientSearchPage />, { route: '/patients?q=10000022', path: '/patients' });

    expect(await screen.findByText(/Your role cannot open restricted records/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Break the glass/ })).toBeNull();
  });

  it('sends the filters and says so when nothing matches', async () => {
    const api = mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['patient.read']) };
      if (url.pathname === '/api/v1/patients') return { body: { items: [], nextCursor: null } };
      return undefined;
    });
    renderPage(<PatientSearchPage />, {
      route: '/patients?q=nobody&sex=female&ageMin=30&ageMax=40&status=inactive',
      path: '/patients',
    });

    expect(await screen.findByText(/No patient matches/)).toBeTruthy();
    await waitFor(() =>
      expect(api.calls.some((c) => c.url.pathname === '/api/v1/patients')).toBe(true),
    );
    const params = api.calls.find((c) => c.url.pathname === '/api/v1/patients')!.url.searchParams;
    expect(Object.fromEntries(params)).toMatchObject({
      q: 'nobody',
      sex: 'female',
      ageMin: '30',
      ageMax: '40',
      active: 'false',
    });
  });
});

describe('front desk home', { timeout: 30_000 }, () => {
  it('lands the front desk on patient search after sign-in, with the box ready to type in', async () => {
    stubApi(({ path }) =>
      path === '/api/v1/auth/me'
        ? { status: 200, body: makeMe({ roles: ['front_desk'] }) }
        : undefined,
    );
    const { router } = renderApp('/');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Find a patient' }, { timeout: 8000 }),
    ).toBeTruthy();
    expect(router.state.location.pathname).toBe('/patients');
    expect(document.activeElement).toBe(inputByLabel(/^Search patients/));
  });

  it('keeps the home page for other roles', async () => {
    stubApi(({ path }) =>
      path === '/api/v1/auth/me' ? { status: 200, body: makeMe({ roles: ['nurse'] }) } : undefined,
    );
    const { router } = renderApp('/');
    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: /Good (morning|afternoon|evening)/ },
        { timeout: 8000 },
      ),
    ).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
  });
});
