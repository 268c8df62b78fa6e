import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Note } from '@meridian/contracts';
import { problem, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';
import { aNote, me, summaryOf } from './notes.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const signed = aNote();
const draft = aNote({
  id: '0193b000-0000-7000-8000-000000000002',
  title: 'Day 3 progress',
  status: 'draft',
  author: { id: me.user.id, name: me.user.displayName },
  signedAt: null,
  signedBy: null,
  addendumCount: 0,
  addenda: [],
  version: 1,
  sections: { subjective: 'Feels better.' },
});

function serve(o: { notes?: Note[]; onPatch?: (version: string | undefined) => unknown } = {}) {
  const notes = o.notes ?? [signed, draft];
  let version = draft.version;
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: me };
    if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
    if (path === `/api/v1/patients/${patientId}/notes`) {
      const q = call.url.searchParams.get('q');
      const items = q
        ? [
            summaryOf(signed, [
              { text: 'Echo: preserved ', isMatch: false },
              { text: 'ejection', isMatch: true },
            ]),
          ]
        : notes.map((n) => summaryOf(n));
      return { body: { items, nextCursor: null } };
    }
    const note = notes.find((n) => path.startsWith(`/api/v1/notes/${n.id}`));
    if (!note) return undefined;
    if (call.method === 'PATCH') {
      const refusal = o.onPatch?.(call.headers['if-match']);
      if (refusal) return refusal;
      version += 1;
      const body = call.body as { sections: Record<string, string> };
      return { body: { ...note, sections: body.sections, version } };
    }
    if (path.endsWith('/sign'))
      return { body: { ...note, status: 'signed', version: version + 1 } };
    return { body: { ...note, version: note.id === draft.id ? version : note.version } };
  });
}

describe('NotesTab', { timeout: 30_000 }, () => {
  it('lists notes, searches with highlighted snippets, and reads a signed note with its addenda', async () => {
    const api = serve();
    renderApp(`/patients/${patientId}/notes`);
    const list = await screen.findByRole(
      'list',
      { name: 'Notes of this patient' },
      { timeout: 10_000 },
    );
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    fireEvent.change(screen.getByRole('searchbox', { name: /Search notes/ }), {
      target: { value: 'ejection' },
    });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(list.querySelector('mark')?.textContent).toBe('ejection');
    const search = api.calls.find((c) => c.url.searchParams.get('q') === 'ejection');
    expect(search).toBeTruthy();

    fireEvent.click(within(list).getByRole('button', { name: /Day 2 progress/ }));
    const article = await screen.findByRole('article', { name: 'Day 2 progress' });
    expect(within(article).getByText('Slept well.')).toBeTruthy();
    expect(within(article).getByText(/Electronically signed by Sam Reyes/)).toBeTruthy();
    expect(within(article).getByText('Echo: preserved ejection fraction.')).toBeTruthy();
    expect(within(article).getByRole('button', { name: 'Add addendum' })).toBeTruthy();
  });

  it("autosaves the author's draft with If-Match, shows it saved, and signs after confirming", async () => {
    const api = serve();
    renderApp(`/patients/${patientId}/notes`);
    const list = await screen.findByRole(
      'list',
      { name: 'Notes of this patient' },
      { timeout: 10_000 },
    );
    fireEvent.click(within(list).getByRole('button', { name: /Day 3 progress/ }));
    const plan = await screen.findByRole('textbox', { name: 'Plan' });
    fireEvent.change(plan, { target: { value: 'Discharge tomorrow.' } });
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    await screen.findByText(/^Saved /, {}, { timeout: 5000 });
    const patch = api.calls.find((c) => c.method === 'PATCH');
    expect(patch?.headers['if-match']).toBe('"1"');
    expect(patch?.body).toMatchObject({ sections: { plan: 'Discharge tomorrow.' } });

    fireEvent.click(screen.getByRole('button', { name: 'Sign' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this note?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign note' }));
    await waitFor(() => {
      const sign = api.calls.find((c) => c.url.pathname.endsWith('/sign'));
      expect(sign?.headers['if-match']).toBe('"2"');
    });
  });

  it('stops autosaving on a stale version and offers to load the saved one', async () => {
    serve({ onPatch: () => problem(412, 'resource.version_mismatch') });
    renderApp(`/patients/${patientId}/notes`);
    const list = await screen.findByRole(
      'list',
      { name: 'Notes of this patient' },
      { timeout: 10_000 },
    );
    fireEvent.click(within(list).getByRole('button', { name: /Day 3 progress/ }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'Plan' }), {
      target: { value: 'x' },
    });
    const alert = await screen.findByText(/This draft was saved elsewhere/, {}, { timeout: 5000 });
    expect(alert).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Load the saved version' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign' })).toHaveProperty('disabled', true);
  });
});
