import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import {
  permissionsForRoles,
  type Me,
  type Problem,
  type Role,
  type SessionState,
} from '@meridian/contracts';
import '../app/i18n';
import { createQueryClient } from '../app/queryClient';
import { routes } from '../app/router';
import { cssVariablesResolver, theme } from '../app/theme';

export interface StubCall {
  method: string;
  path: string;
  body: unknown;
}

export interface StubAnswer {
  status: number;
  body?: unknown;
}

export const facilityId = '0190a0b0-0000-7000-8000-000000000001';

/** A `me` as the server answers it; permissions follow the roles unless the state limits them. */
export function makeMe(
  overrides: {
    roles?: Role[];
    state?: SessionState;
    idleExpiresAt?: string;
    absoluteExpiresAt?: string;
    mfaEnrolled?: boolean;
  } = {},
): Me {
  const roles = overrides.roles ?? ['physician'];
  const state = overrides.state ?? 'active';
  const now = Date.now();
  return {
    user: {
      id: '0190a0b0-0000-7000-8000-0000000000aa',
      email: 'ada.okafor@meridian.example',
      displayName: 'Ada Okafor',
      mfaEnrolled: overrides.mfaEnrolled ?? false,
    },
    roles,
    permissions: state === 'active' ? permissionsForRoles(roles) : [],
    facilities: [
      { id: facilityId, name: 'Meridian General', code: 'MGH', timeZone: 'America/New_York' },
    ],
    currentFacilityId: facilityId,
    session: {
      state,
      idleExpiresAt: overrides.idleExpiresAt ?? new Date(now + 15 * 60_000).toISOString(),
      absoluteExpiresAt: overrides.absoluteExpiresAt ?? new Date(now + 12 * 3600_000).toISOString(),
      idleTimeoutSeconds: 900,
    },
  };
}

export function problem(status: number, code: Problem['code'], extra: Partial<Problem> = {}) {
  return {
    status,
    body: { type: 'about:blank', title: code, status, code, detail: code, ...extra },
  };
}

/**
 * Stubs `fetch`: the server is an outside peer in component tests. `answer` gets each call
 * by "METHOD /path"; unanswered calls get a 404 problem. Calls are recorded.
 */
export function stubApi(answer: (call: StubCall) => StubAnswer | undefined) {
  const calls: StubCall[] = [];
  const fetchStub = vi.fn((input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method: init?.method ?? 'GET', path: url.pathname, body };
    calls.push(call);
    const result = answer(call) ?? problem(404, 'request.route_not_found');
    const headers = {
      'content-type': result.status >= 400 ? 'application/problem+json' : 'application/json',
    };
    return Promise.resolve(
      result.status === 204
        ? new Response(null, { status: 204 })
        : new Response(JSON.stringify(result.body ?? null), { status: result.status, headers }),
    );
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    calls,
    callsTo: (method: string, path: string) =>
      calls.filter((c) => c.method === method && c.path === path),
  };
}

/** The whole app (providers, router, shell) at a URL, against the stubbed API. */
export function renderApp(url: string) {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const queryClient = createQueryClient();
  const view = render(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} env="test">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...view, router, queryClient };
}
