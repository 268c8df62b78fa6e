import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AppointmentType, PractitionerProfile, WaitlistEntry } from '@meridian/contracts';
import { useMe } from '../../../app/auth/useMe';
import { facilityId, makeMe, problem } from '../../../test/app-harness';
import { inputByLabel, mockApi, renderPage, type ApiCall } from '../../admin/test-utils';
import { aSummary } from '../../patients/patients.fixtures';
import { WaitlistPage } from './WaitlistPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const typeId = '0192f0c4-0000-7000-8000-0000000000d1';
const doctorId = '0192f0c4-0000-7000-8000-0000000000d2';

const skinCheck: AppointmentType = {
  id: typeId,
  code: 'SKIN',
  name: 'Skin check',
  durationMinutes: 20,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  visitKind: 'follow_up',
  modality: 'in_person',
  practitionerIds: [],
  color: '#1c7ed6',
  isActive: true,
  version: 1,
};
const doctor: PractitionerProfile = {
  id: doctorId,
  userId: '0192f0c4-0000-7000-8000-0000000000d3',
  displayName: 'Dr. Lena Hart',
  facilityId,
  departmentId: null,
  specialty: 'Dermatology',
  maxAppointmentsPerDay: null,
  isActive: true,
  version: 1,
};

function anEntry(overrides: Partial<WaitlistEntry> = {}): WaitlistEntry {
  const patient = aSummary();
  return {
    id: '0192f0c4-0000-7000-8000-0000000000e1',
    patientId: patient.id,
    patient,
    facilityId,
    appointmentTypeId: typeId,
    practitionerId: doctorId,
    specialty: null,
    earliestDate: '2026-01-16',
    latestDate: '2026-02-13',
    currentAppointmentId: null,
    status: 'offered',
    note: null,
    createdAt: '2026-01-15T14:00:00Z',
    version: 2,
    appointmentTypeName: 'Skin check',
    practitionerName: 'Dr. Lena Hart',
    offerExpiresAt: '2026-01-15T15:30:00Z',
    bookedAppointmentId: null,
    ...overrides,
  };
}

/** The shell renders pages only once `me` is known; so does this. */
function SignedIn(props: { children: ReactNode }) {
  const { me } = useMe();
  return me ? <>{props.children}</> : null;
}

function serve(
  entries: WaitlistEntry[],
  extra?: (call: ApiCall) => { status?: number; body?: unknown } | undefined,
) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['front_desk'] }) };
    if (path === '/api/v1/waitlist' && call.method === 'GET') {
      return { body: { items: entries, nextCursor: null } };
    }
    if (path === '/api/v1/scheduling/appointment-types') return { body: { items: [skinCheck] } };
    if (path === '/api/v1/scheduling/practitioners') return { body: { items: [doctor] } };
    if (path === `/api/v1/facilities/${facilityId}/departments`) return { body: { items: [] } };
    if (path === '/api/v1/patients') return { body: { items: [aSummary()], nextCursor: null } };
    return extra?.(call);
  });
}

function show() {
  renderPage(
    <SignedIn>
      <WaitlistPage />
    </SignedIn>,
    { route: '/schedule/waitlist', path: '/schedule/waitlist' },
  );
}

async function openDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'Add to waitlist' }));
  return screen.findByRole('dialog', { name: 'Add to waitlist' });
}

describe('WaitlistPage', { timeout: 30_000 }, () => {
  it('lists who waits, for whom, and until when an offer holds the slot', async () => {
    serve([anEntry()]);
    show();
    const row = (await screen.findByRole('link', { name: /garcía/i })).closest('tr')!;
    expect(within(row).getByText('Dr. Lena Hart')).toBeTruthy();
    expect(within(row).getByText('Skin check')).toBeTruthy();
    expect(within(row).getByText('Offered')).toBeTruthy();
    // 15:30Z is 10:30 in New York, the facility's zone.
    expect(within(row).getByText(/Slot held until 10:30/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /garcía/i }).getAttribute('href')).toBe(
      `/patients/${aSummary().id}`,
    );
  });

  it('loads the next entries after the cursor on "Load more", keeping the first ones', async () => {
    const first = anEntry();
    const second = anEntry({
      id: '0192f0c4-0000-7000-8000-0000000000e2',
      patient: { ...aSummary(), id: '0192f0c4-0000-7000-8000-0000000000e3', mrn: 'MRN-LATE' },
      patientId: '0192f0c4-0000-7000-8000-0000000000e3',
      status: 'waiting',
      offerExpiresAt: null,
    });
    const api = mockApi((call) => {
      const path = call.url.pathname;
      if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['front_desk'] }) };
      if (path === '/api/v1/waitlist') {
        return call.url.searchParams.get('cursor') === 'after-first'
          ? { body: { items: [second], nextCursor: null } }
          : { body: { items: [first], nextCursor: 'after-first' } };
      }
      return undefined;
    });
    show();
    const more = await screen.findByRole('button', { name: 'Load more' });
    expect(screen.getAllByRole('row')).toHaveLength(2);
    fireEvent.click(more);
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const lists = api.calls.filter((c) => c.url.pathname === '/api/v1/waitlist');
    expect(lists.map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'after-first']);
    expect(lists[0]?.url.searchParams.get('limit')).toBe('50');
    expect(lists[0]?.url.searchParams.get('facilityId')).toBe(facilityId);
  });

  it('says so when nobody is waiting', async () => {
    serve([]);
    show();
    expect(await screen.findByText(/Nobody is waiting/)).toBeTruthy();
  });

  it('marks each missing choice beside its field and sends nothing', async () => {
    const api = serve([]);
    show();
    const dialog = await openDialog();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add to waitlist' }));
    expect(await within(dialog).findByText('Choose the patient.')).toBeTruthy();
    expect(within(dialog).getByText('Choose the kind of visit.')).toBeTruthy();
    expect(within(dialog).getByText('Choose a practitioner.')).toBeTruthy();

    // Asking for a specialty instead moves the missing-target error to that field.
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Any of a specialty' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add to waitlist' }));
    expect(await within(dialog).findByText('Choose a specialty.')).toBeTruthy();

    fireEvent.change(inputByLabel(/^Until/, dialog), { target: { value: '2020-01-01' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add to waitlist' }));
    expect(await within(dialog).findByText(/last date on or after the first date/)).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('sends the entry and shows a refusal of the server beside its field', async () => {
    const api = serve([], (call) =>
      call.method === 'POST' && call.url.pathname === '/api/v1/waitlist'
        ? problem(400, 'validation.failed', {
            errors: [{ path: 'latestDate', rule: 'future', message: 'is in the past' }],
          })
        : undefined,
    );
    show();
    const dialog = await openDialog();
    fireEvent.change(within(dialog).getByRole('searchbox'), { target: { value: 'garcia' } });
    fireEvent.click(
      await within(dialog).findByRole('button', { name: /garcía/i }, { timeout: 3000 }),
    );
    fireEvent.click(inputByLabel(/^Visit type/, dialog));
    fireEvent.click(await screen.findByRole('option', { name: 'Skin check (20 min)' }));
    fireEvent.click(inputByLabel(/^Practitioner/, dialog));
    fireEvent.click(await screen.findByRole('option', { name: /Dr. Lena Hart/ }));
    fireEvent.change(inputByLabel(/^Note for staff/, dialog), {
      target: { value: 'Mornings only' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add to waitlist' }));

    expect(await within(dialog).findByText('is in the past')).toBeTruthy();
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      patientId: aSummary().id,
      facilityId,
      appointmentTypeId: typeId,
      practitionerId: doctorId,
      note: 'Mornings only',
    });
    expect(post?.body).not.toHaveProperty('specialty');
    await waitFor(() =>
      expect(inputByLabel(/^Until/, dialog).getAttribute('aria-invalid')).toBe('true'),
    );
  });
});
