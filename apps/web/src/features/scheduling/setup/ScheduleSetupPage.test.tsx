import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type {
  AppointmentType,
  Facility,
  PractitionerProfile,
  ReminderRule,
  ScheduleTemplate,
} from '@meridian/contracts';
import { problem } from '../../../test/app-harness';
import {
  inputByLabel,
  mockApi,
  renderPage,
  type ApiCall,
  type CannedResponse,
} from '../../admin/test-utils';
import { ScheduleSetupPage } from './ScheduleSetupPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const facility: Facility = {
  id: '0192f0c4-0000-7000-8000-00000000f001',
  name: 'Northside Clinic',
  code: 'NSC',
  kind: 'clinic',
  timeZone: 'America/Chicago',
  address: null,
  phone: null,
  isActive: true,
  version: 1,
};
const doctor: PractitionerProfile = {
  id: '0192f0c4-0000-7000-8000-00000000a001',
  userId: '0192f0c4-0000-7000-8000-00000000b001',
  displayName: 'Dr. Ada Reyes',
  facilityId: facility.id,
  departmentId: null,
  specialty: 'Family medicine',
  maxAppointmentsPerDay: null,
  isActive: true,
  version: 1,
};
const mondays: ScheduleTemplate = {
  id: '0192f0c4-0000-7000-8000-00000000c001',
  practitionerId: doctor.id,
  facilityId: facility.id,
  name: 'Mondays',
  effectiveFrom: '2026-01-01',
  effectiveUntil: null,
  blocks: [{ weekday: 1, startMinute: 480, endMinute: 960 }],
  version: 4,
};

const checkUp: AppointmentType = {
  id: '0192f0c4-0000-7000-8000-0000000f0001',
  code: 'CHECK',
  name: 'Check-up',
  durationMinutes: 20,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 5,
  visitKind: 'follow_up',
  modality: 'in_person',
  practitionerIds: [doctor.id],
  color: '#1c7ed6',
  isActive: true,
  version: 1,
};
const retired: AppointmentType = {
  ...checkUp,
  id: '0192f0c4-0000-7000-8000-0000000f0002',
  code: 'OLD',
  name: 'Retired visit',
  isActive: false,
};

function setupApi(
  onWrite: (call: ApiCall) => CannedResponse | undefined = () => undefined,
  lists: { types?: AppointmentType[]; rules?: ReminderRule[] } = {},
) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (call.method !== 'GET') return onWrite(call);
    if (path === '/api/v1/facilities') return { body: { items: [facility] } };
    if (path === '/api/v1/scheduling/practitioners') return { body: { items: [doctor] } };
    if (path === `/api/v1/scheduling/practitioners/${doctor.id}/templates`) {
      return { body: { items: [mondays] } };
    }
    if (path === '/api/v1/scheduling/exceptions') return { body: { items: [] } };
    if (path === '/api/v1/scheduling/appointment-types') {
      return { body: { items: lists.types ?? [] } };
    }
    if (path === '/api/v1/scheduling/reminder-rules') {
      return { body: { items: lists.rules ?? [] } };
    }
    return undefined;
  });
}

function render(route: string) {
  renderPage(<ScheduleSetupPage />, { route, path: '/admin/scheduling' });
}

describe('calendar setup', () => {
  it('opens the tab the address names, and puts the chosen tab in the address', async () => {
    setupApi();
    render('/admin/scheduling?tab=types');

    expect(await screen.findByText('No appointment types yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Reminders' }));

    expect(await screen.findByText('No reminder rules: no reminders are sent.')).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/admin/scheduling?tab=reminders');
  });

  it('marks the hours a 409 clash names and says which template they clash with', async () => {
    const api = setupApi(() =>
      problem(409, 'scheduling.template_overlap', {
        errors: [{ path: 'blocks.0', rule: 'conflict', message: 'overlaps another template' }],
      }),
    );
    render(`/admin/scheduling?tab=templates&practitioner=${doctor.id}`);

    fireEvent.click(await screen.findByRole('button', { name: 'New template' }));
    const editor = within(await screen.findByRole('region', { name: 'New template' }));
    fireEvent.change(editor.getByRole('textbox', { name: /^Name/ }), {
      target: { value: 'Morning list' },
    });
    fireEvent.click(editor.getByRole('button', { name: 'Add hours on Monday' }));
    fireEvent.click(editor.getByRole('button', { name: 'Create template' }));

    const alert = await editor.findByText(/overlaps the hours of/);
    expect(alert.textContent).toBe(
      'Monday 09:00–17:00 overlaps the hours of “Mondays”. Change these hours, or end or shorten the other template first.',
    );
    expect(editor.getByText('Clashes with another template')).toBeTruthy();
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(`/api/v1/scheduling/practitioners/${doctor.id}/templates`);
    expect(post?.body).toMatchObject({
      name: 'Morning list',
      facilityId: facility.id,
      effectiveUntil: null,
      blocks: [{ weekday: 1, startMinute: 540, endMinute: 1020 }],
    });
  }, 15_000);

  it('saves an edit at the version shown (If-Match), Monday copied to the weekdays', async () => {
    const api = setupApi((call) => (call.method === 'PUT' ? { body: mondays } : undefined));
    render(`/admin/scheduling?tab=templates&practitioner=${doctor.id}`);

    fireEvent.click(await screen.findByRole('button', { name: 'Edit Mondays' }));
    const editor = within(await screen.findByRole('region', { name: 'Edit “Mondays”' }));
    fireEvent.click(editor.getByRole('button', { name: 'Copy Monday to Tue–Fri' }));
    fireEvent.click(editor.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = api.calls.find((c) => c.method === 'PUT');
    expect(put?.url.pathname).toBe(`/api/v1/scheduling/templates/${mondays.id}`);
    expect(put?.headers['if-match']).toBe('"4"');
    expect((put?.body as ScheduleTemplate).blocks).toEqual(
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 480, endMinute: 960 })),
    );
  }, 15_000);

  it('refuses overlapping hours on one day before asking the server', async () => {
    const api = setupApi();
    render(`/admin/scheduling?tab=templates&practitioner=${doctor.id}`);

    fireEvent.click(await screen.findByRole('button', { name: 'New template' }));
    const editor = within(await screen.findByRole('region', { name: 'New template' }));
    fireEvent.change(editor.getByRole('textbox', { name: /^Name/ }), {
      target: { value: 'Split day' },
    });
    fireEvent.click(editor.getByRole('button', { name: 'Add hours on Tuesday' }));
    fireEvent.click(editor.getByRole('button', { name: 'Add hours on Tuesday' }));
    // 09:00–17:00, then 17:00–18:00 proposed; move the second to start at 16:00.
    fireEvent.click(inputByLabel('Tuesday range 2 start'));
    fireEvent.click(await screen.findByRole('option', { name: '16:00' }));
    fireEvent.click(editor.getByRole('button', { name: 'Create template' }));

    expect(await editor.findByText('Overlaps other hours on this day')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  }, 15_000);

  it('after adding leave over booked appointments, links to the calendar to move them', async () => {
    const api = setupApi((call) =>
      call.url.pathname === '/api/v1/scheduling/exceptions'
        ? {
            status: 201,
            body: {
              id: '0192f0c4-0000-7000-8000-00000000e001',
              kind: 'leave',
              practitionerId: doctor.id,
              resourceId: null,
              facilityId: null,
              startsAt: '2026-03-02T06:00:00Z',
              endsAt: '2026-03-03T06:00:00Z',
              reason: 'Conference',
              isCancelled: false,
              affectedAppointmentIds: [
                '0192f0c4-0000-7000-8000-00000000d001',
                '0192f0c4-0000-7000-8000-00000000d002',
                '0192f0c4-0000-7000-8000-00000000d003',
              ],
            },
          }
        : undefined,
    );
    render(`/admin/scheduling?tab=exceptions&for=practitioner&id=${doctor.id}`);

    fireEvent.click(await screen.findByRole('button', { name: 'Add time off' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByRole('textbox', { name: /^Reason/ }), {
      target: { value: 'Conference' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Add' }));

    expect(await screen.findByText(/3 booked appointments fall in this time off\./)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Open the calendar to move them' });
    expect(link.getAttribute('href')).toBe(`/schedule?practitioner=${doctor.id}&date=2026-03-02`);
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      kind: 'leave',
      practitionerId: doctor.id,
      reason: 'Conference',
    });
  });

  it('lists appointment types with status and a named Edit, the inactive ones on request', async () => {
    setupApi(undefined, { types: [checkUp, retired] });
    render('/admin/scheduling?tab=types');

    const table = within(await screen.findByRole('table', { name: 'Appointment types' }));
    const headers = table.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'Name',
      'Duration',
      'Buffers before / after',
      'New or follow-up',
      'In person or video',
      'Allowed practitioners',
      'Status',
      'Actions',
    ]);
    const rows = table.getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual([
      'Check-upCHECK',
    ]);
    expect(within(rows[0]!).getByText('20 minutes')).toBeTruthy();
    expect(within(rows[0]!).getByText('Dr. Ada Reyes')).toBeTruthy();

    fireEvent.click(screen.getByRole('switch', { name: 'Show inactive' }));
    expect(await table.findByRole('button', { name: 'Edit Retired visit' })).toBeTruthy();
    fireEvent.click(table.getByRole('button', { name: 'Edit Check-up' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit appointment type' }));
    expect(dialog.getByDisplayValue('Check-up')).toBeTruthy();
  });

  it('lists the default reminder rules first, each with Edit and Deactivate named after it', async () => {
    const rule = (id: string, appointmentTypeId: string | null, hoursBefore: number) => ({
      id: `0192f0c4-0000-7000-8000-00000000${id}`,
      appointmentTypeId,
      hoursBefore,
      isActive: true,
      version: 1,
    });
    setupApi(undefined, {
      types: [checkUp],
      rules: [rule('0a01', checkUp.id, 2), rule('0a02', null, 24), rule('0a03', null, 72)],
    });
    render('/admin/scheduling?tab=reminders');

    const table = within(await screen.findByRole('table', { name: 'Reminders' }));
    const names = table
      .getAllByRole('button', { name: /^Deactivate / })
      .map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual([
      'Deactivate Default (types without their own rules), 72 hours before',
      'Deactivate Default (types without their own rules), 24 hours before',
      'Deactivate Check-up, 2 hours before',
    ]);
    expect(table.getByRole('button', { name: 'Edit Check-up, 2 hours before' })).toBeTruthy();
  });
});
