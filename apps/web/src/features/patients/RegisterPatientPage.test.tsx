import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { problem } from '../../test/app-harness';
import { inputByLabel, mockApi, renderPage, withPermissions } from '../admin/test-utils';
import { aCandidate, aPatient, aSummary } from './patients.fixtures';
import { RegisterPatientPage } from './RegisterPatientPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const me = withPermissions(['patient.read', 'patient.write']);
const twinId = '0192f0c4-0000-7000-8000-0000000000c3';

function type(label: RegExp, value: string) {
  fireEvent.change(inputByLabel(label), { target: { value } });
}

async function chooseSex(label: string) {
  fireEvent.click(inputByLabel(/^Sex assigned at birth/));
  fireEvent.click(await screen.findByRole('option', { name: label }));
}

/** The least a registration needs: name, date of birth and sex. */
async function fillRequired() {
  type(/^Given name/, 'José');
  type(/^Family name/, 'García');
  type(/^Date of birth/, '1980-12-04');
  await chooseSex('Male');
}

// The whole registration form renders on every keystroke; on a busy CI machine that takes
// seconds, and the live check waits out its debounce on top.
const slow = { timeout: 8000 };

describe('RegisterPatientPage', { timeout: 60_000 }, () => {
  it('marks each missing or malformed field beside it and sends nothing', async () => {
    const api = mockApi(({ url }) =>
      url.pathname === '/api/v1/auth/me' ? { body: me } : undefined,
    );
    renderPage(<RegisterPatientPage />, { route: '/patients/new', path: '/patients/new' });

    type(/^Phone number/, '555');
    type(/^Date of birth/, '2999-01-01');
    fireEvent.click(screen.getByRole('button', { name: 'Register patient' }));

    expect(await screen.findByText(/Some fields need attention/, {}, slow)).toBeTruthy();
    expect(inputByLabel(/^Given name/).getAttribute('aria-invalid')).toBe('true');
    expect(inputByLabel(/^Family name/).getAttribute('aria-invalid')).toBe('true');
    expect(inputByLabel(/^Sex assigned at birth/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Must not be in the future.')).toBeTruthy();
    expect(screen.getByText(/Enter a valid phone number/)).toBeTruthy();
    expect(api.calls.filter((c) => c.url.pathname === '/api/v1/patients')).toHaveLength(0);
  });

  it('shows possible duplicates from the live check as name and birth date are typed', async () => {
    const api = mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === '/api/v1/patients/match' && method === 'POST')
        return {
          body: {
            candidates: [
              aCandidate(),
              aCandidate({
                patient: aSummary({
                  id: twinId,
                  mrn: '10000022',
                  name: { given: 'Jose', family: 'Garcia' },
                }),
                band: 'possible',
                score: 12,
                reasons: [{ field: 'given', rule: 'nickname', weight: 4.3 }],
              }),
            ],
            thresholds: { likely: 24, possible: 10 },
          },
        };
      return undefined;
    });
    renderPage(<RegisterPatientPage />, { route: '/patients/new', path: '/patients/new' });

    const panel = within(screen.getByRole('complementary', { name: 'Possible duplicates' }));
    expect(panel.getByText(/Type the family name/)).toBeTruthy();
    await fillRequired();

    expect(
      await panel.findByText(
        '2 similar patients found. Check they are not the same person.',
        {},
        slow,
      ),
    ).toBeTruthy();
    expect(panel.getByText('GARCÍA, José')).toBeTruthy();
    expect(panel.getByText('Likely duplicate')).toBeTruthy();
    expect(panel.getByText('Possible')).toBeTruthy();
    expect(panel.getByText('Date of birth: day and month swapped')).toBeTruthy();
    expect(panel.getByText('Given name: nickname')).toBeTruthy();
    const links = panel.getAllByRole('link', { name: /Open record/ });
    expect(links.map((l) => l.getAttribute('href'))).toEqual([
      `/patients/${aPatient().id}`,
      `/patients/${twinId}`,
    ]);
    // Debounced: the check went out with the whole of what was typed, not per keystroke.
    const matches = api.calls.filter((c) => c.url.pathname === '/api/v1/patients/match');
    expect(matches.at(-1)?.body).toMatchObject({
      name: { given: 'José', family: 'García' },
      birthDate: '1980-12-04',
      sexAtBirth: 'male',
    });
    expect(matches.length).toBeLessThanOrEqual(2);
  });

  it('puts the server’s field errors beside their fields', async () => {
    mockApi(({ url, method }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === '/api/v1/patients/match')
        return { body: { candidates: [], thresholds: { likely: 24, possible: 10 } } };
      if (url.pathname === '/api/v1/patients' && method === 'POST')
        return problem(400, 'validation.failed', {
          errors: [
            {
              path: 'addresses.0.postalCode',
              rule: 'custom',
              message: 'must be a valid postal code for US',
            },
          ],
        });
      return undefined;
    });
    renderPage(<RegisterPatientPage />, { route: '/patients/new', path: '/patients/new' });
    await fillRequired();
    type(/^Street address/, '12 Elm Street');
    type(/^City/, 'Springfield');
    fireEvent.click(screen.getByRole('button', { name: 'Register patient' }));

    expect(await screen.findByText('Enter a valid postal code for US.', {}, slow)).toBeTruthy();
    expect(inputByLabel(/^ZIP \/ postal code/).getAttribute('aria-invalid')).toBe('true');
  });

  it('registers over a likely duplicate only with a reason, naming the records ruled out', async () => {
    const created = aPatient({ id: '0192f0c4-0000-7000-8000-0000000000d4', mrn: '10000030' });
    const api = mockApi(({ url, method, body }) => {
      if (url.pathname === '/api/v1/auth/me') return { body: me };
      if (url.pathname === '/api/v1/patients/match')
        return { body: { candidates: [aCandidate()], thresholds: { likely: 24, possible: 10 } } };
      if (url.pathname === '/api/v1/patients' && method === 'POST') {
        if ((body as { duplicateOverride?: unknown }).duplicateOverride)
          return { status: 201, body: created };
        return problem(409, 'patient.likely_duplicate', {
          candidates: [{ id: aPatient().id, mrn: '10000014', score: 27.5, band: 'likely' }],
        });
      }
      return undefined;
    });
    renderPage(<RegisterPatientPage />, { route: '/patients/new', path: '/patients/new' });
    await fillRequired();
    // Wait for the live check, so the dialog can show who the candidate is.
    await screen.findByText(/1 similar patient found/, {}, slow);
    fireEvent.click(screen.getByRole('button', { name: 'Register patient' }));

    const title = await screen.findByText('This patient may already be registered', {}, slow);
    const dialog = within(title.closest<HTMLElement>('[role="dialog"]')!);
    expect(dialog.getByText('GARCÍA, José')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Register anyway' }));
    expect(await dialog.findByText('Give a reason to register anyway.')).toBeTruthy();
    const posts = () =>
      api.calls.filter((c) => c.url.pathname === '/api/v1/patients' && c.method === 'POST');
    expect(posts()).toHaveLength(1);

    fireEvent.change(dialog.getByLabelText(/^Why is this a different person/), {
      target: { value: 'Twin brother of MRN 10000014' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Register anyway' }));

    await waitFor(
      () => expect(screen.getByTestId('location').textContent).toBe(`/patients/${created.id}`),
      slow,
    );
    expect(posts()).toHaveLength(2);
    expect(posts()[1]?.body).toMatchObject({
      name: { given: 'José', family: 'García' },
      duplicateOverride: { reason: 'Twin brother of MRN 10000014', candidateIds: [aPatient().id] },
    });
  });
});
