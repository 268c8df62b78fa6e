import { describe, expect, it } from 'vitest';
import {
  permissionsForRoles,
  type BedState,
  type Permission,
  type Role,
} from '@meridian/contracts';
import { aBed, aBoard, anOccupant, bedIds, wardIds } from './board.fixtures';
import { bedMenuItems } from './bed-menu';
import {
  countByState,
  filtersFromParams,
  moveTargets,
  roomsOf,
  scopedWards,
  shownWards,
  withParam,
} from './board-view';

describe('board filters in the URL', () => {
  it('reads ward, states and attributes, dropping values it does not know', () => {
    const params = new URLSearchParams(
      'ward=w1&state=dirty&state=asleep&state=blocked&attribute=telemetry&attribute=wifi',
    );
    expect(filtersFromParams(params)).toEqual({
      wardId: 'w1',
      states: ['dirty', 'blocked'],
      attributes: ['telemetry'],
    });
    expect(filtersFromParams(new URLSearchParams())).toEqual({
      wardId: null,
      states: [],
      attributes: [],
    });
  });

  it('replaces one filter and keeps the others', () => {
    const params = new URLSearchParams('ward=w1&state=dirty');
    expect(withParam(params, 'state', ['available', 'cleaning']).toString()).toBe(
      'ward=w1&state=available&state=cleaning',
    );
    expect(withParam(params, 'ward', ['']).toString()).toBe('state=dirty');
  });
});

describe('what the board shows', () => {
  it('counts the states of the beds in scope, leaving out beds out of service', () => {
    const board = aBoard();
    const retired = aBed({ id: 'x', state: 'available', isActive: false });
    board.wards[0]?.beds.push(retired);
    const all = scopedWards(board, { wardId: null, states: [], attributes: [] });
    expect(countByState(all)).toEqual({
      available: 2,
      reserved: 1,
      occupied: 2,
      dirty: 1,
      cleaning: 0,
      blocked: 1,
    });
    const telemetryInIcu = scopedWards(board, {
      wardId: wardIds.icu,
      states: [],
      attributes: ['telemetry', 'isolation_capable'],
    });
    expect(telemetryInIcu.map((w) => w.beds.map((b) => b.id))).toEqual([[bedIds.blockedIcu]]);
  });

  it('keeps every ward in scope when filtering by state, so a ward can say it has none', () => {
    const scoped = scopedWards(aBoard(), { wardId: null, states: [], attributes: [] });
    const states: BedState[] = ['dirty'];
    expect(shownWards(scoped, states).map((w) => w.beds.length)).toEqual([1, 0]);
  });

  it('groups beds by room in the order sent', () => {
    const north = aBoard().wards[0];
    expect(roomsOf(north?.beds ?? []).map((r) => [r.roomCode, r.beds.map((b) => b.code)])).toEqual([
      ['301', ['301-A', '301-B']],
      ['302', ['302-A', '302-B']],
    ]);
  });

  it('offers as move targets only available beds in service', () => {
    const board = aBoard();
    board.wards[1]?.beds.push(aBed({ id: 'retired', code: 'ICU-9', isActive: false }));
    expect(moveTargets(board).map((g) => g.beds.map((b) => b.code))).toEqual([
      ['301-B'],
      ['ICU-3'],
    ]);
  });
});

describe('a bed card menu', () => {
  const can = (role: Role) => {
    const granted = permissionsForRoles([role]);
    return (p: Permission) => granted.includes(p);
  };
  const occupied = aBed({ state: 'occupied', occupant: anOccupant() });

  it.each([
    ['nurse', aBed(), ['admit', 'mark_dirty', 'block']],
    ['nurse', occupied, ['open_stay', 'move', 'discharge']],
    [
      'nurse',
      aBed({ state: 'occupied', occupant: anOccupant({ status: 'on_leave' }) }),
      ['open_stay', 'discharge'],
    ],
    ['nurse', aBed({ state: 'dirty' }), ['start_cleaning', 'block']],
    ['nurse', aBed({ state: 'cleaning' }), ['finish_cleaning', 'block']],
    ['nurse', aBed({ state: 'blocked' }), ['unblock']],
    [
      'nurse',
      aBed({ state: 'reserved', occupant: anOccupant({ status: 'pre_admitted' }) }),
      ['open_stay'],
    ],
    ['front_desk', occupied, ['open_stay']],
    ['front_desk', aBed(), []],
    ['physician', aBed(), ['admit']],
    ['admin', aBed({ state: 'dirty' }), []],
  ] as const)('offers a %s on a bed %# what they may do', (role, bed, expected) => {
    expect(bedMenuItems(bed, can(role))).toEqual(expected);
  });
});
