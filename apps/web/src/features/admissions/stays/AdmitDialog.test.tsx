import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { facilityId, makeMe, problem } from '../../../test/app-harness';
import { inputByLabel, mockApi, renderPage, type ApiCall } from '../../admin/test-utils';
import { aSummary } from '../../patients/patients.fixtures';
import { AdmitDialog } from './AdmitDialog';
import { aBed, aBoard, aStay, bedA, bedB, doctor, SignedIn } from './stays.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

function serve(onPost?: (call: ApiCall) => { status?: number; body?: unknown } | undefined) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['nurse'] }) };
    if (path === '/api/v1/bed-board') return { body: aBoard() };
    if (path === '/api/v1/scheduling/practitioners') return { body: { items: [doctor] } };
    if (path === `/api/v1/facilities/${facilityId}/departments`) return { body: { items: [] } };
    if (path === '/api/v1/patients') return { body: { items: [aSummary()], nextCursor: null } };
    if (call.method === 'POST' && path === '/api/v1/admissions') {
      return onPost?.(call) ?? { status: 201, body: aStay() };
    }
    return undefined;
  });
}

function show(props: { withPatient?: boolean; withBed?: boolean } = {}) {
  const onAdmitted = vi.fn();
  const onClose = vi.fn();
  renderPage(
    <SignedIn>
      <AdmitDialog
        facilityId={facilityId}
        opened
        onClose={onClose}
        onAdmitted={onAdmitted}
        patient={props.withPatient ? aSummary() : null}
        bed={props.withBed ? aBed({ id: bedB, code: 'B' }) : null}
      />
    </SignedIn>,
    { route: '/beds', path: '/beds' },
  );
  return { onAdmitted, onClose };
}

async function dialog() {
  return screen.findByRole('dialog', { name: 'Admit a patient' }, { timeout: 10_000 });
}

async function choose(d: HTMLElement, label: RegExp, option: RegExp) {
  // The choices load first.
  await waitFor(() => expect(inputByLabel(label, d).disabled).toBe(false));
  fireEvent.click(inputByLabel(label, d));
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

async function fillRequired(d: HTMLElement) {
  await choose(d, /^Admitting practitioner/, /Dr. Lena Hart/);
  fireEvent.change(inputByLabel(/^Reason for admission/, d), {
    target: { value: '  Community-acquired pneumonia ' },
  });
}

describe('AdmitDialog', { timeout: 30_000 }, () => {
  it('names each missing field and sends nothing', async () => {
    const api = serve();
    show();
    const d = await dialog();
    fireEvent.click(within(d).getByRole('button', { name: 'Admit' }));
    expect(await within(d).findByText('Choose the patient to admit.')).toBeTruthy();
    expect(within(d).getByText('Choose the admitting practitioner.')).toBeTruthy();
    expect(within(d).getByText('Choose the attending practitioner.')).toBeTruthy();
    expect(within(d).getByText('Say why the patient is admitted.')).toBeTruthy();
    expect(within(d).getByText(/Choose a bed to admit the patient into now/)).toBeTruthy();

    // A pre-admission may wait for a bed but needs the expected time.
    fireEvent.click(within(d).getByRole('radio', { name: 'Pre-admission' }));
    fireEvent.click(within(d).getByRole('button', { name: 'Pre-admit' }));
    expect(
      await within(d).findByText('Give the date and time the patient is expected.'),
    ).toBeTruthy();
    expect(within(d).queryByText(/Choose a bed to admit the patient into now/)).toBeNull();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('admits into the bed it was opened for, with an idempotency key, attending defaulting to the admitting', async () => {
    const api = serve();
    const { onAdmitted, onClose } = show({ withPatient: true, withBed: true });
    const d = await dialog();
    await fillRequired(d);
    fireEvent.click(within(d).getByRole('checkbox', { name: 'Contact' }));
    fireEvent.change(inputByLabel(/^Expected length of stay/, d), { target: { value: '4' } });
    fireEvent.click(within(d).getByRole('button', { name: 'Admit' }));

    await waitFor(() => expect(onAdmitted).toHaveBeenCalledWith(aStay()));
    expect(onClose).toHaveBeenCalled();
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(post?.body).toEqual({
      patientId: aSummary().id,
      facilityId,
      source: 'emergency',
      sourceDetail: null,
      admittingPractitionerId: doctor.id,
      attendingPractitionerId: doctor.id,
      reason: 'Community-acquired pneumonia',
      admittingDiagnosis: null,
      levelOfCare: 'acute',
      expectedLengthOfStayDays: 4,
      isolation: ['contact'],
      bedId: bedB,
      preAdmission: null,
    });
  });

  it('pre-admits for a time given in the facility zone, without a bed', async () => {
    const api = serve(() => ({ status: 201, body: aStay({ status: 'pre_admitted' }) }));
    show({ withPatient: true });
    const d = await dialog();
    await fillRequired(d);
    fireEvent.click(within(d).getByRole('radio', { name: 'Pre-admission' }));
    fireEvent.change(inputByLabel(/^Expected arrival/, d), {
      target: { value: '2026-12-07T09:30' },
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Pre-admit' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    const body = api.calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    // 09:30 in New York (EST) is 14:30 UTC.
    expect(body['preAdmission']).toEqual({ expectedAt: '2026-12-07T14:30:00Z' });
    expect(body['bedId']).toBeNull();
  });

  it('says the patient is already admitted beside the patient, and keeps the key for a retry', async () => {
    const api = serve(() => problem(409, 'admission.already_admitted'));
    show({ withPatient: true, withBed: true });
    const d = await dialog();
    await fillRequired(d);
    fireEvent.click(within(d).getByRole('button', { name: 'Admit' }));
    const alert = await within(d).findByText(/already has an open stay/);
    expect(alert.getAttribute('role')).toBe('alert');
    fireEvent.click(within(d).getByRole('button', { name: 'Admit' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    const [first, second] = api.calls.filter((c) => c.method === 'POST');
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
  });

  it('puts "bed taken" and the server field errors next to their fields', async () => {
    let answer = problem(409, 'admission.bed_unavailable');
    const api = serve(() => answer);
    show({ withPatient: true });
    const d = await dialog();
    await fillRequired(d);
    await choose(d, /^Bed/, /3 North · room 12 · bed A/);
    fireEvent.click(within(d).getByRole('button', { name: 'Admit' }));
    const bedField = inputByLabel(/^Bed/, d);
    await waitFor(() => expect(bedField.getAttribute('aria-invalid')).toBe('true'));
    expect(within(d).getByText(/just taken or reserved by someone else/)).toBeTruthy();
    const sent = api.calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(sent['bedId']).toBe(bedA);

    answer = problem(400, 'validation.failed', {
      errors: [{ path: 'sourceDetail', rule: 'max', message: 'is too long' }],
    });
    fireEvent.click(within(d).getByRole('button', { name: 'Admit' }));
    expect(await within(d).findByText('is too long')).toBeTruthy();
    expect(inputByLabel(/^Source detail/, d).getAttribute('aria-invalid')).toBe('true');
  });
});
