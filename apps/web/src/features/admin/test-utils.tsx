import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { getAllByLabelText, render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import type { Me, Permission } from '@meridian/contracts';
import '../../app/i18n';
import { makeMe } from '../../test/app-harness';

export interface ApiCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

export interface CannedResponse {
  status?: number;
  body?: unknown;
}

/**
 * Stubs `fetch` with canned API answers: the server is an outside peer for component tests.
 * `handle` answers each call (undefined = 404 route not found); every call is recorded with
 * its full URL and headers, which the admin tests check (query filters, If-Match). For `me`
 * and problem bodies use the shared test/app-harness.
 */
export function mockApi(handle: (call: ApiCall) => CannedResponse | undefined) {
  const calls: ApiCall[] = [];
  // `api` always calls fetch with a string path.
  const fetchStub = vi.fn((input: string | URL, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const call: ApiCall = { method: init?.method ?? 'GET', url, headers, body };
    calls.push(call);
    const answer = handle(call) ?? {
      status: 404,
      body: {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        code: 'request.route_not_found',
      },
    };
    const status = answer.status ?? 200;
    const isProblem = status >= 400;
    return Promise.resolve(
      new Response(JSON.stringify(answer.body ?? null), {
        status,
        headers: { 'content-type': isProblem ? 'application/problem+json' : 'application/json' },
      }),
    );
  });
  vi.stubGlobal('fetch', fetchStub);
  return { calls, fetch: fetchStub };
}

/** `me` for a signed-in administrator holding exactly `permissions`. */
export function withPermissions(permissions: Permission[]): Me {
  return { ...makeMe({ roles: ['admin'], mfaEnrolled: true }), permissions };
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/**
 * Renders a page as the shell would: Mantine (test env: no transitions or portals delays),
 * a fresh QueryClient without retries, and a router at `route` matching `path`.
 */
export function renderPage(ui: ReactElement, opts: { route: string; path: string }) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <MantineProvider env="test">
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[opts.route]}>
          <Routes>
            <Route path={opts.path} element={ui} />
            <Route path="*" element={null} />
          </Routes>
          <LocationProbe />
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/**
 * The visible input labelled `label`. Mantine's comboboxes label their listbox and hidden
 * input too, so `getByLabelText` alone finds several.
 */
export function inputByLabel(label: RegExp | string, within: HTMLElement = document.body) {
  const found = getAllByLabelText(within, label).find(
    (el) => el instanceof HTMLInputElement && el.type !== 'hidden',
  );
  if (!found) throw new Error(`no visible input labelled ${String(label)}`);
  return found as HTMLInputElement;
}
