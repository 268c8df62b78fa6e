import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { LinkView } from '@meridian/contracts';
import { problem } from '../../../test/app-harness';
import { mockApi, renderPage } from '../../admin/test-utils';
import { LinkPage } from './LinkPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const token = 'signed.token';
const path = `/api/v1/links/${token}`;

function aReminder(overrides: Partial<LinkView> = {}): LinkView {
  return {
    purpose: 'reminder',
    // 09:30 in New York; the test runs in UTC, so 9:30 shows the facility's zone is used.
    startsAt: '2026-01-19T14:30:00Z',
    endsAt: '2026-01-19T14:50:00Z',
    timeZone: 'America/New_York',
    practitionerName: 'Dr. Aisha Patel',
    facilityName: 'Meridian General Hospital',
    appointmentTypeName: 'Follow-up visit',
    status: 'booked',
    actions: ['confirm', 'cancel'],
    expiresAt: '2026-01-19T14:30:00Z',
    ...overrides,
  };
}

function anOffer(overrides: Partial<LinkView> = {}): LinkView {
  return aReminder({
    purpose: 'waitlist_offer',
    status: 'open',
    actions: ['accept', 'decline'],
    ...overrides,
  });
}

function open() {
  renderPage(<LinkPage />, { route: `/r/${token}`, path: '/r/:token' });
}

function posts(api: ReturnType<typeof mockApi>) {
  return api.calls.filter((c) => c.method === 'POST' && c.url.pathname === path).map((c) => c.body);
}

describe('LinkPage', () => {
  it('shows the appointment in the facility’s time and confirms it', async () => {
    const api = mockApi(({ method, url }) => {
      if (url.pathname !== path) return undefined;
      if (method === 'GET') return { body: aReminder() };
      return { body: aReminder({ status: 'confirmed', actions: ['cancel'] }) };
    });
    open();

    expect(
      await screen.findByRole('heading', { name: 'Please confirm your appointment' }),
    ).toBeTruthy();
    expect(screen.getByText('Monday, January 19, 2026')).toBeTruthy();
    expect(screen.getByText(/^9:30\s*–\s*9:50\sAM EST$/)).toBeTruthy();
    expect(screen.getByText('Dr. Aisha Patel')).toBeTruthy();
    expect(screen.getByText('Follow-up visit')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Confirm appointment' }));

    expect(
      await screen.findByRole('heading', { name: 'Your appointment is confirmed' }),
    ).toBeTruthy();
    expect(screen.getByText(/Thank you for letting us know/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Confirm appointment' })).toBeNull();
    expect(posts(api)).toEqual([{ action: 'confirm' }]);
  });

  it('asks “are you sure” before cancelling, and going back sends nothing', async () => {
    const api = mockApi(({ method, url }) => {
      if (url.pathname !== path) return undefined;
      if (method === 'GET') return { body: aReminder() };
      return { body: aReminder({ status: 'cancelled', actions: [] }) };
    });
    open();

    fireEvent.click(await screen.findByRole('button', { name: 'Cancel appointment' }));
    expect(screen.getByRole('heading', { name: 'Cancel this appointment?' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'No, go back' }));
    expect(screen.getByRole('button', { name: 'Confirm appointment' })).toBeTruthy();
    expect(posts(api)).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel appointment' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));

    expect(
      await screen.findByRole('heading', { name: 'This appointment is cancelled' }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Confirm|Cancel/ })).toBeNull();
    expect(posts(api)).toEqual([{ action: 'cancel' }]);
  });

  it('offers a waitlist slot with accept and decline, and says so when it was taken', async () => {
    let isTaken = false;
    const api = mockApi(({ method, url }) => {
      if (url.pathname !== path) return undefined;
      if (method === 'GET') {
        return { body: isTaken ? anOffer({ status: 'taken', actions: [] }) : anOffer() };
      }
      isTaken = true;
      return problem(409, 'scheduling.offer_unavailable');
    });
    open();

    expect(
      await screen.findByRole('heading', { name: 'An earlier appointment is available' }),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Decline' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Accept this appointment' }));

    expect(await screen.findByText('Sorry, this appointment is no longer available')).toBeTruthy();
    // The page reads the offer again and shows where it stands, with nothing left to press.
    expect(
      await screen.findByRole('heading', { name: 'This appointment has been taken' }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept this appointment' })).toBeNull();
    expect(posts(api)).toEqual([{ action: 'accept' }]);
  });

  it.each([
    [410, 'link.expired', 'This link has expired'],
    [400, 'link.invalid', 'This link does not work'],
  ] as const)('explains a %i (%s) link and offers no retry', async (status, code, title) => {
    mockApi(({ url }) => (url.pathname === path ? problem(status, code) : undefined));
    open();

    expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(screen.queryByText('Dr. Aisha Patel')).toBeNull();
  });

  it('shows an expired link when it lapses between reading and answering', async () => {
    mockApi(({ method, url }) => {
      if (url.pathname !== path) return undefined;
      return method === 'GET' ? { body: aReminder() } : problem(410, 'link.expired');
    });
    open();

    fireEvent.click(await screen.findByRole('button', { name: 'Confirm appointment' }));

    expect(await screen.findByRole('heading', { name: 'This link has expired' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Confirm appointment' })).toBeNull();
  });

  it('recovers from a network failure when the patient tries again', async () => {
    const api = mockApi(({ method, url }) => {
      if (url.pathname !== path) return undefined;
      return method === 'GET'
        ? { body: aReminder() }
        : { body: aReminder({ status: 'confirmed', actions: ['cancel'] }) };
    });
    api.fetch.mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')));
    open();

    expect(
      await screen.findByRole('heading', { name: 'We could not reach the clinic’s system' }),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('heading', { name: 'Please confirm your appointment' }),
    ).toBeTruthy();

    // The answer is lost on the way too: the same answer goes again on "Try again".
    api.fetch.mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm appointment' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));

    expect(
      await screen.findByRole('heading', { name: 'Your appointment is confirmed' }),
    ).toBeTruthy();
    // Two POSTs went out (the lost one is not recorded by the stub), both "confirm".
    const sent = api.fetch.mock.calls.filter(([, init]) => init?.method === 'POST');
    expect(sent.map(([, init]) => init?.body)).toEqual([
      JSON.stringify({ action: 'confirm' }),
      JSON.stringify({ action: 'confirm' }),
    ]);
  });
});
