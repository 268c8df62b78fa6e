import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { HousekeepingItem } from '@meridian/contracts';
import { facilityId, makeMe, problem, renderApp } from '../../../test/app-harness';
import { mockApi, type ApiCall } from '../../admin/test-utils';

const now = new Date('2026-12-05T15:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function anItem(overrides: Partial<HousekeepingItem>): HousekeepingItem {
  return {
    bedId: '0193b000-0000-7000-8000-0000000000b1',
    wardId: '0193b000-0000-7000-8000-0000000000d1',
    wardName: '3 North',
    roomCode: '12',
    bedCode: 'A',
    state: 'dirty',
    since: minutesAgo(10),
    waitingMinutes: 10,
    isolationCapable: false,
    lastIsolation: [],
    version: 4,
    ...overrides,
  };
}

const recent = anItem({});
const oldest = anItem({
  bedId: '0193b000-0000-7000-8000-0000000000b2',
  wardName: 'ICU',
  roomCode: '2',
  bedCode: 'B',
  since: minutesAgo(95),
  waitingMinutes: 95,
  isolationCapable: true,
  lastIsolation: ['airborne', 'contact'],
  version: 9,
});
const middle = anItem({
  bedId: '0193b000-0000-7000-8000-0000000000b3',
  roomCode: '14',
  bedCode: 'C',
  since: minutesAgo(40),
  waitingMinutes: 40,
});
const inProgress = anItem({
  bedId: '0193b000-0000-7000-8000-0000000000b4',
  roomCode: '15',
  bedCode: 'A',
  state: 'cleaning',
  since: minutesAgo(5),
  waitingMinutes: 5,
  version: 6,
});

/** The browser's EventSource, stood in for: records the streams opened and feeds them. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  static readonly CLOSED = 2;
  readyState = 0;
  private readonly listeners = new Map<string, (event: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data: unknown) {
    const listener = this.listeners.get(type);
    act(() => listener?.(new MessageEvent(type, { data: JSON.stringify(data) })));
  }
}

function serve(
  items: () => HousekeepingItem[],
  onPost?: (call: ApiCall) => { status?: number; body?: unknown } | undefined,
  role: 'housekeeping' | 'nurse' = 'housekeeping',
) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: [role] }) };
    if (path === '/api/v1/bed-board/housekeeping') return { body: { items: items() } };
    if (call.method === 'POST' && path.startsWith('/api/v1/beds/')) return onPost?.(call);
    return undefined;
  });
}

const cardTitles = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((li) => li.querySelector('p')?.textContent);

describe('HousekeepingPage', { timeout: 30_000 }, () => {
  it('lists dirty beds longest wait first, then those being cleaned, with terminal cleans marked', async () => {
    const api = serve(() => [recent, inProgress, oldest, middle]);
    renderApp('/beds/housekeeping');

    const waiting = await screen.findByRole(
      'list',
      { name: 'Waiting to be cleaned' },
      {
        timeout: 10_000,
      },
    );
    expect(cardTitles(waiting)).toEqual(['Room 2 · bed B', 'Room 14 · bed C', 'Room 12 · bed A']);
    const cleaning = screen.getByRole('list', { name: 'Being cleaned' });
    expect(cardTitles(cleaning)).toEqual(['Room 15 · bed A']);

    const first = within(waiting).getAllByRole('listitem')[0]!;
    expect(within(first).getByText('Waiting 1 h 35 min')).toBeTruthy();
    expect(within(first).getByText('Terminal clean')).toBeTruthy();
    expect(within(first).getByText(/airborne, contact precautions/)).toBeTruthy();
    const last = within(waiting).getAllByRole('listitem')[2]!;
    expect(within(last).getByText('Waiting 10 min')).toBeTruthy();
    expect(within(last).queryByText('Terminal clean')).toBeNull();
    expect(within(cleaning).getByText('Cleaning for 5 min')).toBeTruthy();

    const get = api.calls.find((c) => c.url.pathname === '/api/v1/bed-board/housekeeping');
    expect(get?.url.searchParams.get('facilityId')).toBe(facilityId);
  });

  it('starts and finishes cleaning at the version shown, and the list follows', async () => {
    let current = [oldest, inProgress];
    const api = serve(
      () => current,
      (call) => {
        const bedId = call.url.pathname.split('/')[4];
        const action = (call.body as { action: string }).action;
        current =
          action === 'start_cleaning'
            ? current.map((i) =>
                i.bedId === bedId
                  ? { ...i, state: 'cleaning' as const, since: now.toISOString(), version: 10 }
                  : i,
              )
            : current.filter((i) => i.bedId !== bedId);
        return { body: {} };
      },
    );
    renderApp('/beds/housekeeping');

    fireEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Start cleaning Room 2 · bed B, ICU' },
        { timeout: 10_000 },
      ),
    );
    await waitFor(() => expect(screen.getByText('No bed is waiting to be cleaned.')).toBeTruthy());
    fireEvent.click(
      screen.getByRole('button', { name: 'Finish cleaning Room 15 · bed A, 3 North' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: /Finish cleaning Room 15/ })).toBeNull(),
    );

    const posts = api.calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => [c.url.pathname, c.headers['if-match'], c.body])).toEqual([
      [`/api/v1/beds/${oldest.bedId}/state`, '"9"', { action: 'start_cleaning' }],
      [`/api/v1/beds/${inProgress.bedId}/state`, '"6"', { action: 'finish_cleaning' }],
    ]);
    expect(
      screen.getByRole('button', { name: 'Finish cleaning Room 2 · bed B, ICU' }),
    ).toBeTruthy();
  });

  it('says so when someone else got to the bed first', async () => {
    serve(
      () => [middle],
      () => problem(412, 'resource.version_mismatch'),
    );
    renderApp('/beds/housekeeping');
    fireEvent.click(
      await screen.findByRole('button', { name: /^Start cleaning Room 14/ }, { timeout: 10_000 }),
    );
    expect((await screen.findByRole('alert')).textContent).toMatch(/changed meanwhile/);
  });

  it.each(['nurse', 'housekeeping'] as const)(
    'refetches when the housekeeping stream names a change (%s)',
    async (role) => {
      FakeEventSource.opened = [];
      vi.stubGlobal('EventSource', FakeEventSource);
      let current: HousekeepingItem[] = [];
      serve(() => current, undefined, role);
      renderApp('/beds/housekeeping');
      await screen.findByText('No bed is waiting to be cleaned.', {}, { timeout: 10_000 });
      const stream = FakeEventSource.opened.at(-1);
      expect(stream?.url).toBe(`/api/v1/bed-board/housekeeping/events?facilityId=${facilityId}`);

      current = [middle];
      stream?.emit('beds', {
        facilityId,
        wardIds: [middle.wardId],
        bedIds: [middle.bedId],
        at: now.toISOString(),
      });
      expect(await screen.findByRole('button', { name: /^Start cleaning Room 14/ })).toBeTruthy();
    },
  );

  it('says so when no bed waits', async () => {
    serve(() => []);
    renderApp('/beds/housekeeping');
    expect(
      await screen.findByText('No bed is waiting to be cleaned.', {}, { timeout: 10_000 }),
    ).toBeTruthy();
    expect(screen.getByText('No bed is being cleaned.')).toBeTruthy();
  });
});
