import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { facilityId, makeMe, problem, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aSummary } from '../../patients/patients.fixtures';
import type { TodayEntry, TodayList } from './today.api';
import { anEntry } from './today.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const me = makeMe({ roles: ['front_desk'] });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

function aList(items: TodayEntry[]): TodayList {
  return { date: '2026-01-15', timeZone: 'America/New_York', items };
}

const waiting = anEntry({
  id: '0192f0c4-0000-7000-8000-0000000000e2',
  patient: aSummary({
    id: '0192f0c4-0000-7000-8000-0000000000a2',
    name: { given: 'Ana', family: 'Lopez' },
  }),
  patientId: '0192f0c4-0000-7000-8000-0000000000a2',
  startsAt: minutesAgo(40),
  endsAt: minutesAgo(20),
  status: 'arrived',
  arrivedAt: minutesAgo(45),
  waitingMinutes: 45,
});
const restricted = anEntry({
  id: '0192f0c4-0000-7000-8000-0000000000e3',
  patient: aSummary({
    id: '0192f0c4-0000-7000-8000-0000000000a3',
    mrn: '10000055',
    name: null,
    birthDate: null,
    restricted: true,
  }),
  patientId: '0192f0c4-0000-7000-8000-0000000000a3',
  startsAt: inMinutes(90),
  endsAt: inMinutes(110),
  status: 'booked',
});

function rowOf(text: string): HTMLElement {
  const row = screen.getByText(text).closest('tr');
  if (!row) throw new Error(`no row with ${text}`);
  return row;
}

describe('TodayPage', { timeout: 30_000 }, () => {
  it('lists the day by time with counts, live waits and restricted records kept anonymous', async () => {
    const api = mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === '/api/v1/appointments/today')
        return { body: aList([restricted, anEntry(), waiting]) };
      return undefined;
    });
    renderApp('/schedule/today');

    expect(await screen.findByText('LOPEZ, Ana', {}, { timeout: 10_000 })).toBeTruthy();
    const today = api.calls.find((c) => c.url.pathname === '/api/v1/appointments/today');
    expect(today?.url.searchParams.get('facilityId')).toBe(facilityId);

    const names = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('link')[0]?.textContent);
    expect(names).toEqual(['LOPEZ, Ana', 'GARCÍA, José', 'Restricted record']);
    expect(within(rowOf('Restricted record')).getByText('MRN 10000055')).toBeTruthy();
    expect(within(rowOf('LOPEZ, Ana')).getByText('Waiting 45 min · very long wait')).toBeTruthy();

    const summary = screen.getByRole('list', { name: 'Today at a glance' });
    expect(
      within(summary)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '2Expected',
      '1Arrived, waiting',
      '0In room',
      '0Completed',
      '0No-shows',
      '0Cancelled',
    ]);
  });

  it('checks a patient in at the version shown, and the row then shows them waiting', async () => {
    let isArrived = false;
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === '/api/v1/appointments/today') {
        return {
          body: aList([
            isArrived
              ? anEntry({ status: 'arrived', arrivedAt: minutesAgo(0), version: 4 })
              : anEntry(),
          ]),
        };
      }
      if (method === 'POST' && url.pathname.endsWith('/transitions')) {
        isArrived = true;
        return { body: anEntry({ status: 'arrived', arrivedAt: minutesAgo(0), version: 4 }) };
      }
      return undefined;
    });
    renderApp('/schedule/today');

    fireEvent.click(
      await screen.findByRole(
        'button',
        { name: /^Check in: GARCÍA, José at / },
        { timeout: 10_000 },
      ),
    );

    expect(await screen.findByText('Waiting 0 min')).toBeTruthy();
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(`/api/v1/appointments/${anEntry().id}/transitions`);
    expect(post?.headers['if-match']).toBe('"3"');
    expect(post?.body).toEqual({ action: 'arrive' });
    expect(await screen.findByRole('button', { name: /^To room: GARCÍA, José/ })).toBeTruthy();
  });

  it('puts the row back and says why when the step is refused, with a refresh', async () => {
    mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === '/api/v1/appointments/today') return { body: aList([anEntry()]) };
      if (method === 'POST') return problem(409, 'scheduling.invalid_transition');
      return undefined;
    });
    renderApp('/schedule/today');

    fireEvent.click(
      await screen.findByRole('button', { name: /^Check in: GARCÍA/ }, { timeout: 10_000 }),
    );

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/status changed elsewhere/)).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Refresh' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Check in: GARCÍA/ })).toBeTruthy();
    expect(screen.queryByText(/^Waiting/)).toBeNull();
  });

  it('cancels only with a reason', async () => {
    const cancelled = anEntry({ status: 'cancelled', cancelReason: 'unwell', version: 4 });
    let isCancelled = false;
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === '/api/v1/appointments/today')
        return { body: aList([isCancelled ? cancelled : anEntry()]) };
      if (method === 'POST' && url.pathname.endsWith('/cancel')) {
        isCancelled = true;
        return { body: cancelled };
      }
      return undefined;
    });
    renderApp('/schedule/today');

    fireEvent.click(
      await screen.findByRole('button', { name: /^More actions: GARCÍA/ }, { timeout: 10_000 }),
    );
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Cancel appointment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel appointment' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));
    expect(within(dialog).getByText('Required')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText(/Reason for cancelling/), {
      target: { value: 'Patient phoned: unwell' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));

    expect(await within(rowOf('GARCÍA, José')).findByText('Cancelled')).toBeTruthy();
    expect(within(rowOf('GARCÍA, José')).queryByRole('button')).toBeNull();
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ reason: 'Patient phoned: unwell' });
    expect(post?.headers['if-match']).toBe('"3"');
  });
});
