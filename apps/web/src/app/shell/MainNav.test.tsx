import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { permissionsForRoles, type Role } from '@meridian/contracts';
import '../i18n';
import { makeMe, renderApp, stubApi } from '../../test/app-harness';
import { MainNav } from './MainNav';

afterEach(() => {
  vi.unstubAllGlobals();
});

function linkNames(roles: Role[]) {
  render(
    <MantineProvider env="test">
      <MemoryRouter>
        <nav aria-label="Main navigation">
          <MainNav permissions={permissionsForRoles(roles)} />
        </nav>
      </MemoryRouter>
    </MantineProvider>,
  );
  const nav = screen.getByRole('navigation', { name: 'Main navigation' });
  return within(nav)
    .getAllByRole('link')
    .map((a) => a.textContent);
}

describe('main navigation', () => {
  it('shows an administrator every administration page', () => {
    expect(linkNames(['admin'])).toEqual([
      'Home',
      'Patients',
      'Today',
      'Calendar',
      'Waitlist',
      'Bed board',
      'Users',
      'Audit log',
      'Messages',
      'Organization',
      'Payers',
      'Merge records',
      'Calendar setup',
      'Wards and beds',
    ]);
  });

  it('hides the pages a physician lacks the permission for', () => {
    // A physician reads facilities (org.read) but administers nothing: no Administration group.
    expect(linkNames(['physician'])).toEqual([
      'Home',
      'Patients',
      'Today',
      'Calendar',
      'Waitlist',
      'Bed board',
    ]);
  });

  it('shows housekeeping the beds to clean and nothing about patients', () => {
    expect(linkNames(['housekeeping'])).toEqual(['Home', 'Housekeeping']);
  });

  it('drops a group with nothing the user may open', () => {
    linkNames(['patient']);
    expect(screen.queryByText('Administration')).toBeNull();
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['Home']);
  });

  it('marks the current page for assistive technology', () => {
    render(
      <MantineProvider env="test">
        <MemoryRouter initialEntries={['/admin/users/0190a0b0-0000-7000-8000-000000000009']}>
          <MainNav permissions={permissionsForRoles(['admin'])} />
        </MemoryRouter>
      </MantineProvider>,
    );
    expect(screen.getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBeNull();
  });

  it('marks only the closest page when one path lies under another', () => {
    render(
      <MantineProvider>
        <MemoryRouter initialEntries={['/schedule/today']}>
          <MainNav permissions={permissionsForRoles(['front_desk'])} />
        </MemoryRouter>
      </MantineProvider>,
    );
    expect(screen.getByRole('link', { name: 'Today' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Calendar' }).getAttribute('aria-current')).toBeNull();
  });
});

describe('route guards', () => {
  it('shows the forbidden page, not the content, to a user without the permission', async () => {
    stubApi(({ path }) =>
      path === '/api/v1/auth/me' ? { status: 200, body: makeMe({ roles: ['nurse'] }) } : undefined,
    );
    renderApp('/admin/audit');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You do not have access to this page' }),
    ).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).toBeNull();
  });

  it('shows "Page not found" for an unknown address inside the workspace', async () => {
    stubApi(({ path }) =>
      path === '/api/v1/auth/me' ? { status: 200, body: makeMe() } : undefined,
    );
    renderApp('/no-such-page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to home' })).toBeTruthy();
  });
});
