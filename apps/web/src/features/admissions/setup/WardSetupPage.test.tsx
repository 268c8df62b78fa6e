import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Bed, Ward, WardDetail } from '@meridian/contracts';
import { useMe } from '../../../app/auth/useMe';
import { facilityId, makeMe, problem } from '../../../test/app-harness';
import { mockApi, renderPage, type ApiCall, type CannedResponse } from '../../admin/test-utils';
import { WardSetupPage } from './WardSetupPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ward: Ward = {
  id: '0192f0c4-0000-7000-8000-00000000d001',
  facilityId,
  departmentId: null,
  code: '4W',
  name: '4 West Medical',
  kind: 'medical_surgical',
  isActive: true,
  version: 3,
  bedCount: 2,
};
const closed: Ward = {
  ...ward,
  id: '0192f0c4-0000-7000-8000-00000000d002',
  code: 'OLD',
  name: 'Old annex',
  isActive: false,
  bedCount: 0,
};
const bed = (code: string, more: Partial<Bed> = {}): Bed => ({
  id: `0192f0c4-0000-7000-8000-0000000b00${code.slice(-1) === 'A' ? '01' : '02'}`,
  wardId: ward.id,
  roomId: '0192f0c4-0000-7000-8000-00000000e001',
  code,
  isolationCapable: false,
  telemetry: false,
  bariatric: false,
  isActive: true,
  state: 'available',
  stateSince: '2026-12-01T10:00:00Z',
  blockedReason: null,
  blockedUntil: null,
  version: 2,
  ...more,
});
const detail: WardDetail = {
  ...ward,
  rooms: [
    {
      id: '0192f0c4-0000-7000-8000-00000000e001',
      wardId: ward.id,
      code: '401',
      name: null,
      sexRestriction: 'female',
      isActive: true,
      version: 1,
      beds: [bed('401-A', { bariatric: true }), bed('401-B', { state: 'occupied' })],
    },
  ],
};

function Ready(props: { children: ReactNode }) {
  const { me } = useMe();
  return me ? <>{props.children}</> : null;
}

function setupApi(
  onWrite: (call: ApiCall) => CannedResponse | undefined = () => undefined,
  wards: Ward[] = [ward, closed],
) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['admin'] }) };
    if (call.method !== 'GET') return onWrite(call);
    if (path === '/api/v1/wards') return { body: { items: wards } };
    if (path === `/api/v1/wards/${ward.id}`) return { body: detail };
    if (path === `/api/v1/facilities/${facilityId}/departments`) return { body: { items: [] } };
    return undefined;
  });
}

function render(route = '/admin/wards') {
  renderPage(
    <Ready>
      <WardSetupPage />
    </Ready>,
    { route, path: '/admin/wards' },
  );
}

describe('ward setup', () => {
  it("lists the facility's wards in service, and the others on request", async () => {
    const api = setupApi();
    render();
    const table = await screen.findByRole('table', { name: 'Wards' });
    expect(within(table).getByText('4 West Medical')).toBeTruthy();
    expect(within(table).getByText('Medical-surgical')).toBeTruthy();
    expect(within(table).queryByText('Old annex')).toBeNull();
    fireEvent.click(screen.getByRole('switch', { name: 'Show out of service' }));
    expect(within(table).getByText('Old annex')).toBeTruthy();
    const list = api.calls.find((c) => c.url.pathname === '/api/v1/wards');
    expect(list?.url.searchParams.get('facilityId')).toBe(facilityId);
  });

  it('says so when the facility has no wards yet', async () => {
    setupApi(undefined, []);
    render();
    expect(
      await screen.findByText('No wards yet: add the first ward of this facility.'),
    ).toBeTruthy();
  });

  it('creates a ward, and shows a taken code beside the code field', async () => {
    const api = setupApi(() =>
      problem(409, 'admission.code_taken', {
        errors: [{ path: 'code', rule: 'conflict', message: 'this code is already used' }],
      }),
    );
    render();
    fireEvent.click(await screen.findByRole('button', { name: 'New ward' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New ward' }));
    fireEvent.change(dialog.getByRole('textbox', { name: /^Code/ }), { target: { value: 'icu' } });
    fireEvent.change(dialog.getByRole('textbox', { name: /^Name/ }), {
      target: { value: 'Intensive Care' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Create ward' }));

    expect(await dialog.findByText('This code is already used here')).toBeTruthy();
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe('/api/v1/wards');
    expect(post?.body).toMatchObject({
      facilityId,
      code: 'ICU',
      name: 'Intensive Care',
      kind: 'medical_surgical',
    });
  });

  it("opens a ward's rooms and beds with their attributes, and adds beds A-D at once", async () => {
    const api = setupApi((call) =>
      call.method === 'POST'
        ? { status: 201, body: { items: [bed('401-C'), bed('401-D')] } }
        : undefined,
    );
    render();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Rooms and beds of 4 West Medical' }),
    );
    expect(screen.getByTestId('location').textContent).toContain(`ward=${ward.id}`);
    const beds = await screen.findByRole('table', { name: 'Beds of room 401' });
    expect(within(beds).getByText('Bariatric')).toBeTruthy();
    expect(within(beds).getByText('Occupied')).toBeTruthy();
    expect(screen.getByText('Female only')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Add beds to room 401' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Add beds to room 401' }));
    fireEvent.change(dialog.getByRole('textbox', { name: /^Beds/ }), { target: { value: 'c-d' } });
    expect(dialog.getByText('Adds 2 beds: 401-C, 401-D')).toBeTruthy();
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Telemetry' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Add beds' }));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(`/api/v1/rooms/${detail.rooms[0]!.id}/beds/batch`);
    expect(post?.body).toEqual({
      beds: ['401-C', '401-D'].map((code) => ({
        code,
        isolationCapable: false,
        telemetry: true,
        bariatric: false,
      })),
    });
  });

  it('refuses an unreadable bed range before asking the server', async () => {
    const api = setupApi();
    render(`/admin/wards?facility=${facilityId}&ward=${ward.id}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Add beds to room 401' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Add beds to room 401' }));
    fireEvent.change(dialog.getByRole('textbox', { name: /^Beds/ }), { target: { value: 'D-A' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Add beds' }));
    expect(await dialog.findByText(/Write a range such as A-D/)).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('takes a bed out of service at its version, and explains a refusal for a bed in use', async () => {
    const api = setupApi((call) =>
      call.method === 'PATCH'
        ? problem(409, 'admission.place_in_use', {
            errors: [{ path: 'isActive', rule: 'in_use', message: 'beds here hold patients' }],
          })
        : undefined,
    );
    render(`/admin/wards?facility=${facilityId}&ward=${ward.id}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit bed 401-B' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Bed 401-B' }));
    fireEvent.click(dialog.getByRole('switch', { name: 'In service' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    expect(await dialog.findByText(/Beds here hold a patient or a reservation/)).toBeTruthy();
    const patch = api.calls.find((c) => c.method === 'PATCH');
    expect(patch?.url.pathname).toBe(`/api/v1/beds/${detail.rooms[0]!.beds[1]!.id}`);
    expect(patch?.headers['if-match']).toBe('"2"');
    expect(patch?.body).toMatchObject({ code: '401-B', isActive: false });
  });
});
