import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Flowsheet, LatestVitals, Spo2ScaleSetting } from '@meridian/contracts';
import { makeMe, problem, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const setId = '0193a000-0000-7000-8000-0000000000f1';
const takenAt = '2026-03-10T11:00:00.000Z';

const latest: LatestVitals = {
  items: [],
  news2: { vitalSetId: setId, at: takenAt, total: 8, band: 'high', isAlert: true },
  spo2Scale: 1,
};

const sheet: Flowsheet = {
  from: '2026-03-07T12:00:00.000Z',
  to: '2026-03-10T12:00:00.000Z',
  rows: [
    {
      code: '8867-4',
      display: 'Heart rate',
      kind: 'heartRate',
      unit: '/min',
      points: [
        {
          observationId: '0193a000-0000-7000-8000-0000000000f2',
          vitalSetId: setId,
          at: takenAt,
          value: 115,
          valueCode: null,
          valueText: null,
        },
      ],
    },
  ],
  news2: [{ vitalSetId: setId, at: takenAt, total: 8, band: 'high', isAlert: true }],
};

const scale: Spo2ScaleSetting = { patientId, scale: 1, version: 0, history: [] };

function serve(
  o: { record?: (body: Record<string, unknown>) => { status: number; body: unknown } } = {},
) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['nurse'] }) };
    if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
    if (path.endsWith('/vitals/latest')) return { body: latest };
    if (path.endsWith('/vitals/flowsheet')) return { body: sheet };
    if (path.endsWith('/spo2-scale')) return { body: scale };
    if (path.endsWith('/vital-sets') && call.method === 'GET') {
      return { body: { items: [], nextCursor: null } };
    }
    if (path.endsWith('/vital-sets') && call.method === 'POST' && o.record) {
      return o.record(call.body as Record<string, unknown>);
    }
    return undefined;
  });
}

const typeInto = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('VitalsTab', { timeout: 30_000 }, () => {
  it('shows the NEWS2 alert of the latest set and the flowsheet with its NEWS2 row', async () => {
    serve();
    renderApp(`/patients/${patientId}/vitals`);
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(within(alert).getByText('NEWS2 alert: 8')).toBeTruthy();
    expect(within(alert).getByText('High risk: emergency response')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Vital signs by time taken' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.querySelector('th, td')?.textContent)).toEqual([
      'Vital sign',
      'NEWS2',
      'Heart rate (/min)',
    ]);
    expect(within(rows[1]!).getByText(/8/)).toBeTruthy();
  });

  it('scores NEWS2 live while typing, and confirms implausible values before saving them', async () => {
    const bodies: Record<string, unknown>[] = [];
    const api = serve({
      record: (body) => {
        bodies.push(body);
        if (!body.confirmImplausible) {
          return problem(422, 'vitals.implausible_unconfirmed', {
            errors: [
              {
                path: 'heartRate.value',
                rule: 'implausible',
                message: 'outside 30-220 /min: confirm it is right',
              },
            ],
          });
        }
        return { status: 201, body: { id: setId } };
      },
    });
    renderApp(`/patients/${patientId}/vitals`);
    await screen.findByLabelText('Heart rate (/min)', {}, { timeout: 10_000 });
    typeInto('Respiratory rate (/min)', '26');
    const live = screen.getByRole('status', { name: 'NEWS2 as entered' });
    await waitFor(() => expect(within(live).getByText('NEWS2 red score')).toBeTruthy());
    typeInto('Heart rate (/min)', '230');
    fireEvent.click(screen.getByRole('button', { name: 'Record vitals' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm unusual values' });
    expect(within(dialog).getByText('Heart rate (/min)')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'They are right: save' }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[0]).toMatchObject({ heartRate: { value: 230 }, respiratoryRate: { value: 26 } });
    expect(bodies[0]?.confirmImplausible).toBeUndefined();
    expect(bodies[1]).toMatchObject({ heartRate: { value: 230 }, confirmImplausible: true });
    const posts = api.calls.filter((c) => c.method === 'POST');
    expect(posts[0]?.headers['idempotency-key']).toBeTruthy();
    expect(posts[1]?.headers['idempotency-key']).not.toBe(posts[0]?.headers['idempotency-key']);
  });
});
