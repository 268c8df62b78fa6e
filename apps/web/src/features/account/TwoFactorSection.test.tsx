import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeMe, problem, renderApp, stubApi, type StubAnswer } from '../../test/app-harness';

afterEach(() => {
  vi.unstubAllGlobals();
});

const regeneratePath = '/api/v1/auth/mfa/recovery-codes';

/** The account page of an enrolled user; `regenerate` answers the new-codes request. */
async function openRegenerateDialog(regenerate: () => StubAnswer) {
  const api = stubApi(({ method, path }) => {
    if (method === 'GET' && path === '/api/v1/auth/me') {
      return { status: 200, body: makeMe({ mfaEnrolled: true }) };
    }
    if (method === 'POST' && path === regeneratePath) return regenerate();
    return undefined;
  });
  renderApp('/account');
  fireEvent.click(await screen.findByRole('button', { name: 'Generate new recovery codes' }));
  const dialog = await screen.findByRole('dialog', { name: 'Generate new recovery codes' });
  return { api, dialog };
}

function submit(dialog: HTMLElement, password: string) {
  fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Generate codes' }));
}

/** The text a screen reader announces with the field: Mantine links its error by id. */
function descriptionOf(input: HTMLElement): string {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('new recovery codes on the account page', () => {
  it('asks for the password, sends it, and shows the new codes once', async () => {
    const { api, dialog } = await openRegenerateDialog(() => ({
      status: 200,
      body: { recoveryCodes: ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'] },
    }));

    submit(dialog, 'correct horse battery');

    const codes = await screen.findByTestId('recovery-codes');
    expect(codes.textContent?.trim().split('\n')).toEqual(['aaaa-bbbb-cccc', 'dddd-eeee-ffff']);
    expect(api.callsTo('POST', regeneratePath).map((c) => c.body)).toEqual([
      { password: 'correct horse battery' },
    ]);
  });

  it('does not ask the server without a password', async () => {
    const { api, dialog } = await openRegenerateDialog(() => ({
      status: 200,
      body: { recoveryCodes: ['aaaa-bbbb-cccc'] },
    }));

    submit(dialog, '');

    const field = within(dialog).getByLabelText('Password');
    expect(await within(dialog).findByText('Enter your current password')).toBeTruthy();
    expect(descriptionOf(field)).toContain('Enter your current password');
    expect(api.callsTo('POST', regeneratePath)).toHaveLength(0);
  });

  it('shows a wrong password beside the field, and no codes', async () => {
    const { dialog } = await openRegenerateDialog(() =>
      problem(400, 'auth.password_incorrect', {
        errors: [{ path: 'password', rule: 'incorrect', message: 'the password is wrong' }],
      }),
    );

    submit(dialog, 'not my password');

    expect(await within(dialog).findByText('The password is not correct.')).toBeTruthy();
    const field = within(dialog).getByLabelText('Password');
    expect(descriptionOf(field)).toContain('The password is not correct.');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('recovery-codes')).toBeNull();
  });
});
