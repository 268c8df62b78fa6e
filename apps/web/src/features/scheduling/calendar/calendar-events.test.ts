import { describe, expect, it } from 'vitest';
import type { Appointment, ScheduleException, ScheduleTemplate } from '@meridian/contracts';
import {
  appointmentToEvent,
  exceptionToEvent,
  isShown,
  patientLabel,
  templatesToBusinessHours,
  textColorOn,
  workingWindow,
  worksOn,
} from './calendar-events';

function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: '0192f0c4-0000-7000-8000-0000000000a1',
    patientId: '0192f0c4-0000-7000-8000-0000000000b1',
    patient: {
      id: '0192f0c4-0000-7000-8000-0000000000b1',
      mrn: 'M000123',
      restricted: false,
      status: 'active',
      name: { given: 'Ada', family: 'Lovelace' },
      preferredName: null,
      birthDate: '1990-01-01',
      sexAtBirth: 'female',
      phone: null,
      city: null,
      deceased: false,
      matchedBy: [],
      score: 0,
    },
    practitionerId: '0192f0c4-0000-7000-8000-0000000000c1',
    practitionerName: 'Dr Grace Hopper',
    facilityId: '0192f0c4-0000-7000-8000-0000000000d1',
    departmentId: null,
    appointmentTypeId: '0192f0c4-0000-7000-8000-0000000000e1',
    appointmentTypeName: 'Follow-up',
    color: '#2f9e44',
    modality: 'in_person',
    seriesId: null,
    startsAt: '2026-03-02T14:00:00.000Z',
    endsAt: '2026-03-02T14:15:00.000Z',
    status: 'booked',
    reason: null,
    note: null,
    resourceIds: [],
    isOverbooked: false,
    overbookReason: null,
    bookedAt: '2026-02-20T10:00:00.000Z',
    confirmedAt: null,
    arrivedAt: null,
    inRoomAt: null,
    completedAt: null,
    cancelledAt: null,
    noShowAt: null,
    cancelReason: null,
    version: 3,
    ...overrides,
  };
}

const restricted = (mrn: string) => `Restricted record · MRN ${mrn}`;

describe('appointments on the calendar', () => {
  it('names the patient "Family, Given"', () => {
    expect(patientLabel(appointment(), restricted, 'No patient')).toBe('Lovelace, Ada');
  });

  it('shows a restricted record as "Restricted record" and its MRN, never a name', () => {
    const appt = appointment();
    const hidden = appointment({ patient: { ...appt.patient!, restricted: true, name: null } });
    expect(patientLabel(hidden, restricted, 'No patient')).toBe('Restricted record · MRN M000123');
  });

  it('colours by type and lets only visits not yet started be dragged', () => {
    const booked = appointmentToEvent(appointment(), 'x', true);
    expect(booked).toMatchObject({
      color: '#2f9e44',
      startEditable: true,
      durationEditable: false,
    });
    expect(appointmentToEvent(appointment({ status: 'arrived' }), 'x', true).startEditable).toBe(
      false,
    );
    expect(appointmentToEvent(appointment(), 'x', false).startEditable).toBe(false);
  });

  it('greys out cancelled and no-show appointments whatever their type colour', () => {
    expect(appointmentToEvent(appointment({ status: 'no_show' }), 'x', true)).toMatchObject({
      color: '#dee2e6',
      contrastColor: '#000000',
    });
  });

  it('writes black on light and mid colours and white on dark ones, for AA contrast', () => {
    expect(appointmentToEvent(appointment({ color: '#2f9e44' }), 'x', true).contrastColor).toBe(
      '#000000',
    );
    expect(textColorOn('#1c7ed6')).toBe('#000000');
    expect(textColorOn('#7048e8')).toBe('#ffffff');
    expect(textColorOn('#1b1b1b')).toBe('#ffffff');
  });

  it('hides cancelled appointments unless asked, and held slots always', () => {
    expect(isShown({ status: 'cancelled' }, false)).toBe(false);
    expect(isShown({ status: 'cancelled' }, true)).toBe(true);
    expect(isShown({ status: 'held' }, true)).toBe(false);
    expect(isShown({ status: 'no_show' }, false)).toBe(true);
  });
});

describe('exceptions as background', () => {
  const leave: ScheduleException = {
    id: '0192f0c4-0000-7000-8000-0000000000f1',
    kind: 'leave',
    practitionerId: '0192f0c4-0000-7000-8000-0000000000c1',
    resourceId: null,
    facilityId: null,
    startsAt: '2026-03-02T13:00:00Z',
    endsAt: '2026-03-02T17:00:00Z',
    reason: 'Conference',
    isCancelled: false,
  };

  it('draws the reason on a background event that cannot be clicked', () => {
    expect(exceptionToEvent(leave)).toMatchObject({
      title: 'Conference',
      display: 'background',
      interactive: false,
    });
  });

  it('leaves out a cancelled exception', () => {
    expect(exceptionToEvent({ ...leave, isCancelled: true })).toBeNull();
  });
});

describe('working hours from templates', () => {
  const template: ScheduleTemplate = {
    id: '0192f0c4-0000-7000-8000-000000000101',
    practitionerId: '0192f0c4-0000-7000-8000-0000000000c1',
    facilityId: '0192f0c4-0000-7000-8000-0000000000d1',
    name: 'Clinic',
    effectiveFrom: '2026-01-05',
    effectiveUntil: '2026-06-30',
    blocks: [
      { weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 + 30 },
      { weekday: 7, startMinute: 8 * 60 + 15, endMinute: 1440 },
    ],
    version: 1,
  };

  it('maps ISO weekdays to FullCalendar days (Sunday = 0) with HH:mm times', () => {
    expect(templatesToBusinessHours([template])).toEqual([
      {
        daysOfWeek: [1],
        startTime: '09:00',
        endTime: '12:30',
        startRecur: '2026-01-05',
        endRecur: '2026-07-01',
      },
      {
        daysOfWeek: [0],
        startTime: '08:15',
        endTime: '24:00',
        startRecur: '2026-01-05',
        endRecur: '2026-07-01',
      },
    ]);
  });

  it('leaves a template without an end date open-ended', () => {
    const [block] = templatesToBusinessHours([{ ...template, effectiveUntil: null }]);
    expect(block).not.toHaveProperty('endRecur');
  });

  it('knows the days with working hours, effective dates inclusive', () => {
    expect(worksOn([template], '2026-03-02')).toBe(true); // a Monday
    expect(worksOn([template], '2026-03-03')).toBe(false); // a Tuesday
    expect(worksOn([template], '2026-06-29')).toBe(true); // the last Monday in effect
    expect(worksOn([template], '2026-07-06')).toBe(false); // a Monday after it ends
    expect(worksOn([], '2026-03-02')).toBe(false);
  });

  it('opens the grid an hour before the first start and closes an hour after the last end', () => {
    expect(workingWindow([template])).toEqual({ slotMinTime: '07:00', slotMaxTime: '24:00' });
    expect(
      workingWindow([{ ...template, blocks: [{ weekday: 2, startMinute: 540, endMinute: 1020 }] }]),
    ).toEqual({ slotMinTime: '08:00', slotMaxTime: '18:00' });
    expect(workingWindow([])).toBeNull();
  });
});
