import type { ReactNode } from 'react';
import type {
  BedBoard,
  BoardBed,
  PractitionerProfile,
  StayDetail,
  StayMovement,
} from '@meridian/contracts';
import { useMe } from '../../../app/auth/useMe';
import { facilityId } from '../../../test/app-harness';
import { patientId } from '../../patients/patients.fixtures';
import { aBed as boardBed } from '../board/board.fixtures';

export const wardId = '0193a000-0000-7000-8000-0000000000d1';
export const bedA = '0193a000-0000-7000-8000-0000000000b1';
export const bedB = '0193a000-0000-7000-8000-0000000000b2';
export const stayId = '0193a000-0000-7000-8000-0000000000c1';

export const doctor: PractitionerProfile = {
  id: '0193a000-0000-7000-8000-0000000000f1',
  userId: '0193a000-0000-7000-8000-0000000000f2',
  displayName: 'Dr. Lena Hart',
  facilityId,
  departmentId: null,
  specialty: 'Internal medicine',
  maxAppointmentsPerDay: null,
  isActive: true,
  version: 1,
};

/** A bed of the fixtures' ward, "3 North · room 12 · bed A" unless overridden. */
export function aBed(overrides: Partial<BoardBed> = {}): BoardBed {
  return boardBed({ id: bedA, wardId, roomCode: '12', code: 'A', version: 3, ...overrides });
}

export function aBoard(beds: BoardBed[] = [aBed(), aBed({ id: bedB, code: 'B' })]): BedBoard {
  return {
    facilityId,
    generatedAt: '2026-12-05T10:00:00Z',
    wards: [{ id: wardId, code: '3N', name: '3 North', kind: 'medical_surgical', beds }],
  };
}

export function aMovement(overrides: Partial<StayMovement> = {}): StayMovement {
  return {
    id: '0193a000-0000-7000-8000-0000000000a9',
    kind: 'admitted',
    occurredAt: '2026-12-03T14:00:00Z',
    fromBedId: null,
    toBedId: bedA,
    fromWardId: null,
    toWardId: wardId,
    fromLevelOfCare: null,
    toLevelOfCare: 'acute',
    reason: null,
    actorUserId: null,
    ...overrides,
  };
}

export function aStay(overrides: Partial<StayDetail> = {}): StayDetail {
  return {
    id: stayId,
    stayNumber: 'IP-000123',
    patientId,
    facilityId,
    status: 'admitted',
    source: 'emergency',
    sourceDetail: null,
    admittingPractitionerId: doctor.id,
    attendingPractitionerId: doctor.id,
    reason: 'Community-acquired pneumonia',
    admittingDiagnosis: 'Pneumonia, right lower lobe',
    levelOfCare: 'acute',
    expectedLengthOfStayDays: 4,
    isolation: [],
    bedId: bedA,
    wardId,
    expectedAt: null,
    admittedAt: '2026-12-03T14:00:00Z',
    dischargeExpectedAt: null,
    dischargedAt: null,
    disposition: null,
    dischargeDestination: null,
    dischargeSummary: null,
    leaveExpectedReturnAt: null,
    cancelledAt: null,
    cancelReason: null,
    version: 5,
    movements: [aMovement()],
    ...overrides,
  };
}

/** The shell renders pages only once `me` is known; so does this. */
export function SignedIn(props: { children: ReactNode }) {
  const { me } = useMe();
  return me ? <>{props.children}</> : null;
}
