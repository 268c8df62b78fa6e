import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedBoardEvent, type BedBoardEvent } from '@meridian/contracts';
import { createWard, type WardScene } from '../../../../test/admissions-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import {
  createTestContext,
  testEncryptionKey,
  type TestContext,
} from '../../../../test/harness.js';
import { createClinic } from '../../../../test/scheduling-factories.js';
import { buildApp, type App } from '../../../app.js';
import { createDatabase, type Database } from '../../../platform/db.js';
import { createPlatform } from '../../../platform/platform.js';
import { changeBedState } from '../beds/bed-state.js';

// Two server instances (two apps, two platforms, two pools, two LISTEN connections) on one
// database, as behind a load balancer, each listening on a real port: SSE needs a socket.

let ctx: TestContext;
let second: { app: App; database: Database };
let urlA: string;
let urlB: string;
let facilityId: string;
let otherFacilityId: string;
let ward: WardScene;
let otherWard: WardScene;
let nurse: { cookie: string };

beforeAll(async () => {
  ctx = await createTestContext();
  const url = ctx.platform.config.DATABASE_URL;
  if (!url) throw new Error('the test database has no URL');
  const database = createDatabase(url, { max: 5 });
  const platform = createPlatform({
    config: ctx.platform.config,
    database,
    clock: ctx.clock,
    encryptionKey: testEncryptionKey,
  });
  second = { app: await buildApp(platform, { logger: false, serveWeb: false }), database };
  urlA = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  urlB = await second.app.listen({ port: 0, host: '127.0.0.1' });
  facilityId = (await createClinic(ctx.platform)).facilityId;
  otherFacilityId = (await createClinic(ctx.platform)).facilityId;
  ward = await createWard(ctx.platform, { facilityId, rooms: 2 });
  otherWard = await createWard(ctx.platform, { facilityId: otherFacilityId, rooms: 1 });
  nurse = await signedInStaff(ctx.platform, {
    roles: ['nurse'],
    facilityIds: [facilityId, otherFacilityId],
  });
});
afterAll(async () => {
  // Tricky: Node's fetch (undici) opens a spare connection that never sends a request, and
  // server.close() waits for it until the headers timeout. Nothing of ours is left open.
  ctx.app.server.closeAllConnections();
  second.app.server.closeAllConnections();
  await second.app.close();
  await second.database.close();
  await ctx.close();
});

interface SseMessage {
  event: string | null;
  data: string;
}

/** An open board: the raw SSE stream read into messages, as a browser's EventSource would. */
interface Board {
  messages: SseMessage[];
  /** Resolves with the first message (from now on or already read) matching, or rejects. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  ended: Promise<void>;
  close(): void;
}

async function openBoard(
  base: string,
  cookie: string,
  facility = facilityId,
  path = '/api/v1/bed-board/events',
): Promise<Board> {
  const abort = new AbortController();
  const res = await fetch(`${base}${path}?facilityId=${facility}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) {
    throw new Error(`the stream answered ${res.status}: ${await res.text()}`);
  }
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = block.find((l) => l.startsWith('event: '))?.slice(7) ?? null;
          const data = block
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (event !== null || data !== '') messages.push({ event, data });
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted
    } finally {
      for (const w of waiters) w();
    }
  })();
  let isEnded = false;
  void ended.then(() => {
    isEnded = true;
  });
  return {
    messages,
    ended,
    close: () => abort.abort(),
    next(match, timeoutMs = 2_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (isEnded) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error('the stream ended first'));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

const bedsEvent = (m: SseMessage): BedBoardEvent | null =>
  m.event === 'beds' ? bedBoardEvent.parse(JSON.parse(m.data)) : null;
const naming = (bedId: string) => (m: SseMessage) => bedsEvent(m)?.bedIds.includes(bedId) ?? false;

async function liveConnections(): Promise<number> {
  const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'meridian-live'`,
  );
  return rows[0]?.n ?? 0;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('the live board across two instances', () => {
  it('pushes a change made through instance A to a board open on instance B within 2 s', async () => {
    const board = await openBoard(urlB, nurse.cookie);
    try {
      const bed = ward.beds[0]!;
      const started = Date.now();
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/beds/${bed.id}/state`,
        headers: { cookie: nurse.cookie, 'if-match': '"1"' },
        payload: { action: 'mark_dirty' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const m = await board.next(naming(bed.id), 2_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(bedsEvent(m)).toMatchObject({ facilityId, wardIds: [ward.ward.id], bedIds: [bed.id] });
      // Ids only: nothing else rides on the stream.
      expect(Object.keys(JSON.parse(m.data) as object).sort()).toEqual([
        'at',
        'bedIds',
        'facilityId',
        'wardIds',
      ]);
    } finally {
      board.close();
    }
  });

  it('streams the same events to housekeeping, who may not open the board stream', async () => {
    const housekeeper = await signedInStaff(ctx.platform, {
      roles: ['housekeeping'],
      facilityIds: [facilityId],
    });
    const refused = await fetch(`${urlA}/api/v1/bed-board/events?facilityId=${facilityId}`, {
      headers: { cookie: housekeeper.cookie },
    });
    expect(refused.status).toBe(403);
    const list = await openBoard(
      urlB,
      housekeeper.cookie,
      facilityId,
      '/api/v1/bed-board/housekeeping/events',
    );
    try {
      const bed = ward.beds[1]!;
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/beds/${bed.id}/state`,
        headers: { cookie: housekeeper.cookie, 'if-match': `"${bed.version}"` },
        payload: { action: 'mark_dirty' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const m = await list.next(naming(bed.id), 2_000);
      expect(bedsEvent(m)).toMatchObject({ facilityId, bedIds: [bed.id] });
    } finally {
      list.close();
    }
  });

  it('coalesces the changes of one moment into one event, and sends other facilities nothing', async () => {
    const board = await openBoard(urlA, nurse.cookie);
    const other = await openBoard(urlB, nurse.cookie, otherFacilityId);
    try {
      const [b1, b2] = [ward.beds[1]!, ward.beds[2]!];
      await ctx.platform.db.transaction(async (tx) => {
        for (const bedId of [b1.id, b2.id]) {
          await changeBedState(tx, {
            bedId,
            action: 'block',
            at: ctx.clock.now(),
            actorUserId: null,
            reason: 'Deep clean of the bay',
          });
        }
      });
      const m = await board.next(naming(b1.id));
      expect(bedsEvent(m)?.bedIds.sort()).toEqual([b1.id, b2.id].sort());
      await new Promise((r) => setTimeout(r, 400));
      expect(board.messages.filter((x) => x.event === 'beds')).toHaveLength(1);
      expect(JSON.stringify(board.messages)).not.toContain('Deep clean');

      const elsewhere = otherWard.beds[0]!;
      await changeBedState(ctx.platform.db, {
        bedId: elsewhere.id,
        action: 'mark_dirty',
        at: ctx.clock.now(),
        actorUserId: null,
      });
      await other.next(naming(elsewhere.id));
      await new Promise((r) => setTimeout(r, 300));
      expect(board.messages.some(naming(elsewhere.id))).toBe(false);
    } finally {
      board.close();
      other.close();
    }
  });

  it('tells every board to refetch all wards after the LISTEN connection was lost', async () => {
    const board = await openBoard(urlB, nurse.cookie);
    try {
      await ctx.platform.database.pool.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and application_name = 'meridian-live'`,
      );
      const m = await board.next((x) => bedsEvent(x)?.bedIds.length === 0, 5_000);
      expect(bedsEvent(m)?.wardIds).toEqual([ward.ward.id]);
      // And it listens again: the next change arrives as usual.
      const bed = ward.beds[3]!;
      await changeBedState(ctx.platform.db, {
        bedId: bed.id,
        action: 'mark_dirty',
        at: ctx.clock.now(),
        actorUserId: null,
      });
      await board.next(naming(bed.id));
    } finally {
      board.close();
    }
  });
});

describe('who may keep a stream', () => {
  it('closes the stream when its session signs out (on the other instance)', async () => {
    const user = await signedInStaff(ctx.platform, { roles: ['nurse'], facilityIds: [facilityId] });
    const board = await openBoard(urlB, user.cookie);
    const logout = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: user.cookie },
    });
    expect(logout.statusCode).toBe(204);
    await board.next((m) => m.event === 'end');
    const closed = await Promise.race([
      board.ended.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 2_000)),
    ]);
    expect(closed).toBe(true);
    const again = await fetch(`${urlB}/api/v1/bed-board/events?facilityId=${facilityId}`, {
      headers: { cookie: user.cookie },
    });
    expect(again.status).toBe(401);
  });

  it('keeps the streams of other sessions open', async () => {
    const leaver = await signedInStaff(ctx.platform, {
      roles: ['nurse'],
      facilityIds: [facilityId],
    });
    const stayer = await openBoard(urlA, nurse.cookie);
    const board = await openBoard(urlA, leaver.cookie);
    try {
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: leaver.cookie },
      });
      await board.ended;
      const bed = ward.beds[0]!;
      await changeBedState(ctx.platform.db, {
        bedId: bed.id,
        action: 'start_cleaning',
        at: ctx.clock.now(),
        actorUserId: null,
      });
      await stayer.next(naming(bed.id));
    } finally {
      stayer.close();
    }
  });

  it('caps the streams one session may hold', async () => {
    const user = await signedInStaff(ctx.platform, { roles: ['nurse'], facilityIds: [facilityId] });
    const boards = await Promise.all(
      Array.from({ length: 32 }, () => openBoard(urlA, user.cookie)),
    );
    try {
      const res = await fetch(`${urlA}/api/v1/bed-board/events?facilityId=${facilityId}`, {
        headers: { cookie: user.cookie },
      });
      expect(res.status).toBe(429);
      expect(await res.json()).toMatchObject({ code: 'request.rate_limited' });
      boards[0]!.close();
      // Once one is closed, there is room again.
      expect(
        await eventually(async () => {
          const r = await fetch(`${urlA}/api/v1/bed-board/events?facilityId=${facilityId}`, {
            headers: { cookie: user.cookie },
          });
          await r.body?.cancel();
          return r.status === 200;
        }),
      ).toBe(true);
    } finally {
      for (const b of boards) b.close();
    }
  });

  it.each([
    ['without a session', null, 401],
    ['for housekeeping (no admission.read)', 'housekeeping', 403],
  ] as const)('refuses a stream %s', async (_what, role, status) => {
    const cookie = role
      ? (await signedInStaff(ctx.platform, { roles: [role], facilityIds: [facilityId] })).cookie
      : '';
    const res = await fetch(`${urlA}/api/v1/bed-board/events?facilityId=${facilityId}`, {
      headers: cookie ? { cookie } : {},
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a facility the user does not work in', async () => {
    const user = await signedInStaff(ctx.platform, { roles: ['nurse'], facilityIds: [facilityId] });
    const res = await fetch(`${urlA}/api/v1/bed-board/events?facilityId=${otherFacilityId}`, {
      headers: { cookie: user.cookie },
    });
    expect(res.status).toBe(403);
  });

  it('lets go of the LISTEN connections once every board has closed', async () => {
    const a = await openBoard(urlA, nurse.cookie);
    const b = await openBoard(urlB, nurse.cookie);
    expect(await liveConnections()).toBe(2);
    a.close();
    b.close();
    expect(await eventually(async () => (await liveConnections()) === 0)).toBe(true);
  });
});
