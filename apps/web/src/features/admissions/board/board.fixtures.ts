import type { BedBoard, BoardBed, BoardOccupant, BoardWard } from '@meridian/contracts';
import { facilityId } from '../../../test/app-harness';

export const wardIds = {
  north: '0193a000-0000-7000-8000-0000000000a1',
  icu: '0193a000-0000-7000-8000-0000000000a2',
};
const roomIds = {
  r301: '0193a000-0000-7000-8000-0000000000b1',
  r302: '0193a000-0000-7000-8000-0000000000b2',
  icu1: '0193a000-0000-7000-8000-0000000000b3',
};
export const bedIds = {
  lopez: '0193a000-0000-7000-8000-0000000000c1',
  free301: '0193a000-0000-7000-8000-0000000000c2',
  restricted: '0193a000-0000-7000-8000-0000000000c3',
  dirty302: '0193a000-0000-7000-8000-0000000000c4',
  blockedIcu: '0193a000-0000-7000-8000-0000000000c5',
  reservedIcu: '0193a000-0000-7000-8000-0000000000c6',
  freeIcu: '0193a000-0000-7000-8000-0000000000c7',
};
export const stayIds = {
  lopez: '0193a000-0000-7000-8000-0000000000d1',
  restricted: '0193a000-0000-7000-8000-0000000000d2',
  reserved: '0193a000-0000-7000-8000-0000000000d3',
};

export function anOccupant(overrides: Partial<BoardOccupant> = {}): BoardOccupant {
  return {
    stayId: stayIds.lopez,
    patientId: '0193a000-0000-7000-8000-0000000000e1',
    restricted: false,
    mrn: '10000017',
    displayName: 'LOPEZ, Ana',
    ageYears: 67,
    sexAtBirth: 'female',
    attendingName: 'José García',
    admittedAt: '2026-12-03T09:00:00Z',
    dayOfStay: 3,
    levelOfCare: 'acute',
    isolation: [],
    status: 'admitted',
    dischargeExpectedAt: null,
    leaveExpectedReturnAt: null,
    expectedAt: null,
    news2: null,
    ...overrides,
  };
}

export function aBed(overrides: Partial<BoardBed> = {}): BoardBed {
  return {
    id: bedIds.free301,
    wardId: wardIds.north,
    roomId: roomIds.r301,
    roomCode: '301',
    roomSexRestriction: null,
    code: '301-B',
    isolationCapable: false,
    telemetry: false,
    bariatric: false,
    isActive: true,
    state: 'available',
    stateSince: '2026-12-05T08:00:00Z',
    blockedReason: null,
    blockedUntil: null,
    version: 2,
    occupant: null,
    ...overrides,
  };
}

const north: BoardWard = {
  id: wardIds.north,
  code: '3N',
  name: '3 North',
  kind: 'medical_surgical',
  beds: [
    aBed({
      id: bedIds.lopez,
      code: '301-A',
      state: 'occupied',
      telemetry: true,
      occupant: anOccupant({
        isolation: ['airborne'],
        dischargeExpectedAt: '2026-12-05T19:00:00Z',
      }),
    }),
    aBed(),
    aBed({
      id: bedIds.restricted,
      roomId: roomIds.r302,
      roomCode: '302',
      roomSexRestriction: 'male',
      code: '302-A',
      state: 'occupied',
      occupant: anOccupant({
        stayId: stayIds.restricted,
        patientId: null,
        restricted: true,
        mrn: null,
        displayName: null,
        ageYears: null,
        sexAtBirth: null,
        attendingName: 'Hidden Attending',
        dayOfStay: 8,
      }),
    }),
    aBed({
      id: bedIds.dirty302,
      roomId: roomIds.r302,
      roomCode: '302',
      roomSexRestriction: 'male',
      code: '302-B',
      state: 'dirty',
      version: 7,
    }),
  ],
};

const icu: BoardWard = {
  id: wardIds.icu,
  code: 'ICU',
  name: 'Intensive Care',
  kind: 'icu',
  beds: [
    aBed({
      id: bedIds.blockedIcu,
      wardId: wardIds.icu,
      roomId: roomIds.icu1,
      roomCode: 'I1',
      code: 'ICU-1',
      state: 'blocked',
      blockedReason: 'Broken bed rail',
      isolationCapable: true,
      telemetry: true,
    }),
    aBed({
      id: bedIds.reservedIcu,
      wardId: wardIds.icu,
      roomId: roomIds.icu1,
      roomCode: 'I1',
      code: 'ICU-2',
      state: 'reserved',
      telemetry: true,
      occupant: anOccupant({
        stayId: stayIds.reserved,
        displayName: 'NGUYEN, Bao',
        ageYears: 54,
        sexAtBirth: 'male',
        mrn: '10000025',
        status: 'pre_admitted',
        admittedAt: null,
        dayOfStay: null,
        levelOfCare: 'icu',
        expectedAt: '2026-12-05T20:00:00Z',
      }),
    }),
    aBed({
      id: bedIds.freeIcu,
      wardId: wardIds.icu,
      roomId: roomIds.icu1,
      roomCode: 'I1',
      code: 'ICU-3',
      telemetry: true,
    }),
  ],
};

/** A fresh copy each call, so a test may change it freely. */
export function aBoard(wards: BoardWard[] = [north, icu]): BedBoard {
  return { facilityId, generatedAt: '2026-12-05T12:00:00Z', wards: structuredClone(wards) };
}
