import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { UserDetailPage } from './UserDetailPage';
import { inputByLabel, mockApi, renderPage, withPermissions } from './test-utils';
import { problem } from '../../test/app-harness';
import { aUser } from './users.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('UserDetailPage', () => {
  it('saves with If-Match of the version shown and explains a 412, then reloads', async () => {
    let current = aUser({ version: 3 });
    const api = mockApi(({ method, url }) => {
      if (url.pathname === '/api/v1/auth/me')
        return { body: withPermissions(['user.read', 'user.manage']) };
      if (url.pathname === '/api/v1/facilities') return { body: { items: [] } };
      if (url.pathname === `/api/v1/users/${current.id}` && method === 'GET')
        return { body: current };
      if (url.pathname === `/api/v1/users/${current.id}` && method === 'PATCH') {
        // Someone else saved first: the server is at version 4 now.
        current = aUser({ version: 4, displayName: 'Nora N. Nurse' });
        return problem(412, 'resource.version_mismatch', {
          detail: 'user has changed (now version 4)',
        });
      }
      return undefined;
    });
    renderPage(<UserDetailPage />, {
      route: `/admin/users/${current.id}`,
      path: '/admin/users/:userId',
    });

    expect(await screen.findByRole('heading', { level: 1, name: 'Nora Nurse' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText(/^Display name/), { target: { value: 'Nora Newname' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    expect(
      await dialog.findByText('Someone else changed this user. Reload to see their changes.'),
    ).toBeTruthy();
    const patch = api.calls.find((c) => c.method === 'PATCH');
    expect(patch?.headers['if-match']).toBe('"3"');
    expect(patch?.body).toMatchObject({ displayName: 'Nora Newname', roles: ['nurse'] });

    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    // The form starts again from the other person's version, and the warning is gone.
    await waitFor(() =>
      expect(inputByLabel(/^Display name/, screen.getByRole('dialog')).value).toBe('Nora N. Nurse'),
    );
    expect(screen.queryByText(/Someone else changed this user/)).toBeNull();
  });
});
