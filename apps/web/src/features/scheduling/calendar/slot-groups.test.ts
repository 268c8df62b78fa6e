import { describe, expect, it } from 'vitest';
import type { Slot } from '@meridian/contracts';
import { groupSlotsByDay } from './slot-groups';

const ny = '0192f0c4-0000-7000-8000-0000000000d1';
const berlin = '0192f0c4-0000-7000-8000-0000000000d2';
const zones: Record<string, string> = { [ny]: 'America/New_York', [berlin]: 'Europe/Berlin' };
const zoneOf = (facilityId: string) => zones[facilityId] ?? 'UTC';

function slot(startsAt: string, facilityId = ny, practitionerId = 'p1'): Slot {
  return { practitionerId, facilityId, startsAt, endsAt: startsAt };
}

describe('free slots by local day', () => {
  it("puts an evening slot on the facility's day, not the next UTC day", () => {
    // 23:30 in New York on 2 March is 04:30 UTC on 3 March.
    const days = groupSlotsByDay([slot('2026-03-03T04:30:00Z')], zoneOf);
    expect(days.map((d) => d.date)).toEqual(['2026-03-02']);
  });

  it('orders days and the slots within each day by time', () => {
    const days = groupSlotsByDay(
      [slot('2026-03-03T15:00:00Z'), slot('2026-03-02T16:00:00Z'), slot('2026-03-02T14:00:00Z')],
      zoneOf,
    );
    expect(days).toEqual([
      {
        date: '2026-03-02',
        slots: [slot('2026-03-02T14:00:00Z'), slot('2026-03-02T16:00:00Z')],
      },
      { date: '2026-03-03', slots: [slot('2026-03-03T15:00:00Z')] },
    ]);
  });

  it('uses each slot its own facility zone', () => {
    // 23:30 UTC on 2 March: still the 2nd in New York, already the 3rd in Berlin.
    const days = groupSlotsByDay(
      [slot('2026-03-02T23:30:00Z', ny), slot('2026-03-02T23:30:00Z', berlin, 'p2')],
      zoneOf,
    );
    expect(days.map((d) => [d.date, d.slots.length])).toEqual([
      ['2026-03-02', 1],
      ['2026-03-03', 1],
    ]);
  });

  it('keeps the day of the spring-forward change whole', () => {
    // New York skips 02:00-03:00 on 8 March 2026; 01:30 EST and 03:30 EDT are the same day.
    const days = groupSlotsByDay(
      [slot('2026-03-08T06:30:00Z'), slot('2026-03-08T07:30:00Z')],
      zoneOf,
    );
    expect(days).toHaveLength(1);
    expect(days[0]?.date).toBe('2026-03-08');
  });

  it('answers nothing for no slots', () => {
    expect(groupSlotsByDay([], zoneOf)).toEqual([]);
  });
});
