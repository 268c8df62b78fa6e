import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { CensusCounts, CensusFigures, CurrentCensus } from '@meridian/contracts';
import { facilityId, makeMe } from '../../../test/app-harness';
import { mockApi, renderPage } from '../../admin/test-utils';
import { SignedIn } from '../stays/stays.fixtures';
import { CensusSummary } from './CensusSummary';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // 10:00 in New York on 5 December.
  vi.setSystemTime(new Date('2026-12-05T15:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function counts(overrides: Partial<CensusCounts>): CensusCounts {
  return {
    beds: 0,
    available: 0,
    reserved: 0,
    occupied: 0,
    dirty: 0,
    cleaning: 0,
    blocked: 0,
    occupancyPercent: null,
    onLeave: 0,
    pendingDischarges: 0,
    ...overrides,
  };
}

const census: CurrentCensus = {
  facilityId,
  at: '2026-12-05T15:00:00Z',
  facility: counts({
    beds: 40,
    available: 6,
    reserved: 1,
    occupied: 27,
    dirty: 2,
    cleaning: 1,
    blocked: 3,
    occupancyPercent: 73,
    pendingDischarges: 4,
  }),
  wards: [
    {
      ...counts({
        beds: 24,
        available: 2,
        occupied: 19,
        dirty: 2,
        blocked: 1,
        occupancyPercent: 82.6,
        pendingDischarges: 3,
      }),
      wardId: '0193c000-0000-7000-8000-0000000000d1',
      code: '3N',
      name: '3 North',
    },
    {
      ...counts({ beds: 16, available: 4, reserved: 1, occupied: 8, cleaning: 1, blocked: 2 }),
      occupancyPercent: 57.1,
      pendingDischarges: 1,
      wardId: '0193c000-0000-7000-8000-0000000000d2',
      code: 'ICU',
      name: 'Intensive Care',
    },
  ],
};

function figures(from: string, to: string): CensusFigures {
  return {
    facilityId,
    wardId: null,
    from,
    to,
    days: [
      {
        date: '2026-12-04',
        admissions: 5,
        discharges: 3,
        transfersIn: 0,
        transfersOut: 0,
        midnightCensus: 25,
      },
      {
        date: '2026-12-05',
        admissions: 2,
        discharges: 1,
        transfersIn: 0,
        transfersOut: 0,
        midnightCensus: null,
      },
    ],
    patientDays: 25,
    averageLengthOfStayDays: 4.3,
    medianBedTurnaroundMinutes: 48,
    p90BedTurnaroundMinutes: 95,
    averageOccupancyPercent: 70.2,
  };
}

function show() {
  const api = mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['nurse'] }) };
    if (path === '/api/v1/census') return { body: census };
    if (path === '/api/v1/census/figures') {
      const q = call.url.searchParams;
      return { body: figures(q.get('from') ?? '', q.get('to') ?? '') };
    }
    return undefined;
  });
  renderPage(
    <SignedIn>
      <CensusSummary facilityId={facilityId} />
    </SignedIn>,
    { route: '/beds', path: '/beds' },
  );
  return api;
}

describe('CensusSummary', { timeout: 30_000 }, () => {
  it('shows the facility census as the server counts it, and each ward', async () => {
    show();
    const occupancy = await screen.findByText('Occupancy', { selector: 'dt' }, { timeout: 10_000 });
    const facility = occupancy.closest('dl')!;
    const pairs = [...facility.querySelectorAll('dt')].map(
      (dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`,
    );
    expect(pairs).toEqual([
      'Occupancy: 73%',
      'Occupied: 27 / 40',
      'Free: 6',
      'Dirty: 2',
      'Cleaning: 1',
      'Blocked: 3',
      'Pending discharges: 4',
    ]);

    const table = screen.getByRole('table', { name: 'Census' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['3 North', '82.6%', '19 / 24', '2', '2', '0', '1', '3'],
      ['Intensive Care', '57.1%', '8 / 16', '4', '0', '1', '2', '1'],
    ]);
  });

  it('asks for the last 14 facility days and offers the chart as a table', async () => {
    const api = show();
    const chart = await screen.findByRole(
      'img',
      { name: /^Admissions, discharges and midnight census/ },
      {
        timeout: 10_000,
      },
    );
    expect(chart.querySelectorAll('rect')).toHaveLength(4);
    const call = api.calls.find((c) => c.url.pathname === '/api/v1/census/figures');
    expect(call?.url.searchParams.get('from')).toBe('2026-11-22');
    expect(call?.url.searchParams.get('to')).toBe('2026-12-05');
    expect(call?.url.searchParams.get('facilityId')).toBe(facilityId);

    const toggle = screen.getByRole('button', { name: 'Show as table' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = screen.getByRole('table', {
      name: /^Admissions, discharges and midnight census/,
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Fri, Dec 4, 2026', '5', '3', '25'],
      ['Sat, Dec 5, 2026', '2', '1', 'not taken'],
    ]);
    expect(screen.getByText('4.3 days')).toBeTruthy();
    expect(screen.getByText('48 min')).toBeTruthy();
  });
});
