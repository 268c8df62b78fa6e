import { describe, expect, it } from 'vitest';
import { allDayDates, calendarLink, periodInstants } from './exception-period';
import {
  blocksFromRows,
  copyMondayToWeekdays,
  emptyWeek,
  minutesToTime,
  nextRange,
  previewWindow,
  quarterHours,
  rowsFromBlocks,
  timeToMinutes,
  weekIssues,
  type WeekRows,
} from './week-hours';

function week(monday: [string, string][], others: Record<number, [string, string][]> = {}) {
  const rows: WeekRows = emptyWeek();
  rows[0] = monday.map(([start, end]) => ({ start, end }));
  for (const [day, ranges] of Object.entries(others)) {
    rows[Number(day)] = ranges.map(([start, end]) => ({ start, end }));
  }
  return rows;
}

describe('minutes and wall-clock times', () => {
  it('writes minutes since midnight as HH:MM, the end of the day as 24:00', () => {
    expect(minutesToTime(0)).toBe('00:00');
    expect(minutesToTime(555)).toBe('09:15');
    expect(minutesToTime(1440)).toBe('24:00');
  });

  it('reads HH:MM back, and refuses what is no time of day', () => {
    expect(timeToMinutes('09:15')).toBe(555);
    expect(timeToMinutes('24:00')).toBe(1440);
    expect(timeToMinutes('24:15')).toBeNull();
    expect(timeToMinutes('12:60')).toBeNull();
    expect(timeToMinutes('9:15')).toBeNull();
    expect(timeToMinutes('')).toBeNull();
  });

  it('offers every quarter hour from 00:00 to 24:00', () => {
    const times = quarterHours();
    expect(times).toHaveLength(97);
    expect(times.slice(0, 3)).toEqual(['00:00', '00:15', '00:30']);
    expect(times.at(-1)).toBe('24:00');
  });
});

describe('rows and blocks', () => {
  it('groups blocks by weekday, each day in order of start', () => {
    const rows = rowsFromBlocks([
      { weekday: 1, startMinute: 780, endMinute: 1020 },
      { weekday: 1, startMinute: 540, endMinute: 720 },
      { weekday: 7, startMinute: 600, endMinute: 660 },
    ]);
    expect(rows[0]).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(rows[6]).toEqual([{ start: '10:00', end: '11:00' }]);
    expect(rows.slice(1, 6).every((r) => r.length === 0)).toBe(true);
  });

  it('sends blocks Monday first and remembers which range each came from', () => {
    const { blocks, origins } = blocksFromRows(
      week([['09:00', '12:00']], {
        2: [
          ['08:00', '10:00'],
          ['14:00', '24:00'],
        ],
      }),
    );
    expect(blocks).toEqual([
      { weekday: 1, startMinute: 540, endMinute: 720 },
      { weekday: 3, startMinute: 480, endMinute: 600 },
      { weekday: 3, startMinute: 840, endMinute: 1440 },
    ]);
    // A server error on blocks.2 points at Wednesday's second range.
    expect(origins[2]).toEqual({ day: 2, range: 1 });
  });
});

describe('what must be fixed before saving', () => {
  it('accepts ranges that only touch (12:00 end, 12:00 start)', () => {
    expect(
      weekIssues(
        week([
          ['09:00', '12:00'],
          ['12:00', '17:00'],
        ]),
      ),
    ).toEqual([]);
  });

  it('finds a range that overlaps an earlier one on the same day', () => {
    expect(
      weekIssues(
        week([
          ['09:00', '12:00'],
          ['11:45', '17:00'],
        ]),
      ),
    ).toEqual([{ day: 0, range: 1, problem: 'overlap' }]);
  });

  it('does not call the same hours on different days an overlap', () => {
    expect(weekIssues(week([['09:00', '12:00']], { 1: [['09:00', '12:00']] }))).toEqual([]);
  });

  it('finds an end that is not after its start, a missing time and an odd minute', () => {
    const issues = weekIssues(
      week([
        ['12:00', '12:00'],
        ['13:00', ''],
        ['14:10', '15:00'],
      ]),
    );
    expect(issues.map((i) => i.problem)).toEqual(['end_before_start', 'missing', 'not_quarter']);
  });
});

describe('editing helpers', () => {
  it('copies Monday to Tuesday–Friday and leaves the weekend alone', () => {
    const rows = copyMondayToWeekdays(
      week([['08:00', '16:00']], { 1: [['10:00', '11:00']], 5: [['09:00', '13:00']] }),
    );
    for (const day of [1, 2, 3, 4]) expect(rows[day]).toEqual([{ start: '08:00', end: '16:00' }]);
    expect(rows[5]).toEqual([{ start: '09:00', end: '13:00' }]);
    expect(rows[6]).toEqual([]);
    // Copies, not the same objects: editing Tuesday must not change Monday.
    expect(rows[1]?.[0]).not.toBe(rows[0]?.[0]);
  });

  it('proposes 09:00–17:00 for an empty day, else the hour after the last range', () => {
    expect(nextRange([])).toEqual({ start: '09:00', end: '17:00' });
    expect(nextRange([{ start: '09:00', end: '12:00' }])).toEqual({ start: '12:00', end: '13:00' });
    expect(nextRange([{ start: '20:00', end: '24:00' }])).toEqual({ start: '23:00', end: '24:00' });
  });

  it('draws the preview over whole hours, at least 08:00–18:00', () => {
    expect(previewWindow(emptyWeek())).toEqual({ startMinute: 480, endMinute: 1080 });
    expect(previewWindow(week([['06:30', '20:15']]))).toEqual({
      startMinute: 360,
      endMinute: 1260,
    });
  });
});

describe("time off in the facility's zone", () => {
  const base = { startTime: '', endTime: '' };

  it('makes an all-day period run from local midnight to midnight after the last day', () => {
    expect(
      periodInstants(
        { ...base, isAllDay: true, startDate: '2026-07-01', endDate: '2026-07-03' },
        'Europe/Berlin',
      ),
    ).toEqual({ startsAt: '2026-06-30T22:00:00Z', endsAt: '2026-07-03T22:00:00Z' });
  });

  it('keeps an all-day period over a clock change to whole local days (23 hours)', () => {
    const p = periodInstants(
      { ...base, isAllDay: true, startDate: '2026-03-08', endDate: '2026-03-08' },
      'America/New_York',
    );
    expect(p).toEqual({ startsAt: '2026-03-08T05:00:00Z', endsAt: '2026-03-09T04:00:00Z' });
  });

  it('reads times as wall-clock times in the zone, and waits for both', () => {
    const period = {
      isAllDay: false,
      startDate: '2026-01-20',
      startTime: '13:00',
      endDate: '2026-01-20',
      endTime: '15:30',
    };
    expect(periodInstants(period, 'America/Chicago')).toEqual({
      startsAt: '2026-01-20T19:00:00Z',
      endsAt: '2026-01-20T21:30:00Z',
    });
    expect(periodInstants({ ...period, endTime: '' }, 'America/Chicago')).toBeNull();
  });

  it("links to the practitioner's calendar on the first day", () => {
    expect(calendarLink('p1', '2026-07-01')).toBe('/schedule?practitioner=p1&date=2026-07-01');
    expect(calendarLink(null, '2026-07-01')).toBe('/schedule?date=2026-07-01');
  });
});

describe('all-day periods read back', () => {
  it('finds the first and last day of a midnight-to-midnight period, and nothing otherwise', () => {
    expect(allDayDates('2026-06-30T22:00:00Z', '2026-07-03T22:00:00Z', 'Europe/Berlin')).toEqual({
      first: '2026-07-01',
      last: '2026-07-03',
    });
    expect(allDayDates('2026-07-01T07:00:00Z', '2026-07-01T15:00:00Z', 'Europe/Berlin')).toBeNull();
  });
});
