import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StayDetail } from '@meridian/contracts';
import { makeMe, problem } from '../../../test/app-harness';
import { inputByLabel, mockApi, renderPage, type ApiCall } from '../../admin/test-utils';
import { aPatient } from '../../patients/patients.fixtures';
import { StayDrawer } from './StayDrawer';
import { aBoard, aMovement, aStay, bedA, bedB, doctor, SignedIn, stayId } from './stays.fixtures';

// The fixtures' stay was admitted on 3 December; "now" is two days later (only Date is faked,
// so waits and timers run as usual).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-05T15:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const stepPath = (step: string) => `/api/v1/admissions/${stayId}/${step}`;

function serve(
  stay: StayDetail,
  opts: {
    roles?: ('nurse' | 'admin' | 'physician')[];
    onStep?: (call: ApiCall) => { status?: number; body?: unknown } | undefined;
  } = {},
) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: opts.roles ?? ['nurse'] }) };
    if (path === `/api/v1/admissions/${stayId}` && call.method === 'GET') return { body: stay };
    if (path === '/api/v1/bed-board') return { body: aBoard() };
    if (path === '/api/v1/scheduling/practitioners') return { body: { items: [doctor] } };
    if (path === `/api/v1/patients/${aPatient().id}`) return { body: aPatient() };
    if (call.method !== 'GET' && path.startsWith(`/api/v1/admissions/${stayId}/`)) {
      return opts.onStep?.(call) ?? { body: stay };
    }
    return undefined;
  });
}

function show() {
  renderPage(
    <SignedIn>
      <StayDrawer stayId={stayId} opened onClose={() => undefined} />
    </SignedIn>,
    { route: '/beds', path: '/beds' },
  );
}

async function openAction(name: string, dialogName: string) {
  fireEvent.click(await screen.findByRole('button', { name }, { timeout: 10_000 }));
  return screen.findByRole('dialog', { name: dialogName });
}

describe('StayDrawer', { timeout: 30_000 }, () => {
  it('shows the stay, its bed and carers, and the movement history in order', async () => {
    serve(
      aStay({
        isolation: ['droplet'],
        bedId: bedB,
        movements: [
          aMovement(),
          aMovement({
            id: '0193a000-0000-7000-8000-0000000000aa',
            kind: 'transferred',
            occurredAt: '2026-12-04T10:00:00Z',
            fromBedId: bedA,
            toBedId: bedB,
            reason: 'Closer to the nurses station',
          }),
        ],
      }),
    );
    show();
    expect(await screen.findByText('Stay IP-000123', {}, { timeout: 10_000 })).toBeTruthy();
    expect(await screen.findByText('GARCÍA, José María')).toBeTruthy();
    expect(screen.getByText('Droplet precautions')).toBeTruthy();
    await waitFor(
      () => expect(screen.getAllByText('Dr. Lena Hart').length).toBe(2), // admitting and attending
    );
    expect(screen.getByText('3 North · room 12 · bed B')).toBeTruthy();
    const history = screen.getByRole('table', { name: 'Movements' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual([
      'Admitted',
      'Transferred',
    ]);
    expect(
      within(rows[1]!).getByText('3 North · room 12 · bed A → 3 North · room 12 · bed B'),
    ).toBeTruthy();
    expect(within(rows[1]!).getByText('Closer to the nurses station')).toBeTruthy();
    // A nurse does not correct admissions.
    expect(screen.queryByRole('button', { name: /Cancel admission/ })).toBeNull();
  });

  it('discharges only with a disposition, and a destination for a transfer, at the version shown', async () => {
    const api = serve(aStay());
    show();
    const d = await openAction('Discharge', 'Discharge');
    fireEvent.click(within(d).getByRole('button', { name: 'Discharge' }));
    expect(await within(d).findByText('Choose the disposition.')).toBeTruthy();

    fireEvent.click(inputByLabel(/^Disposition/, d));
    fireEvent.click(await screen.findByRole('option', { name: 'Transferred to another facility' }));
    fireEvent.click(within(d).getByRole('button', { name: 'Discharge' }));
    expect(await within(d).findByText('Say where the patient was transferred to.')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(inputByLabel(/^Destination/, d), { target: { value: 'St. Mary Rehab' } });
    fireEvent.change(inputByLabel(/^Discharged at/, d), {
      target: { value: '2026-12-05T08:15' },
    });
    fireEvent.change(within(d).getByRole('textbox', { name: 'Discharge summary' }), {
      target: { value: 'Recovered.\nFollow-up in 2 weeks.' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Discharge' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(stepPath('discharge'));
    expect(post?.headers['if-match']).toBe('"5"');
    expect(post?.body).toEqual({
      disposition: 'transferred',
      dischargedAt: '2026-12-05T13:15:00Z',
      summary: 'Recovered.\nFollow-up in 2 weeks.',
      destination: 'St. Mary Rehab',
    });
  });

  it('discharges "now" without a time when the field is left as it opened, so the server clock decides', async () => {
    const api = serve(aStay());
    show();
    const d = await openAction('Discharge', 'Discharge');
    expect(inputByLabel(/^Discharged at/, d).value).toBe('2026-12-05T10:00');
    fireEvent.click(inputByLabel(/^Disposition/, d));
    fireEvent.click(await screen.findByRole('option', { name: 'Home' }));
    fireEvent.click(within(d).getByRole('button', { name: 'Discharge' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      disposition: 'home',
      summary: null,
      destination: null,
    });
  });

  it('refuses a discharge time before the admission, before and after asking the server', async () => {
    const api = serve(aStay(), { onStep: () => problem(422, 'admission.before_admission') });
    show();
    const d = await openAction('Discharge', 'Discharge');
    fireEvent.click(inputByLabel(/^Disposition/, d));
    fireEvent.click(await screen.findByRole('option', { name: 'Home' }));
    // Admitted 2026-12-03 09:00 New York time.
    fireEvent.change(inputByLabel(/^Discharged at/, d), {
      target: { value: '2026-12-02T09:00' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Discharge' }));
    expect(await within(d).findByText(/before the admission/)).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    // The server has the last word (its clock, the admission as it now is).
    fireEvent.change(inputByLabel(/^Discharged at/, d), {
      target: { value: '2026-12-03T09:30' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Discharge' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    await waitFor(() =>
      expect(inputByLabel(/^Discharged at/, d).getAttribute('aria-invalid')).toBe('true'),
    );
    expect(within(d).getByText(/before the admission/)).toBeTruthy();
  });

  it('starts a leave with a reason and the expected return', async () => {
    const api = serve(aStay());
    show();
    const d = await openAction('Start leave', 'Leave of absence');
    fireEvent.click(within(d).getByRole('button', { name: 'Start leave' }));
    expect(await within(d).findByText('Say why the patient leaves the ward.')).toBeTruthy();
    fireEvent.change(inputByLabel(/^Reason/, d), { target: { value: 'Family visit' } });
    fireEvent.change(inputByLabel(/^Expected back/, d), {
      target: { value: '2026-12-05T18:00' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Start leave' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(stepPath('leave'));
    expect(post?.body).toEqual({
      reason: 'Family visit',
      expectedReturnAt: '2026-12-05T23:00:00Z',
    });
  });

  it('orders a discharge for an expected time and can cancel the order', async () => {
    const api = serve(aStay({ dischargeExpectedAt: '2026-12-06T16:00:00Z' }));
    show();
    const d = await openAction('Change expected discharge', 'Discharge order');
    expect(inputByLabel(/^Expected discharge/, d).value).toBe('2026-12-06T11:00');
    fireEvent.change(inputByLabel(/^Expected discharge/, d), {
      target: { value: '2026-12-06T14:00' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Save order' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      expectedAt: '2026-12-06T19:00:00Z',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Discharge order' })).toBeNull(),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Cancel discharge order' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1));
    const del = api.calls.find((c) => c.method === 'DELETE');
    expect(del?.url.pathname).toBe(stepPath('discharge-order'));
    expect(del?.headers['if-match']).toBe('"5"');
  });

  it('lets those who correct cancel an admission entered in error, with a reason', async () => {
    const api = serve(aStay(), { roles: ['admin'] });
    show();
    const d = await openAction('Cancel admission (entered in error)', 'Cancel admission');
    // An administrator corrects but does not run the ward.
    expect(screen.queryByRole('button', { name: 'Discharge' })).toBeNull();
    fireEvent.click(within(d).getByRole('button', { name: 'Cancel admission' }));
    expect(await within(d).findByText('Say why, for the record.')).toBeTruthy();
    fireEvent.change(inputByLabel(/^Reason for the correction/, d), {
      target: { value: 'Wrong patient chosen' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Cancel admission' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(stepPath('cancel'));
    expect(post?.body).toEqual({ reason: 'Wrong patient chosen' });
  });

  it('offers to undo a discharge and says when its window has passed', async () => {
    serve(
      aStay({
        status: 'discharged',
        dischargedAt: '2026-12-05T09:00:00Z',
        disposition: 'home',
        bedId: null,
      }),
      {
        roles: ['admin'],
        onStep: () => problem(409, 'admission.correction_window_passed'),
      },
    );
    show();
    const d = await openAction('Undo discharge', 'Undo discharge');
    fireEvent.change(inputByLabel(/^Reason for the correction/, d), {
      target: { value: 'Discharged the wrong patient' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Undo discharge' }));
    const alert = await within(d).findByRole('alert');
    expect(alert.textContent).toMatch(/time to undo this discharge has passed/);
  });
});
