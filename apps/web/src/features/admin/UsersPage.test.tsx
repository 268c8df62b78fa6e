import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { UsersPage } from './UsersPage';
import { inputByLabel, mockApi, renderPage, withPermissions } from './test-utils';
import { problem } from '../../test/app-harness';
import { aUser } from './users.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const first = aUser();
const second = aUser({
  id: '0192f0c4-0000-7000-8000-000000000002',
  email: 'paul.physician@example.org',
  displayName: 'Paul Physician',
  roles: ['physician'],
  lockedUntil: '2099-01-01T00:00:00Z',
});

function usersApi(onCreate?: () => ReturnType<typeof problem>) {
  return mockApi(({ method, url }) => {
    if (url.pathname === '/api/v1/auth/me')
      return { body: withPermissions(['user.read', 'user.manage']) };
    if (url.pathname === '/api/v1/facilities') return { body: { items: [] } };
    if (url.pathname === '/api/v1/users' && method === 'GET') {
      return url.searchParams.get('cursor') === 'page-2'
        ? { body: { items: [second], nextCursor: null } }
        : { body: { items: [first], nextCursor: 'page-2' } };
    }
    if (url.pathname === '/api/v1/users' && method === 'POST') return onCreate?.();
    return undefined;
  });
}

describe('UsersPage', () => {
  it('lists users with links to their pages and loads the next cursor on "Load more"', async () => {
    const api = usersApi();
    renderPage(<UsersPage />, { route: '/admin/users', path: '/admin/users' });

    const link = await screen.findByRole('link', { name: 'Nora Nurse' });
    expect(link.getAttribute('href')).toBe(`/admin/users/${first.id}`);
    expect(screen.getByRole('heading', { level: 1, name: 'Users' })).toBeTruthy();
    expect(screen.queryByText('Paul Physician')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));

    await screen.findByRole('link', { name: 'Paul Physician' });
    const pages = api.calls.filter((c) => c.url.pathname === '/api/v1/users');
    expect(pages.at(-1)?.url.searchParams.get('cursor')).toBe('page-2');
    // Both pages stay in view; the locked user carries the warning; nothing more to load.
    expect(screen.getByRole('link', { name: 'Nora Nurse' })).toBeTruthy();
    expect(screen.getByText(/^Locked until/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows the server refusing a taken e-mail beside the e-mail field of "New user"', async () => {
    const api = usersApi(() =>
      problem(409, 'user.email_taken', {
        detail: 'a user with this e-mail exists',
        errors: [{ path: 'email', rule: 'unique', message: 'is already in use' }],
      }),
    );
    renderPage(<UsersPage />, { route: '/admin/users', path: '/admin/users' });

    fireEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog');
    const form = within(dialog);
    fireEvent.change(form.getByLabelText(/^E-mail/), {
      target: { value: 'nora.nurse@example.org' },
    });
    fireEvent.change(form.getByLabelText(/^Display name/), { target: { value: 'Nora Again' } });
    fireEvent.change(form.getByLabelText(/^Initial password/), {
      target: { value: 'correct horse battery staple' },
    });
    const roles = inputByLabel(/^Roles/, dialog);
    fireEvent.focus(roles);
    fireEvent.click(roles);
    fireEvent.click(await screen.findByRole('option', { name: 'Nurse' }));
    fireEvent.click(form.getByRole('button', { name: 'Create user' }));

    const email = form.getByLabelText(/^E-mail/);
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = email.getAttribute('aria-describedby') ?? '';
    const errorText = describedBy
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(errorText).toContain('A user with this e-mail address already exists.');

    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      email: 'nora.nurse@example.org',
      displayName: 'Nora Again',
      roles: ['nurse'],
      password: 'correct horse battery staple',
    });
    // The dialog stays open so the administrator can correct the address.
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
