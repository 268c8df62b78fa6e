import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { problem } from '../../test/app-harness';
import { mockApi, renderPage, withPermissions, type ApiCall } from '../admin/test-utils';
import { MergePage } from './MergePage';
import { aPatient, summaryOf } from './merge.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const survivor = aPatient();
const duplicate = aPatient({
  id: '0192f0c4-0000-7000-8000-00000000e002',
  mrn: '10000022',
  version: 1,
  name: { given: 'Jose', family: 'Garcia' },
  phones: [{ kind: 'home', number: '+16175550999', preferred: false }],
});

function mergeApi(answers: {
  preview: () => { status?: number; body?: unknown };
  merge?: (call: ApiCall) => { status?: number; body?: unknown };
}) {
  return mockApi((call) => {
    const { method, url } = call;
    if (url.pathname === '/api/v1/auth/me') return { body: withPermissions(['patient.merge']) };
    if (url.pathname === '/api/v1/patients' && method === 'GET') {
      const q = url.searchParams.get('q') ?? '';
      const hits = q.startsWith('1000') ? [survivor, duplicate].filter((p) => p.mrn === q) : [];
      return { body: { items: hits.map(summaryOf), nextCursor: null } };
    }
    if (url.pathname === '/api/v1/patients/merge/preview') return answers.preview();
    if (url.pathname === '/api/v1/patients/merge') return answers.merge?.(call);
    return undefined;
  });
}

/** Finds a record by MRN in one picker and chooses it. */
async function pick(section: string, mrn: string) {
  const picker = within(screen.getByRole('region', { name: section }));
  fireEvent.change(picker.getByLabelText(/^Find a patient/), { target: { value: mrn } });
  const hit = await picker.findByRole(
    'button',
    { name: new RegExp(`MRN ${mrn}`) },
    { timeout: 2000 },
  );
  fireEvent.click(hit);
}

describe('MergePage', () => {
  it('shows the conflicts that block a merge and does not let it be confirmed', async () => {
    const api = mergeApi({
      preview: () => ({
        body: {
          survivor,
          duplicate: aPatient({ ...duplicate, ssnMasked: '***-**-1234' }),
          conflicts: [
            { source: 'patients', field: 'ssn', message: 'the records have different SSNs' },
          ],
          moves: { coverages: 2 },
        },
      }),
    });
    renderPage(<MergePage />, { route: '/admin/merge', path: '/admin/merge' });

    await pick('Duplicate (retired)', '10000022');
    await pick('Survivor (kept)', '10000014');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This merge would lose data (1 conflict)');
    expect(alert.textContent).toContain('the records have different SSNs');
    const mergeButton = screen.getByRole<HTMLButtonElement>('button', { name: 'Merge records…' });
    expect(mergeButton.disabled).toBe(true);
    expect(screen.getByText(/blocked until the conflicts above are resolved/)).toBeTruthy();
    // The side-by-side comparison marks what differs; the preview asked for this pair.
    const nameRow = screen.getByRole('rowheader', { name: /^Name/ }).closest('tr');
    expect(nameRow?.textContent).toContain('Differs');
    expect(screen.getByText('Insurance coverages: 2 rows')).toBeTruthy();
    const preview = api.calls.find((c) => c.url.pathname === '/api/v1/patients/merge/preview');
    expect(preview?.body).toEqual({ survivorId: survivor.id, duplicateId: duplicate.id });

    fireEvent.click(mergeButton);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.calls.some((c) => c.url.pathname === '/api/v1/patients/merge')).toBe(false);
  });

  it('merges after a reason and a confirmation that names the retired MRN, then links the survivor', async () => {
    const api = mergeApi({
      preview: () => ({ body: { survivor, duplicate, conflicts: [], moves: { coverages: 1 } } }),
      merge: () => ({
        body: {
          survivor: { ...survivor, version: 5, mrnAliases: ['10000022'] },
          retiredMrn: '10000022',
          moved: { coverages: 1 },
        },
      }),
    });
    renderPage(<MergePage />, { route: '/admin/merge', path: '/admin/merge' });

    await pick('Duplicate (retired)', '10000022');
    await pick('Survivor (kept)', '10000014');
    const mergeButton = await screen.findByRole('button', { name: 'Merge records…' });

    fireEvent.click(mergeButton);
    // No reason yet: asked for, nothing sent.
    expect(await screen.findByText('Give the reason for the merge')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Reason for the merge/), {
      target: { value: 'Same person registered twice' },
    });
    fireEvent.click(mergeButton);

    const dialog = within(await screen.findByRole('dialog', { name: 'Merge these records?' }));
    expect(
      dialog.getByText(
        /MRN 10000022 stays as an alias: searching for it will still find García, José \(MRN 10000014\)/,
      ),
    ).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Merge records' }));

    const link = await screen.findByRole('link', { name: 'Open García, José' });
    expect(link.getAttribute('href')).toBe(`/patients/${survivor.id}`);
    expect(screen.getByText(/MRN 10000022 is retired and now finds/)).toBeTruthy();
    const merge = api.calls.find((c) => c.url.pathname === '/api/v1/patients/merge');
    expect(merge?.body).toEqual({
      survivorId: survivor.id,
      duplicateId: duplicate.id,
      survivorVersion: 4,
      duplicateVersion: 1,
      reason: 'Same person registered twice',
    });
  });

  it('reloads the preview when the server refuses the merge for a conflict found meanwhile', async () => {
    let previews = 0;
    mergeApi({
      preview: () => {
        previews += 1;
        const conflicts =
          previews === 1
            ? []
            : [{ source: 'scheduling', field: 'appointments', message: 'overlapping visits' }];
        return { body: { survivor, duplicate, conflicts, moves: {} } };
      },
      merge: () =>
        problem(409, 'patient.merge_conflict', {
          conflicts: [
            { source: 'scheduling', field: 'appointments', message: 'overlapping visits' },
          ],
        }),
    });
    renderPage(<MergePage />, { route: '/admin/merge', path: '/admin/merge' });

    await pick('Duplicate (retired)', '10000022');
    await pick('Survivor (kept)', '10000014');
    fireEvent.change(await screen.findByLabelText(/^Reason for the merge/), {
      target: { value: 'Same person' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Merge records…' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Merge records' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(
        screen.getByText(/This merge would lose data/).closest('[role=alert]')?.textContent,
      ).toContain('overlapping visits'),
    );
    expect(screen.getByText(/The merge was refused because it would lose data/)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Merge records…' }).disabled).toBe(
      true,
    );
  });
});
