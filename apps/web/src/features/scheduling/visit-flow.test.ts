import { describe, expect, it } from 'vitest';
import { isBeforeVisit, transitionsFrom } from './visit-flow';

describe('the visit-flow buttons', () => {
  it('offers check-in first for a booked or confirmed appointment', () => {
    expect(transitionsFrom('booked')).toEqual(['arrive', 'confirm', 'no_show']);
    expect(transitionsFrom('confirmed')).toEqual(['arrive', 'no_show']);
  });

  it('walks arrived → in room → completed, and offers nothing after', () => {
    expect(transitionsFrom('arrived')).toEqual(['room']);
    expect(transitionsFrom('in_room')).toEqual(['complete']);
    expect(transitionsFrom('completed')).toEqual([]);
    expect(transitionsFrom('cancelled')).toEqual([]);
    expect(transitionsFrom('no_show')).toEqual([]);
  });

  it('lets only appointments not yet started be moved or cancelled', () => {
    expect(isBeforeVisit('confirmed')).toBe(true);
    expect(isBeforeVisit('arrived')).toBe(false);
  });
});
