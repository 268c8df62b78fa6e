import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { EncounterDetail, EncounterEntries, EncounterTimelineItem } from '@meridian/contracts';
import { facilityId, makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';
import { doctor } from '../../admissions/stays/stays.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

function anEncounter(o: Partial<EncounterTimelineItem> = {}): EncounterTimelineItem {
  return {
    id: '0193b000-0000-7000-8000-000000000001',
    patientId,
    facility: { id: facilityId, name: 'Meridian General', timeZone: 'America/New_York' },
    class: 'emergency',
    status: 'in_progress',
    statusReason: null,
    typeCode: null,
    typeDisplay: null,
    reason: 'Chest pain',
    startedAt: '2026-01-15T14:00:00Z',
    endedAt: null,
    appointmentId: null,
    stayId: null,
    participants: [{ practitionerId: doctor.id, display: doctor.displayName, role: 'attending' }],
    version: 1,
    principalDiagnosis: null,
    ...o,
  };
}

const older = anEncounter({
  id: '0193b000-0000-7000-8000-000000000002',
  class: 'ambulatory',
  status: 'finished',
  typeDisplay: 'Diabetes review',
  reason: null,
  startedAt: '2025-11-03T15:00:00Z',
  endedAt: '2025-11-03T15:30:00Z',
  appointmentId: '0193b000-0000-7000-8000-0000000000a1',
  principalDiagnosis: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
});

function detailOf(item: EncounterTimelineItem): EncounterDetail {
  const { principalDiagnosis: _omit, ...rest } = item;
  return { ...rest, diagnoses: [] };
}

const noEntries: EncounterEntries = { items: [], counts: {}, total: 0 };

const entries: EncounterEntries = {
  items: [
    {
      kind: 'note',
      id: '0193b000-0000-7000-8000-0000000000e1',
      at: '2026-01-15T15:10:00Z',
      display: 'Progress note',
      code: null,
      status: 'signed',
      news2Total: null,
    },
    {
      kind: 'lab_order',
      id: '0193b000-0000-7000-8000-0000000000e2',
      at: '2026-01-15T14:40:00Z',
      display: 'Trop I, K',
      code: 'L0000012',
      status: 'resulted',
      news2Total: null,
    },
    {
      kind: 'vitals',
      id: '0193b000-0000-7000-8000-0000000000e3',
      at: '2026-01-15T14:05:00Z',
      display: null,
      code: null,
      status: 'final',
      news2Total: 7,
    },
  ],
  counts: { vitals: 1, note: 1, lab_order: 1 },
  total: 3,
};

function serve(
  pages: EncounterTimelineItem[][],
  roles: ('physician' | 'lab')[] = ['physician'],
  recorded: EncounterEntries = noEntries,
) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles }) };
    if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
    if (path === '/api/v1/scheduling/practitioners') return { body: { items: [doctor] } };
    if (path === `/api/v1/patients/${patientId}/encounters`) {
      const index = call.url.searchParams.get('cursor') ? 1 : 0;
      return {
        body: { items: pages[index] ?? [], nextCursor: index < pages.length - 1 ? 'next' : null },
      };
    }
    if (path.endsWith('/entries')) return { body: recorded };
    const one = pages.flat().find((e) => path === `/api/v1/encounters/${e.id}`);
    if (one && call.method === 'GET') return { body: detailOf(one) };
    if (one && path.endsWith('/finish')) {
      return { body: { ...detailOf(one), status: 'finished', endedAt: '2026-01-15T15:00:00Z' } };
    }
    return undefined;
  });
}

describe('EncountersTab', { timeout: 30_000 }, () => {
  it('lists encounters newest first, loads more, and opens one in the drawer', async () => {
    const api = serve([[anEncounter()], [older]]);
    renderApp(`/patients/${patientId}/encounters`);
    const list = await screen.findByRole('list', { name: 'Encounters' }, { timeout: 10_000 });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(within(list).getByText('Emergency visit')).toBeTruthy();
    expect(within(list).getByText('In progress')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(list).findByText('Outpatient visit · Diabetes review')).toBeTruthy();
    expect(within(list).getByText('E11.9')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const second = api.calls.filter((c) => c.url.pathname.endsWith('/encounters'))[1];
    expect(second?.url.searchParams.get('cursor')).toBe('next');

    fireEvent.click(within(list).getByText('Chest pain'));
    const drawer = await screen.findByRole('dialog', { name: 'Emergency visit' });
    expect(await within(drawer).findByText('No diagnoses coded yet.')).toBeTruthy();
    expect(
      await within(drawer).findByText('Nothing was recorded during this encounter.'),
    ).toBeTruthy();
    fireEvent.click(within(drawer).getByRole('button', { name: 'Finish encounter' }));
    await vi.waitFor(() =>
      expect(api.calls.find((c) => c.url.pathname.endsWith('/finish'))?.headers['if-match']).toBe(
        '"1"',
      ),
    );
  });

  it('shows what was recorded during an encounter, each entry linking to its tab', async () => {
    serve([[anEncounter()]], ['physician'], entries);
    renderApp(`/patients/${patientId}/encounters`);
    const list = await screen.findByRole('list', { name: 'Encounters' }, { timeout: 10_000 });
    fireEvent.click(within(list).getByText('Chest pain'));
    const drawer = await screen.findByRole('dialog', { name: 'Emergency visit' });
    const table = await within(drawer).findByRole('table', {
      name: 'Recorded during this encounter',
    });
    const counts = within(drawer).getByRole('list', { name: 'Entries by kind' });
    expect(
      within(counts)
        .getAllByRole('listitem')
        .map((b) => b.textContent),
    ).toEqual(['1 vital set', '1 note', '1 lab order']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual([
      'Progress note',
      'Trop I, K (L0000012)',
      'Vital signs · NEWS2 7',
    ]);
    expect(
      within(table).getByRole('link', { name: 'Trop I, K (L0000012)' }).getAttribute('href'),
    ).toBe(`/patients/${patientId}/results`);
    expect(within(rows[1] as HTMLElement).getByText('Resulted')).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByText('Signed')).toBeTruthy();
  });

  it('says so when there are none, and offers no start to a reader who cannot write', async () => {
    serve([[]], ['lab']);
    renderApp(`/patients/${patientId}/encounters`);
    expect(await screen.findByText('No encounters yet.', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Start encounter' })).toBeNull();
  });
});
