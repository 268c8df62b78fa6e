import type { Appointment } from '@meridian/contracts';
import { facilityId } from '../../../test/app-harness';
import { aSummary, patientId } from '../../patients/patients.fixtures';
import type { TodayEntry } from './today.api';

const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** A confirmed 20-minute follow-up with Dr. Patel, starting in 30 minutes, at version 3. */
export function anAppointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: '0192f0c4-0000-7000-8000-0000000000e1',
    patientId,
    patient: aSummary(),
    practitionerId: '0192f0c4-0000-7000-8000-0000000000f1',
    practitionerName: 'Dr. Aisha Patel',
    facilityId,
    departmentId: null,
    appointmentTypeId: '0192f0c4-0000-7000-8000-0000000000f2',
    appointmentTypeName: 'Follow-up visit',
    color: '#1c7ed6',
    modality: 'in_person',
    seriesId: null,
    startsAt: minutes(30),
    endsAt: minutes(50),
    status: 'confirmed',
    reason: null,
    note: null,
    resourceIds: [],
    isOverbooked: false,
    overbookReason: null,
    bookedAt: minutes(-60 * 24),
    confirmedAt: minutes(-60),
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

/** A row of the today list: the appointment plus its waiting minutes. */
export function anEntry(overrides: Partial<TodayEntry> = {}): TodayEntry {
  return { ...anAppointment(), waitingMinutes: null, ...overrides };
}
