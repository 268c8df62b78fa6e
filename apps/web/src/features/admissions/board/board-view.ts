import {
  bedStates,
  type BedBoard,
  type BedState,
  type BoardBed,
  type BoardWard,
  type RoomSexRestriction,
} from '@meridian/contracts';

export const bedAttributeFilters = ['isolation_capable', 'telemetry', 'bariatric'] as const;
export type BedAttributeFilter = (typeof bedAttributeFilters)[number];

/** What the board shows, as kept in the URL: `?ward=<id>&state=dirty&attribute=telemetry`. */
export interface BoardFilters {
  /** One ward, or null for all. */
  wardId: string | null;
  /** Empty: every state. */
  states: BedState[];
  /** A bed must have every attribute listed. */
  attributes: BedAttributeFilter[];
}

function oneOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return allowed.filter((value) => values.includes(value));
}

/** The filters of the URL; unknown values are ignored, so an old link still opens. */
export function filtersFromParams(params: URLSearchParams): BoardFilters {
  return {
    wardId: params.get('ward') || null,
    states: oneOf(bedStates, params.getAll('state')),
    attributes: oneOf(bedAttributeFilters, params.getAll('attribute')),
  };
}

/** `params` with `name` set to `values` (none: removed), the rest untouched. */
export function withParam(
  params: URLSearchParams,
  name: 'ward' | 'state' | 'attribute',
  values: readonly string[],
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(name);
  for (const value of values) if (value) next.append(name, value);
  return next;
}

export function hasAttribute(bed: BoardBed, attribute: BedAttributeFilter): boolean {
  if (attribute === 'isolation_capable') return bed.isolationCapable;
  return bed[attribute];
}

/** The wards in scope (one or all), with their beds in service and of the attributes asked. */
export function scopedWards(board: BedBoard, filters: BoardFilters): BoardWard[] {
  return board.wards
    .filter((ward) => filters.wardId === null || ward.id === filters.wardId)
    .map((ward) => ({
      ...ward,
      beds: ward.beds.filter(
        (bed) => bed.isActive && filters.attributes.every((a) => hasAttribute(bed, a)),
      ),
    }));
}

export type StateCounts = Record<BedState, number>;

/** How many beds are in each state, for the legend. */
export function countByState(wards: readonly BoardWard[]): StateCounts {
  const counts = Object.fromEntries(bedStates.map((s) => [s, 0])) as StateCounts;
  for (const ward of wards) for (const bed of ward.beds) counts[bed.state] += 1;
  return counts;
}

export interface RoomGroup {
  roomId: string;
  roomCode: string;
  sexRestriction: RoomSexRestriction | null;
  beds: BoardBed[];
}

/** Beds grouped by room, in the order the server sent them (rooms then beds by code). */
export function roomsOf(beds: readonly BoardBed[]): RoomGroup[] {
  const rooms = new Map<string, RoomGroup>();
  for (const bed of beds) {
    let room = rooms.get(bed.roomId);
    if (!room) {
      room = {
        roomId: bed.roomId,
        roomCode: bed.roomCode,
        sexRestriction: bed.roomSexRestriction,
        beds: [],
      };
      rooms.set(bed.roomId, room);
    }
    room.beds.push(bed);
  }
  return [...rooms.values()];
}

/** The scoped wards with only the beds of the states asked (all when none). */
export function shownWards(wards: readonly BoardWard[], states: readonly BedState[]): BoardWard[] {
  if (states.length === 0) return [...wards];
  return wards.map((ward) => ({
    ...ward,
    beds: ward.beds.filter((b) => states.includes(b.state)),
  }));
}

/** Whether a patient in this bed can be moved now: admitted, in the bed (not on leave). */
export function isMovable(bed: BoardBed): boolean {
  return bed.state === 'occupied' && bed.occupant?.status === 'admitted';
}

/** Whether a patient can be moved into this bed. */
export function isMoveTarget(bed: BoardBed): boolean {
  return bed.isActive && bed.state === 'available';
}

/** The beds of the facility a patient can move to, by ward, leaving out empty wards. */
export function moveTargets(board: BedBoard): { ward: BoardWard; beds: BoardBed[] }[] {
  return board.wards
    .map((ward) => ({ ward, beds: ward.beds.filter(isMoveTarget) }))
    .filter((group) => group.beds.length > 0);
}

/** A bed of the board with its ward, by id. */
export function findBed(
  board: BedBoard | undefined,
  bedId: string,
): { ward: BoardWard; bed: BoardBed } | null {
  for (const ward of board?.wards ?? []) {
    const bed = ward.beds.find((b) => b.id === bedId);
    if (bed) return { ward, bed };
  }
  return null;
}
