import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { Appointment } from '@meridian/contracts';
import { makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';
import { anAppointment as baseAppointment } from '../today/today.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const me = makeMe({ roles: ['front_desk'] });
const day = 86_400_000;

/** An appointment `daysFromNow` days away: booked if ahead, completed if past. */
function anAppointment(daysFromNow: number, overrides: Partial<Appointment> = {}): Appointment {
  const startsAt = new Date(Date.now() + daysFromNow * day);
  return baseAppointment({
    id: `0192f0c4-0000-7000-8000-${String(2000 + daysFromNow).padStart(12, '0')}`,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 20 * 60_000).toISOString(),
    status: daysFromNow > 0 ? 'booked' : 'completed',
    confirmedAt: null,
    version: 2,
    ...overrides,
  });
}

const soon = anAppointment(7);
const later = anAppointment(30, { practitionerName: 'Dr. Daniel Kim' });
const lastYear = anAppointment(-300, { practitionerName: 'Dr. Laura Novak' });
const lastMonth = anAppointment(-30, {
  practitionerName: 'Dr. Samuel Okafor',
  status: 'cancelled',
  cancelReason: 'Transport unavailable',
});

/** The API lists in start order, a page at a time; the past is split over two pages. */
function answerList(url: URL) {
  const from = Date.parse(url.searchParams.get('from') ?? '');
  if (from > Date.now() - day) return { body: { items: [soon, later], nextCursor: null } };
  return url.searchParams.get('cursor')
    ? { body: { items: [lastMonth], nextCursor: null } }
    : { body: { items: [lastYear], nextCursor: 'page-2' } };
}

function tableRows(name: string): string[] {
  const table = screen.getByRole('table', { name });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1]?.textContent ?? '');
}

describe('PatientAppointmentsTab', { timeout: 30_000 }, () => {
  it('lists upcoming visits soonest first and the past most recent first', async () => {
    const api = mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === `/api/v1/patients/${patientId}`) return { body: aPatient() };
      if (url.pathname === '/api/v1/appointments') return answerList(url);
      return undefined;
    });
    renderApp(`/patients/${patientId}/appointments`);

    expect(await screen.findByText('Dr. Laura Novak', {}, { timeout: 10_000 })).toBeTruthy();
    expect(tableRows('Upcoming')).toEqual([
      'Dr. Aisha PatelFollow-up visit',
      'Dr. Daniel KimFollow-up visit',
    ]);
    expect(tableRows('Past')).toEqual([
      'Dr. Samuel OkaforFollow-up visit',
      'Dr. Laura NovakFollow-up visit',
    ]);
    expect(screen.getByText('Reason: Transport unavailable')).toBeTruthy();
    const lists = api.calls.filter((c) => c.url.pathname === '/api/v1/appointments');
    expect(lists.every((c) => c.url.searchParams.get('patientId') === patientId)).toBe(true);
  });

  it('opens the booking dialog with this patient already chosen', async () => {
    mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === `/api/v1/patients/${patientId}`) return { body: aPatient() };
      if (url.pathname === '/api/v1/appointments') return answerList(url);
      return undefined;
    });
    renderApp(`/patients/${patientId}/appointments`);
    fireEvent.click(await screen.findByRole('button', { name: 'Book appointment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Book appointment' });
    expect(within(dialog).getByText(/García, José/)).toBeTruthy();
    expect(within(dialog).queryByLabelText('Find a patient')).toBeNull();
  });

  it('cancels an upcoming visit with a reason at the version shown', async () => {
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === `/api/v1/patients/${patientId}`) return { body: aPatient() };
      if (url.pathname === '/api/v1/appointments') return answerList(url);
      if (method === 'POST' && url.pathname === `/api/v1/appointments/${soon.id}/cancel`)
        return { body: { ...soon, status: 'cancelled', version: 3 } };
      return undefined;
    });
    renderApp(`/patients/${patientId}/appointments`);

    const upcoming = await screen.findByRole('table', { name: 'Upcoming' }, { timeout: 10_000 });
    // Only upcoming visits can be cancelled here.
    expect(within(upcoming).getAllByRole('button', { name: /^Cancel/ })).toHaveLength(2);
    expect(within(screen.getByRole('table', { name: 'Past' })).queryByRole('button')).toBeNull();

    fireEvent.click(within(upcoming).getAllByRole('button', { name: /^Cancel/ })[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Cancel appointment' });
    fireEvent.change(within(dialog).getByLabelText(/Reason for cancelling/), {
      target: { value: 'Moving away' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));

    await vi.waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ reason: 'Moving away' });
    expect(post?.headers['if-match']).toBe('"2"');
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
