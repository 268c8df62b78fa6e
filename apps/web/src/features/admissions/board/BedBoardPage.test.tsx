import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { BedBoard } from '@meridian/contracts';
import { facilityId, makeMe, problem, renderApp } from '../../../test/app-harness';
import { mockApi, type ApiCall } from '../../admin/test-utils';
import { formatClock } from '../../scheduling/scheduling-format';
import { aBoard, bedIds, stayIds, wardIds } from './board.fixtures';

/** A stand-in for the browser's EventSource: the test opens, drops and feeds the stream. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  private readonly listeners = new Map<string, Set<(event: Event) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: Event) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }
  removeEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.get(type)?.delete(listener);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data?: unknown) {
    if (type === 'open') this.readyState = FakeEventSource.OPEN;
    if (type === 'error') this.readyState = FakeEventSource.CONNECTING;
    const event =
      data === undefined ? new Event(type) : new MessageEvent(type, { data: JSON.stringify(data) });
    act(() => {
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    });
  }
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  // Only Date: "today" decides between "14:00" and "5 Dec, 14:00" on the cards.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-05T15:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// Made per test, after the clock is set: the session must not look expired.
const nurse = () => makeMe({ roles: ['nurse'] });
const zone = 'America/New_York';

function answerBoard(
  board: () => BedBoard,
  more: (call: ApiCall) => { status?: number; body?: unknown } | undefined = () => undefined,
  me = nurse(),
) {
  return mockApi((call) => {
    if (call.url.pathname === '/api/v1/auth/me') return { body: me };
    if (call.url.pathname === '/api/v1/bed-board') return { body: board() };
    return more(call);
  });
}

const boardGets = (calls: ApiCall[]) =>
  calls.filter((c) => c.method === 'GET' && c.url.pathname === '/api/v1/bed-board');

async function cardOf(bedCode: string, roomCode: string, state: string) {
  return screen.findByRole(
    'group',
    { name: `Bed ${bedCode}, room ${roomCode}: ${state}` },
    { timeout: 10_000 },
  );
}

async function openMenuItem(bedCode: string, roomCode: string, item: string) {
  fireEvent.click(
    await screen.findByRole(
      'button',
      { name: `Actions for bed ${bedCode}, room ${roomCode}` },
      { timeout: 10_000 },
    ),
  );
  fireEvent.click(await screen.findByRole('menuitem', { name: item }));
}

describe('BedBoardPage', { timeout: 30_000 }, () => {
  it('shows each ward by room, the patients, and a restricted patient without details', async () => {
    const api = answerBoard(() => aBoard());
    renderApp('/beds');

    const lopez = await cardOf('301-A', '301', 'Occupied');
    expect(boardGets(api.calls)[0]?.url.searchParams.get('facilityId')).toBe(facilityId);
    expect(within(lopez).getByText('LOPEZ, Ana')).toBeTruthy();
    expect(within(lopez).getByText('67 y · F · MRN 10000017')).toBeTruthy();
    expect(within(lopez).getByText('Attending: José García')).toBeTruthy();
    expect(within(lopez).getByText('Day 3')).toBeTruthy();
    expect(within(lopez).getByText('Airborne isolation')).toBeTruthy();
    expect(
      within(lopez).getByText(`Discharge expected ${formatClock('2026-12-05T19:00:00Z', zone)}`),
    ).toBeTruthy();

    const restricted = await cardOf('302-A', '302', 'Occupied');
    expect(within(restricted).getByText('Restricted patient')).toBeTruthy();
    expect(within(restricted).queryByText(/MRN/)).toBeNull();
    expect(within(restricted).queryByText(/Hidden Attending/)).toBeNull();
    expect(within(restricted).queryByText(/Day 8/)).toBeNull();
    expect(screen.getByText('Room 302 · men only')).toBeTruthy();

    const reserved = await cardOf('ICU-2', 'I1', 'Reserved');
    expect(within(reserved).getByText('NGUYEN, Bao')).toBeTruthy();
    expect(
      within(reserved).getByText(`Expected ${formatClock('2026-12-05T20:00:00Z', zone)}`),
    ).toBeTruthy();
    const blocked = await cardOf('ICU-1', 'I1', 'Blocked');
    expect(within(blocked).getByText('Broken bed rail')).toBeTruthy();

    const legend = screen.getByRole('group', { name: /^Beds by state/ });
    expect(
      within(legend)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      'Available: 2',
      'Reserved: 1',
      'Occupied: 2',
      'Dirty: 1',
      'Cleaning: 0',
      'Blocked: 1',
    ]);
    expect(screen.getByRole('heading', { name: '3 North' })).toBeTruthy();
    expect(screen.getByText('2 of 4 beds occupied')).toBeTruthy();
  });

  it('filters by ward, state and attribute, and keeps the filters in the URL', async () => {
    answerBoard(() => aBoard());
    const { router } = renderApp('/beds');
    await cardOf('301-A', '301', 'Occupied');

    fireEvent.change(screen.getByLabelText('Ward'), { target: { value: wardIds.icu } });
    expect(await screen.findByRole('heading', { name: 'Intensive Care' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: '3 North' })).toBeNull();
    expect(router.state.location.search).toBe(`?ward=${wardIds.icu}`);
    const legend = screen.getByRole('group', { name: /^Beds by state/ });
    expect(within(legend).getByRole('button', { name: 'Available: 1' })).toBeTruthy();

    fireEvent.click(within(legend).getByRole('button', { name: 'Available: 1' }));
    expect(
      within(legend).getByRole('button', { name: 'Available: 1' }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(screen.getByRole('group', { name: 'Bed ICU-3, room I1: Available' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: /Bed ICU-1/ })).toBeNull();
    expect(router.state.location.search).toBe(`?ward=${wardIds.icu}&state=available`);

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Isolation room' }));
    expect(router.state.location.search).toBe('?attribute=isolation_capable');
    expect(await screen.findByRole('group', { name: /Bed ICU-1/ })).toBeTruthy();
    expect(screen.queryByRole('group', { name: /Bed 301-A/ })).toBeNull();
  });

  it('opens the board of a shared link with its filters', async () => {
    answerBoard(() => aBoard());
    renderApp('/beds?state=dirty&state=nonsense');
    expect(await cardOf('302-B', '302', 'Dirty')).toBeTruthy();
    expect(screen.queryByRole('group', { name: /Bed 301-A/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Intensive Care' })).toBeTruthy();
    expect(screen.getByText('No beds of this ward match the filters.')).toBeTruthy();
  });

  it('refetches when the stream says beds changed, and shows when it is reconnecting', async () => {
    let board = aBoard();
    const api = answerBoard(() => board);
    renderApp('/beds');
    await cardOf('302-B', '302', 'Dirty');

    const stream = FakeEventSource.instances.at(-1);
    expect(stream?.url).toBe(`/api/v1/bed-board/events?facilityId=${facilityId}`);
    stream?.emit('open');
    expect(screen.getByText('Live')).toBeTruthy();

    const before = boardGets(api.calls).length;
    board = {
      ...board,
      wards: board.wards.map((w) => ({
        ...w,
        beds: w.beds.map((b) =>
          b.id === bedIds.dirty302 ? { ...b, state: 'cleaning' as const } : b,
        ),
      })),
    };
    stream?.emit('beds', {
      facilityId: facilityId,
      wardIds: [wardIds.north],
      bedIds: [bedIds.dirty302],
      at: '2026-12-05T15:00:01Z',
    });
    expect(await cardOf('302-B', '302', 'Cleaning')).toBeTruthy();
    expect(boardGets(api.calls).length).toBe(before + 1);

    stream?.emit('error');
    expect(screen.getByText('Reconnecting… the board may be out of date')).toBeTruthy();
    stream?.emit('open');
    expect(screen.getByText('Live')).toBeTruthy();
  });

  it('moves a patient from the keyboard: menu, bed picker, reason', async () => {
    const api = answerBoard(
      () => aBoard(),
      ({ method, url }) =>
        method === 'POST' && url.pathname === `/api/v1/admissions/${stayIds.lopez}/transfer`
          ? { body: {} }
          : undefined,
    );
    renderApp('/beds');

    await openMenuItem('301-A', '301', 'Move to bed…');
    const dialog = await screen.findByRole('dialog', { name: 'Move patient' });
    expect(within(dialog).getByText(/LOPEZ, Ana/)).toBeTruthy();
    const options = within(within(dialog).getByLabelText(/To bed/)).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'Choose an available bed',
      '3 North · room 301 · bed 301-B',
      'Intensive Care · room I1 · bed ICU-3',
    ]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Move patient' }));
    expect(within(dialog).getByText('Choose the bed to move the patient to.')).toBeTruthy();
    expect(within(dialog).getByText('Say why the patient is moved.')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText(/To bed/), {
      target: { value: bedIds.freeIcu },
    });
    fireEvent.change(within(dialog).getByLabelText(/Reason for the move/), {
      target: { value: 'Needs telemetry' },
    });
    fireEvent.change(within(dialog).getByLabelText('Level of care'), {
      target: { value: 'step_down' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move patient' }));

    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      bedId: bedIds.freeIcu,
      reason: 'Needs telemetry',
      levelOfCare: 'step_down',
    });
  });

  it('shows a refused move clearly and refetches the board', async () => {
    const api = answerBoard(
      () => aBoard(),
      ({ method }) => (method === 'POST' ? problem(409, 'admission.bed_unavailable') : undefined),
    );
    renderApp('/beds');
    await openMenuItem('301-A', '301', 'Move to bed…');
    const dialog = await screen.findByRole('dialog', { name: 'Move patient' });
    fireEvent.change(within(dialog).getByLabelText(/To bed/), {
      target: { value: bedIds.free301 },
    });
    fireEvent.change(within(dialog).getByLabelText(/Reason for the move/), {
      target: { value: 'Closer to the station' },
    });
    const before = boardGets(api.calls).length;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move patient' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toMatch(/just taken or reserved by someone else/);
    expect(alert.textContent).toMatch(/board has been refreshed/);
    await vi.waitFor(() => expect(boardGets(api.calls).length).toBeGreaterThan(before));
  });

  it('moves a patient by dragging their card onto an available bed', async () => {
    answerBoard(() => aBoard());
    renderApp('/beds');
    const from = await cardOf('301-A', '301', 'Occupied');
    const to = await cardOf('ICU-3', 'I1', 'Available');
    const dataTransfer = { setData: vi.fn(), effectAllowed: '', dropEffect: '' };

    fireEvent.dragStart(from, { dataTransfer });
    expect(within(to).getByText('Drop to move here')).toBeTruthy();
    expect(within(from).queryByText('Drop to move here')).toBeNull();
    fireEvent.dragOver(to, { dataTransfer });
    fireEvent.drop(to, { dataTransfer });

    const dialog = await screen.findByRole('dialog', { name: 'Move patient' });
    expect(within(dialog).getByLabelText<HTMLSelectElement>(/To bed/).value).toBe(bedIds.freeIcu);
  });

  it('runs housekeeping steps at the version shown, and blocks only with a reason', async () => {
    const api = answerBoard(
      () => aBoard(),
      ({ method }) => (method === 'POST' ? { body: {} } : undefined),
    );
    renderApp('/beds');

    await openMenuItem('302-B', '302', 'Start cleaning');
    const start = await vi.waitFor(() => {
      const found = api.calls.find((c) => c.method === 'POST');
      if (!found) throw new Error('no POST yet');
      return found;
    });
    expect(start?.url.pathname).toBe(`/api/v1/beds/${bedIds.dirty302}/state`);
    expect(start?.headers['if-match']).toBe('"7"');
    expect(start?.body).toEqual({ action: 'start_cleaning' });

    await openMenuItem('301-B', '301', 'Block bed…');
    const dialog = await screen.findByRole('dialog', { name: 'Block bed 301-B' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Block bed' }));
    expect(within(dialog).getByText('Say why the bed is blocked.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/^Reason/), {
      target: { value: 'Mattress torn' },
    });
    fireEvent.change(within(dialog).getByLabelText(/Expected back in service/), {
      target: { value: '2026-12-06T09:30' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Block bed' }));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const block = api.calls.filter((c) => c.method === 'POST')[1];
    expect(block?.body).toEqual({
      action: 'block',
      reason: 'Mattress torn',
      expectedUntil: '2026-12-06T14:30:00Z',
    });
    expect(block?.headers['if-match']).toBe('"2"');
  });

  it('offers only what the role may do', async () => {
    answerBoard(() => aBoard(), undefined, makeMe({ roles: ['front_desk'] }));
    renderApp('/beds');
    fireEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Actions for bed 301-A, room 301' },
        { timeout: 10_000 },
      ),
    );
    const items = await screen.findAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['Open stay']);
    expect(screen.queryByRole('button', { name: 'Actions for bed 302-B, room 302' })).toBeNull();
    expect((await cardOf('301-A', '301', 'Occupied')).getAttribute('draggable')).toBeNull();
  });

  it('points administrators to ward setup when the facility has no wards', async () => {
    answerBoard(() => aBoard([]), undefined, {
      ...makeMe({ roles: ['admin'], mfaEnrolled: true }),
    });
    renderApp('/beds');
    expect(
      await screen.findByText(
        'No wards are set up for this facility yet.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Set up wards and beds' }).getAttribute('href')).toBe(
      '/admin/wards',
    );
  });
});
