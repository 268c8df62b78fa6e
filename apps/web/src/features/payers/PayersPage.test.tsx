import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { problem } from '../../test/app-harness';
import { mockApi, renderPage, withPermissions } from '../admin/test-utils';
import { aPayer, aPlan } from '../coverage/coverage.fixtures';
import { PayersPage } from './PayersPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const harbor = aPayer();
const retired = aPayer({
  id: '0192f0c4-0000-7000-8000-00000000b002',
  name: 'Granite State Mutual',
  payerId: 'GSM22',
  address: null,
  phone: null,
  isActive: false,
});

function payersApi(onWrite?: (body: unknown) => { status?: number; body?: unknown }) {
  return mockApi(({ method, url, body }) => {
    if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['payer.manage']) };
    if (url.pathname === '/api/v1/payers' && method === 'GET') {
      const items =
        url.searchParams.get('includeInactive') === 'true' ? [harbor, retired] : [harbor];
      return { body: { items } };
    }
    if (url.pathname.startsWith('/api/v1/payers') && method !== 'GET') return onWrite?.(body);
    if (url.pathname === `/api/v1/payers/${harbor.id}/plans`) return { body: { items: [aPlan()] } };
    return undefined;
  });
}

function fieldError(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('PayersPage', () => {
  it('lists active payers and shows retired ones only when asked', async () => {
    const api = payersApi();
    renderPage(<PayersPage />, { route: '/admin/payers', path: '/admin/payers' });

    const table = await screen.findByRole('table', { name: 'Payers' });
    expect(within(table).getByText('Blue Harbor Health')).toBeTruthy();
    expect(within(table).getByText('1 Harbor Way, Boston, MA 02110')).toBeTruthy();
    expect(screen.queryByText('Granite State Mutual')).toBeNull();

    fireEvent.click(screen.getByRole('switch', { name: 'Include inactive payers' }));

    expect(await screen.findByText('Granite State Mutual')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reactivate Granite State Mutual' })).toBeTruthy();
    const last = api.calls.filter((c) => c.url.pathname === '/api/v1/payers').at(-1);
    expect(last?.url.searchParams.get('includeInactive')).toBe('true');
  });

  it('shows a taken payer ID beside its field and keeps what was typed', async () => {
    const api = payersApi(() =>
      problem(409, 'payer.payer_id_taken', { detail: 'payer id BHH01 is in use' }),
    );
    renderPage(<PayersPage />, { route: '/admin/payers', path: '/admin/payers' });

    fireEvent.click(await screen.findByRole('button', { name: 'New payer' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New payer' }));
    fireEvent.change(dialog.getByLabelText(/^Name/), { target: { value: 'Harbor Again' } });
    fireEvent.change(dialog.getByLabelText(/^Payer ID/), { target: { value: 'bhh01' } });
    fireEvent.change(dialog.getByLabelText(/^Phone/), { target: { value: '(617) 555-0100' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Create payer' }));

    const payerId = dialog.getByLabelText(/^Payer ID/);
    await waitFor(() => expect(payerId.getAttribute('aria-invalid')).toBe('true'));
    expect(fieldError(payerId)).toContain('Another payer already uses this payer ID.');
    // Upper-cased as typed; the blank address is left out rather than sent empty.
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ name: 'Harbor Again', payerId: 'BHH01', phone: '(617) 555-0100' });
    expect((payerId as HTMLInputElement).value).toBe('BHH01');
  });

  it('refuses a malformed payer ID before sending anything', async () => {
    const api = payersApi();
    renderPage(<PayersPage />, { route: '/admin/payers', path: '/admin/payers' });

    fireEvent.click(await screen.findByRole('button', { name: 'New payer' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New payer' }));
    fireEvent.change(dialog.getByLabelText(/^Name/), { target: { value: 'Tiny Payer' } });
    fireEvent.change(dialog.getByLabelText(/^Payer ID/), { target: { value: 'A-1' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Create payer' }));

    const payerId = dialog.getByLabelText(/^Payer ID/);
    await waitFor(() =>
      expect(fieldError(payerId)).toContain('Use 2 to 15 capital letters or digits'),
    );
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('edits a payer at the version shown, clearing a removed phone', async () => {
    const api = payersApi(() => ({ body: { ...harbor, phone: null, version: 2 } }));
    renderPage(<PayersPage />, { route: '/admin/payers', path: '/admin/payers' });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit Blue Harbor Health' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit payer' }));
    fireEvent.change(dialog.getByLabelText(/^Phone/), { target: { value: '' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const patch = api.calls.find((c) => c.method === 'PATCH');
    expect(patch?.url.pathname).toBe(`/api/v1/payers/${harbor.id}`);
    expect(patch?.headers['if-match']).toBe('"1"');
    expect(patch?.body).toMatchObject({
      name: 'Blue Harbor Health',
      payerId: 'BHH01',
      phone: null,
    });
  });

  it("opens a payer's plans and adds one", async () => {
    const api = payersApi(() => ({
      status: 201,
      body: aPlan({ name: 'Harbor Basic HMO', type: 'hmo' }),
    }));
    renderPage(<PayersPage />, { route: '/admin/payers', path: '/admin/payers' });

    fireEvent.click(await screen.findByRole('button', { name: 'Plans of Blue Harbor Health' }));
    const drawer = within(
      await screen.findByRole('dialog', { name: 'Plans of Blue Harbor Health' }),
    );
    expect(await drawer.findByText('Harbor Gold PPO')).toBeTruthy();
    fireEvent.change(drawer.getByLabelText(/^Plan name/), {
      target: { value: 'Harbor Basic HMO' },
    });
    fireEvent.click(drawer.getByRole('button', { name: 'Add plan' }));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(`/api/v1/payers/${harbor.id}/plans`);
    expect(post?.body).toEqual({ name: 'Harbor Basic HMO', type: 'commercial' });
  });
});
