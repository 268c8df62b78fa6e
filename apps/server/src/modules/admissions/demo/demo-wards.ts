// The demo hospital's wards, rooms and beds: about 110 beds in eight wards.
import type { RoomSexRestriction, WardKind } from '@meridian/contracts';

export interface DemoRoom {
  code: string;
  /** Single rooms: the bed takes the room's code; else `<room>-A`, `<room>-B`, ... */
  beds: number;
  sexRestriction?: RoomSexRestriction;
  isolationCapable?: boolean;
  bariatric?: number;
}

export interface DemoWard {
  code: string;
  name: string;
  kind: WardKind;
  departmentCode: string | null;
  telemetry: boolean;
  rooms: DemoRoom[];
}

const numbered = (first: number, count: number, room: Omit<DemoRoom, 'code'>): DemoRoom[] =>
  Array.from({ length: count }, (_, i) => ({ code: String(first + i), ...room }));

/** A medical-surgical ward of 24 beds: four 4-bed bays (two single-sex) and four 2-bed rooms. */
function medSurgRooms(floor: number): DemoRoom[] {
  const base = floor * 100;
  return [
    { code: String(base + 1), beds: 4, sexRestriction: 'female' },
    { code: String(base + 2), beds: 4, sexRestriction: 'male' },
    { code: String(base + 3), beds: 4 },
    { code: String(base + 4), beds: 4 },
    { code: String(base + 5), beds: 2, bariatric: 1 },
    { code: String(base + 6), beds: 2 },
    { code: String(base + 7), beds: 2 },
    { code: String(base + 8), beds: 2, isolationCapable: true },
  ];
}

export const DEMO_WARDS: readonly DemoWard[] = [
  {
    code: 'ICU',
    name: 'Intensive Care Unit',
    kind: 'icu',
    departmentCode: 'IM',
    telemetry: true,
    rooms: numbered(101, 10, { beds: 1, isolationCapable: true }),
  },
  {
    code: 'SDU',
    name: 'Step-down Unit',
    kind: 'step_down',
    departmentCode: 'IM',
    telemetry: true,
    rooms: numbered(201, 5, { beds: 2 }),
  },
  {
    code: '4W',
    name: '4 West Medical',
    kind: 'medical_surgical',
    departmentCode: 'IM',
    telemetry: false,
    rooms: medSurgRooms(4),
  },
  {
    code: '5E',
    name: '5 East Surgical',
    kind: 'medical_surgical',
    departmentCode: 'SURG',
    telemetry: false,
    rooms: medSurgRooms(5),
  },
  {
    code: 'MAT',
    name: 'Maternity',
    kind: 'maternity',
    departmentCode: null,
    telemetry: false,
    rooms: numbered(301, 6, { beds: 2, sexRestriction: 'female' }),
  },
  {
    code: 'PAED',
    name: 'Paediatrics',
    kind: 'paediatric',
    departmentCode: 'PEDS',
    telemetry: false,
    rooms: [
      ...numbered(601, 4, { beds: 1, isolationCapable: true }),
      ...numbered(605, 4, { beds: 2 }),
    ],
  },
  {
    code: 'BH',
    name: 'Behavioural Health',
    kind: 'psychiatric',
    departmentCode: null,
    telemetry: false,
    rooms: numbered(701, 8, { beds: 1 }),
  },
  {
    code: 'ED',
    name: 'Emergency Department',
    kind: 'emergency',
    departmentCode: 'ED',
    telemetry: true,
    rooms: [
      { code: 'A', beds: 6 },
      { code: 'B', beds: 6 },
    ],
  },
];

/** The bed codes of a room: its own code when single, else `<room>-A`, `<room>-B`, ... */
export function bedCodes(room: DemoRoom): string[] {
  if (room.beds === 1) return [room.code];
  return Array.from({ length: room.beds }, (_, i) => `${room.code}-${String.fromCharCode(65 + i)}`);
}
