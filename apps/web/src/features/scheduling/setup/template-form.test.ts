import { describe, expect, it } from 'vitest';
import type { ScheduleTemplate } from '@meridian/contracts';
import {
  clashingTemplates,
  rangesOfBlockErrors,
  templateBody,
  templateInitialValues,
  templatePhase,
  weekErrors,
} from './template-form';
import { emptyWeek } from './week-hours';

const messages = {
  missing: 'missing',
  not_quarter: 'quarter',
  end_before_start: 'order',
  overlap: 'overlap',
  noRanges: 'none',
};

function template(overrides: Partial<ScheduleTemplate> = {}): ScheduleTemplate {
  return {
    id: 't1',
    practitionerId: 'p1',
    facilityId: 'f1',
    name: 'Main clinic',
    effectiveFrom: '2026-01-01',
    effectiveUntil: null,
    blocks: [{ weekday: 1, startMinute: 540, endMinute: 1020 }],
    version: 3,
    ...overrides,
  };
}

describe('the template form', () => {
  it('round-trips a template through the form to the same body', () => {
    const t = template({ effectiveUntil: '2026-06-30' });
    const values = templateInitialValues(t, { facilityId: 'other', today: '2026-01-15' });
    expect(templateBody(values)).toEqual({
      facilityId: 'f1',
      name: 'Main clinic',
      effectiveFrom: '2026-01-01',
      effectiveUntil: '2026-06-30',
      blocks: t.blocks,
    });
  });

  it('starts a new template at the home location from today, until further notice', () => {
    const values = templateInitialValues(null, { facilityId: 'f9', today: '2026-01-15' });
    expect(templateBody({ ...values, name: ' Late ' })).toMatchObject({
      facilityId: 'f9',
      name: 'Late',
      effectiveFrom: '2026-01-15',
      effectiveUntil: null,
      blocks: [],
    });
  });

  it('puts each problem on its range: a missing start on the start, the rest on the end', () => {
    const days = emptyWeek();
    days[0] = [
      { start: '', end: '12:00' },
      { start: '13:00', end: '12:00' },
    ];
    expect(weekErrors(days, messages)).toEqual({
      'days.0.0.start': 'missing',
      'days.0.1.end': 'order',
    });
  });

  it('asks for hours on at least one day', () => {
    expect(weekErrors(emptyWeek(), messages)).toEqual({ days: 'none' });
  });
});

describe('a clash with another template (409 scheduling.template_overlap)', () => {
  const days = emptyWeek();
  days[0] = [{ start: '08:00', end: '09:00' }];
  days[2] = [
    { start: '08:00', end: '10:00' },
    { start: '16:00', end: '18:00' },
  ];

  it('finds the range the problem names by the order the blocks were sent in', () => {
    expect(
      rangesOfBlockErrors([{ path: 'blocks.2', rule: 'conflict', message: 'x' }], days),
    ).toEqual([{ day: 2, range: 1 }]);
    expect(rangesOfBlockErrors([{ path: 'name', rule: 'x', message: 'x' }], days)).toEqual([]);
  });

  it('names the other template that works overlapping hours on that weekday in those dates', () => {
    const wednesdayLate = template({
      id: 'wed',
      name: 'Wednesday late',
      blocks: [{ weekday: 3, startMinute: 1020, endMinute: 1200 }],
    });
    const mondays = template({ id: 'mon', name: 'Mondays' });
    const endedWednesday = template({
      id: 'old',
      effectiveUntil: '2025-12-31',
      blocks: [{ weekday: 3, startMinute: 960, endMinute: 1080 }],
    });
    const values = { effectiveFrom: '2026-02-01', effectiveUntil: '', days };
    expect(
      clashingTemplates([wednesdayLate, mondays, endedWednesday], values, { day: 2, range: 1 }),
    ).toEqual([wednesdayLate]);
  });
});

describe('where a template stands on a given day', () => {
  it('is upcoming before it starts, in effect through its last day, then ended', () => {
    const t = { effectiveFrom: '2026-02-01', effectiveUntil: '2026-02-28' };
    expect(templatePhase(t, '2026-01-31')).toBe('upcoming');
    expect(templatePhase(t, '2026-02-01')).toBe('current');
    expect(templatePhase(t, '2026-02-28')).toBe('current');
    expect(templatePhase(t, '2026-03-01')).toBe('ended');
    expect(templatePhase({ ...t, effectiveUntil: null }, '2099-01-01')).toBe('current');
  });
});
