import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeMe, renderApp, stubApi } from '../../test/app-harness';
import { api } from '../api';

const start = new Date('2026-11-22T09:00:00Z');
const minutes = (n: number) => n * 60_000;

beforeEach(() => {
  // shouldAdvanceTime keeps Testing Library's own waits working; the test moves the clock.
  vi.useFakeTimers({ shouldAdvanceTime: true, now: start });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The server's `me`: idle expiry 15 minutes after the latest `me`. */
function serverWithSession() {
  return stubApi(({ method, path }) => {
    if (method === 'GET' && path === '/api/v1/auth/me') {
      return {
        status: 200,
        body: makeMe({ idleExpiresAt: new Date(Date.now() + minutes(15)).toISOString() }),
      };
    }
    if (method === 'POST' && path === '/api/v1/auth/logout') return { status: 204 };
    return undefined;
  });
}

describe('session expiry warning', () => {
  it('appears two minutes before idle expiry, counts down, and "Stay signed in" extends', async () => {
    const api = serverWithSession();
    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: /Ada/ });

    await act(() => vi.advanceTimersByTimeAsync(minutes(12) + 55_000));
    expect(screen.queryByText('Your session is about to end')).toBeNull();

    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(await screen.findByText('Your session is about to end')).toBeTruthy();
    const countdown = () => {
      const [m, s] = (screen.getByTestId('session-countdown').textContent ?? '').split(':');
      return Number(m) * 60 + Number(s);
    };
    expect(countdown()).toBeLessThanOrEqual(120);

    // 13:10 after `me`: 1:50 left (a second either way for the real time the test takes).
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(countdown()).toBeGreaterThanOrEqual(109);
    expect(countdown()).toBeLessThanOrEqual(111);

    const meCallsBefore = api.callsTo('GET', '/api/v1/auth/me').length;
    fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(api.callsTo('GET', '/api/v1/auth/me').length).toBe(meCallsBefore + 1);
    expect(screen.queryByText('Your session is about to end')).toBeNull();

    // The new expiry is 15 minutes from now: no warning for the next 12.
    await act(() => vi.advanceTimersByTimeAsync(minutes(12)));
    expect(screen.queryByText('Your session is about to end')).toBeNull();
  });

  it('returns to sign-in with the expiry message when the time runs out', async () => {
    const api = serverWithSession();
    const { router } = renderApp('/account');
    await screen.findByRole('heading', { level: 1, name: 'Your account' });

    await act(() => vi.advanceTimersByTimeAsync(minutes(15) + 1_000));
    expect(await screen.findByText('Your session expired. Sign in again.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?next=%2Faccount');
    expect(api.callsTo('POST', '/api/v1/auth/logout')).toHaveLength(1);
  });

  it('asks the server again instead of warning when calls since `me` kept the session alive', async () => {
    const server = serverWithSession();
    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: /Ada/ });
    const meCalls = server.callsTo('GET', '/api/v1/auth/me').length;

    // Some other call five minutes in (the user is working in a page).
    await act(() => vi.advanceTimersByTimeAsync(minutes(5)));
    await act(async () => {
      await api('GET', '/api/v1/organization/facilities').catch(() => undefined);
    });
    await act(() => vi.advanceTimersByTimeAsync(minutes(8) + 1_000));
    expect(screen.queryByText('Your session is about to end')).toBeNull();
    expect(server.callsTo('GET', '/api/v1/auth/me').length).toBe(meCalls + 1);
  });
});
