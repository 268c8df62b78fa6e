import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { useMe } from '../../../app/auth/useMe';
import { makeMe, problem } from '../../../test/app-harness';
import { mockApi, renderPage, type ApiCall, type CannedResponse } from '../../admin/test-utils';
import { anAppointment } from '../today/today.fixtures';
import { AppointmentDrawer } from './AppointmentDrawer';

afterEach(() => {
  vi.unstubAllGlobals();
});

const appt = anAppointment({ status: 'booked', confirmedAt: null, version: 3 });
const cancelPath = `/api/v1/appointments/${appt.id}/cancel`;

function renderDrawer(onCancel: (call: ApiCall) => CannedResponse) {
  const api = mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['front_desk'] }) };
    if (path === `/api/v1/appointments/${appt.id}`) return { body: appt };
    if (call.method === 'POST' && path === cancelPath) return onCancel(call);
    return undefined;
  });
  const onClose = vi.fn();
  // The drawer lives inside the signed-in layout: render it once `me` is there.
  function Signedin() {
    const { me } = useMe();
    return me ? <AppointmentDrawer appointment={appt} onClose={onClose} /> : null;
  }
  renderPage(<Signedin />, { route: '/schedule', path: '/schedule' });
  return { api, onClose };
}

async function openCancel() {
  const drawer = within(await screen.findByRole('dialog'));
  fireEvent.click(await drawer.findByRole('button', { name: 'Cancel appointment' }));
  return within(await drawer.findByRole('form', { name: 'Cancel appointment' }));
}

describe('AppointmentDrawer: cancel', () => {
  it('asks for a reason, then cancels at the version shown and closes', async () => {
    const { api, onClose } = renderDrawer(() => ({
      body: { ...appt, status: 'cancelled', version: 4 },
    }));
    const form = await openCancel();
    expect(form.getByText(/with Dr\. Aisha Patel \(Follow-up visit\)\./)).toBeTruthy();

    fireEvent.click(form.getByRole('button', { name: 'Cancel appointment' }));
    expect(await form.findByText('Required')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(form.getByLabelText(/Reason for cancelling/), {
      target: { value: 'Feeling better' },
    });
    fireEvent.click(form.getByRole('button', { name: 'Cancel appointment' }));

    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(cancelPath);
    expect(post?.body).toEqual({ reason: 'Feeling better' });
    expect(post?.headers['if-match']).toBe('"3"');
  });

  it('says so when someone else changed the appointment, and stays open', async () => {
    const { onClose } = renderDrawer(() => problem(412, 'resource.version_mismatch'));
    const form = await openCancel();
    fireEvent.change(form.getByLabelText(/Reason for cancelling/), {
      target: { value: 'Feeling better' },
    });
    fireEvent.click(form.getByRole('button', { name: 'Cancel appointment' }));

    expect(
      await form.findByText(
        'Someone else changed this appointment a moment ago. Refresh and try again.',
      ),
    ).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('"Keep appointment" goes back to the details without cancelling', async () => {
    const { api } = renderDrawer(() => ({ body: appt }));
    const form = await openCancel();
    fireEvent.click(form.getByRole('button', { name: 'Keep appointment' }));

    const drawer = within(screen.getByRole('dialog'));
    expect(drawer.queryByRole('form', { name: 'Cancel appointment' })).toBeNull();
    expect(drawer.getByRole('button', { name: 'Reschedule' })).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
