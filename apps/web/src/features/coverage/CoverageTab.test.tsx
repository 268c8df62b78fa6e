import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { problem } from '../../test/app-harness';
import { inputByLabel, mockApi, renderPage, withPermissions } from '../admin/test-utils';
import { CoverageTab } from './CoverageTab';
import { aCoverage, aPayer, aPlan, patientId } from './coverage.fixtures';
import { cardFileProblem } from './CardImagesModal';

afterEach(() => {
  vi.unstubAllGlobals();
});

const coveragesPath = `/api/v1/patients/${patientId}/coverages`;

function renderTab() {
  return renderPage(<CoverageTab patientId={patientId} />, {
    route: `/patients/${patientId}/coverage`,
    path: '/patients/:id/coverage',
  });
}

/** The text of the error Mantine shows under a field (its aria-describedby). */
function fieldError(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('CoverageTab', () => {
  it('lists coverages in force by priority and folds the ended and cancelled ones away', async () => {
    const secondary = aCoverage({
      id: '0192f0c4-0000-7000-8000-00000000d002',
      priority: 'secondary',
      payer: { id: aPayer().id, name: 'Medicare Part B', payerId: 'MCRB' },
      plan: null,
      subscriberRelationship: 'spouse',
      subscriber: { name: { given: 'Maria', family: 'Nguyễn' }, birthDate: '1961-04-09' },
    });
    const primary = aCoverage();
    const cancelled = aCoverage({
      id: '0192f0c4-0000-7000-8000-00000000d003',
      payer: { id: aPayer().id, name: 'Old Mutual Care', payerId: 'OMC' },
      status: 'cancelled',
      statusReason: 'Policy terminated by employer',
    });
    const ended = aCoverage({
      id: '0192f0c4-0000-7000-8000-00000000d004',
      payer: { id: aPayer().id, name: 'Lapsed Life', payerId: 'LPL' },
      effectiveFrom: '2019-01-01',
      effectiveTo: '2020-12-31',
    });
    mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['patient.read']) };
      if (url.pathname === coveragesPath)
        return { body: { items: [cancelled, secondary, ended, primary] } };
      return undefined;
    });
    renderTab();

    const headings = await screen.findAllByRole('heading', { level: 3 });
    // Primary before secondary, though the server listed secondary first.
    expect(headings.map((h) => h.textContent)).toEqual([
      'Blue Harbor Health',
      'Medicare Part B',
      'Past and cancelled (2)',
    ]);
    const medicare = screen.getByRole('article', { name: 'Medicare Part B' });
    expect(within(medicare).getByText('Secondary')).toBeTruthy();
    expect(within(medicare).getByText(/^Maria Nguyễn \(Spouse\), born/)).toBeTruthy();
    expect(within(medicare).getByText(/^No plan recorded/)).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Blue Harbor Health' }).textContent).toContain(
      'XJH123456789',
    );
    // Without patient.write there is nothing to add or change.
    expect(screen.queryByRole('button', { name: 'Add coverage' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();

    expect(screen.queryByText('Old Mutual Care')).toBeNull();
    const toggle = screen.getByRole('button', { name: 'Past and cancelled (2)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);

    const old = await screen.findByRole('article', { name: 'Old Mutual Care' });
    expect(within(old).getByText('Cancelled')).toBeTruthy();
    expect(within(old).getByText('Reason: Policy terminated by employer')).toBeTruthy();
    expect(
      within(screen.getByRole('article', { name: 'Lapsed Life' })).getByText('Ended'),
    ).toBeTruthy();
  });

  it('says so when the patient has no coverage at all', async () => {
    mockApi(({ url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['patient.write']) };
      if (url.pathname === coveragesPath) return { body: { items: [] } };
      return undefined;
    });
    renderTab();

    expect(await screen.findByText(/No insurance coverage on file/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add coverage' })).toBeTruthy();
  });

  it.each([
    {
      refusal: 'a second primary coverage (409)',
      answer: problem(409, 'coverage.priority_overlap', {
        detail: 'another active coverage is primary for these dates',
      }),
      field: /^Priority/,
      message: 'Another coverage already has this priority for these dates.',
    },
    {
      refusal: 'a payer retired meanwhile (400)',
      answer: problem(400, 'validation.failed', {
        errors: [{ path: 'payerId', rule: 'inactive_payer', message: 'payer is inactive' }],
      }),
      field: /^Payer/,
      message: 'This payer is inactive. Choose an active payer.',
    },
  ])('shows the server refusing $refusal beside the field', async ({ answer, field, message }) => {
    const api = mockApi(({ method, url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['patient.write']) };
      if (url.pathname === coveragesPath && method === 'GET') return { body: { items: [] } };
      if (url.pathname === coveragesPath && method === 'POST') return answer;
      if (url.pathname === '/api/v1/payers') return { body: { items: [aPayer()] } };
      if (url.pathname === `/api/v1/payers/${aPayer().id}/plans`)
        return {
          body: {
            items: [
              aPlan(),
              aPlan({
                id: aPlan().id.replace('c001', 'c002'),
                name: 'Retired HMO',
                isActive: false,
              }),
            ],
          },
        };
      return undefined;
    });
    renderTab();

    fireEvent.click(await screen.findByRole('button', { name: 'Add coverage' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add coverage' });
    const payer = inputByLabel(/^Payer/, dialog);
    fireEvent.focus(payer);
    fireEvent.click(payer);
    fireEvent.click(await screen.findByRole('option', { name: 'Blue Harbor Health (BHH01)' }));
    const plan = inputByLabel(/^Plan/, dialog);
    await waitFor(() => expect(plan.disabled).toBe(false));
    fireEvent.focus(plan);
    fireEvent.click(plan);
    fireEvent.click(await screen.findByRole('option', { name: 'Harbor Gold PPO · PPO' }));
    // A retired plan is not offered for a new coverage.
    expect(screen.queryByRole('option', { name: /Retired HMO/ })).toBeNull();
    fireEvent.change(within(dialog).getByLabelText(/^Member ID/), {
      target: { value: 'XJH123456789' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add coverage' }));

    const input = inputByLabel(field, dialog);
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(fieldError(input)).toContain(message);
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      payerId: aPayer().id,
      planId: aPlan().id,
      memberId: 'XJH123456789',
      subscriberRelationship: 'self',
      priority: 'primary',
    });
    expect(post?.body).not.toHaveProperty('subscriber');
    // The dialog stays open with what was typed, so the registrar can correct it.
    expect(screen.getByRole('dialog', { name: 'Add coverage' })).toBeTruthy();
  });

  it('asks for the subscriber only when the patient is not the policy holder', async () => {
    mockApi(({ method, url }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['patient.write']) };
      if (url.pathname === coveragesPath && method === 'GET') return { body: { items: [] } };
      if (url.pathname === '/api/v1/payers') return { body: { items: [aPayer()] } };
      return undefined;
    });
    renderTab();

    fireEvent.click(await screen.findByRole('button', { name: 'Add coverage' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add coverage' });
    expect(within(dialog).queryByRole('group', { name: /Subscriber/ })).toBeNull();
    const relationship = inputByLabel(/^Patient's relationship/, dialog);
    fireEvent.focus(relationship);
    fireEvent.click(relationship);
    fireEvent.click(await screen.findByRole('option', { name: 'Child' }));

    const subscriber = await within(dialog).findByRole('group', { name: /Subscriber/ });
    expect(within(subscriber).getByLabelText(/^Family name/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add coverage' }));
    // Checked in the browser first: the subscriber's name and birth date are required.
    await waitFor(() =>
      expect(inputByLabel(/^Given name/, subscriber).getAttribute('aria-invalid')).toBe('true'),
    );
  });
});

describe('cardFileProblem', () => {
  it('refuses a PDF and an image over 2 MB before anything is sent', () => {
    expect(cardFileProblem(new File(['%PDF'], 'card.pdf', { type: 'application/pdf' }))).toBe(
      'type',
    );
    const big = new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'card.jpg', { type: 'image/jpeg' });
    expect(cardFileProblem(big)).toBe('size');
    expect(cardFileProblem(new File([new Uint8Array(10)], 'card.png', { type: 'image/png' }))).toBe(
      null,
    );
  });
});
