import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BedBoardEvent, Permission } from '@meridian/contracts';
import { sessionChangedChannel } from '../../../platform/auth/session-listener.js';
import { AppError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { findWardIds } from './board.repository.js';
import { requireFacility } from './board.service.js';

/** The channel migration 0300's triggers notify: {facilityId, wardId, bedId}, at commit. */
export const bedBoardChannel = 'bed_board';

export interface BoardFeedOptions {
  /** Changes of one facility within this window go out as one event. */
  coalesceMs: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** The stream's session is read again this often (without extending it). */
  sessionCheckMs: number;
  maxStreamsPerSession: number;
}

export const defaultBoardFeedOptions: BoardFeedOptions = {
  coalesceMs: 150,
  heartbeatMs: 20_000,
  sessionCheckMs: 60_000,
  // A browser needs one or two; bench/ opens 25 boards per signed-in instance.
  maxStreamsPerSession: 32,
};

/** Beyond this much unsent output the client is not reading: the stream is dropped. */
const maxBufferedBytes = 256 * 1024;

interface Stream {
  facilityId: string;
  /** The permission the stream was opened under; the re-check asks for it again. */
  permission: Permission;
  sessionId: string;
  userId: string;
  raw: ServerResponse;
  timers: NodeJS.Timeout[];
}

interface Batch {
  wardIds: Set<string>;
  bedIds: Set<string>;
  timer: NodeJS.Timeout;
}

export interface BoardFeed {
  /** Answers the request with a Server-Sent Events stream of the facility's bed changes. */
  /**
   * Streams `facilityId`'s bed changes to the request. `permission` is the route's (the
   * board's admission.read, the housekeeping list's bed.housekeeping): the events carry ids
   * only, and the stream lasts while the session still holds it.
   */
  open(
    request: FastifyRequest,
    reply: FastifyReply,
    facilityId: string,
    permission: Permission,
  ): Promise<void>;
  /** Ends every stream (the app is closing). */
  closeAll(): void;
}

function parseChange(
  payload: string,
): { facilityId: string; wardId: string; bedId: string } | null {
  try {
    const v = JSON.parse(payload) as Record<string, unknown>;
    const { facilityId, wardId, bedId } = v;
    if (typeof facilityId !== 'string' || typeof wardId !== 'string' || typeof bedId !== 'string') {
      return null;
    }
    return { facilityId, wardId, bedId };
  } catch {
    return null;
  }
}

/**
 * The live bed board of this app: SSE streams per facility, fed by the platform's LISTEN
 * hub. Notifications of one facility are coalesced for `coalesceMs` into one `beds` event
 * (ids only). When the hub reconnects, notifications may have been lost: every stream gets
 * an event naming all its facility's wards, so clients refetch the whole board. A stream
 * ends when its session ends, is revoked or loses the board (session change notifications
 * trigger a check; a timer catches idle expiry).
 */
export function createBoardFeed(
  platform: Platform,
  opts: BoardFeedOptions = defaultBoardFeedOptions,
): BoardFeed {
  const byFacility = new Map<string, Set<Stream>>();
  const perSession = new Map<string, number>();
  const batches = new Map<string, Batch>();
  let unsubscribe: (() => void) | null = null;
  let subscribing: Promise<void> | null = null;

  const allStreams = () => [...byFacility.values()].flatMap((s) => [...s]);

  const send = (s: Stream, chunk: string) => {
    if (s.raw.writableEnded || s.raw.destroyed) return;
    if (s.raw.writableLength > maxBufferedBytes) {
      close(s);
      return;
    }
    s.raw.write(chunk);
  };

  const emit = (facilityId: string, event: BedBoardEvent) => {
    const chunk = `event: beds\ndata: ${JSON.stringify(event)}\n\n`;
    for (const s of byFacility.get(facilityId) ?? []) send(s, chunk);
  };

  const flush = (facilityId: string) => {
    const batch = batches.get(facilityId);
    batches.delete(facilityId);
    if (!batch) return;
    emit(facilityId, {
      facilityId,
      wardIds: [...batch.wardIds],
      bedIds: [...batch.bedIds],
      at: platform.clock.now().toISOString(),
    });
  };

  const onBedChange = (payload: string) => {
    const change = parseChange(payload);
    if (!change || !byFacility.has(change.facilityId)) return;
    let batch = batches.get(change.facilityId);
    if (!batch) {
      const timer = setTimeout(() => flush(change.facilityId), opts.coalesceMs);
      batch = { wardIds: new Set(), bedIds: new Set(), timer };
      batches.set(change.facilityId, batch);
    }
    batch.wardIds.add(change.wardId);
    batch.bedIds.add(change.bedId);
  };

  const resync = () => {
    for (const facilityId of byFacility.keys()) {
      findWardIds(platform.database.pool, facilityId)
        .then((wardIds) =>
          emit(facilityId, {
            facilityId,
            wardIds,
            bedIds: [],
            at: platform.clock.now().toISOString(),
          }),
        )
        .catch(() => undefined);
    }
  };

  /** Ends the stream unless its session still may see this facility's board. */
  const recheck = async (s: Stream) => {
    const lookup = await platform.sessions.peek(s.sessionId).catch(() => null);
    // A failed read (database briefly away) keeps the stream; the next check decides.
    if (lookup === null) return;
    const p = lookup.ok ? lookup.principal : null;
    const mayStay =
      p !== null &&
      p.sessionState === 'active' &&
      p.permissions.has(s.permission) &&
      p.facilityIds.includes(s.facilityId);
    if (!mayStay) {
      send(s, 'event: end\ndata: {"reason":"session_ended"}\n\n');
      close(s);
    }
  };

  const onSessionChange = (payload: string) => {
    const [kind, id] = [payload.slice(0, 2), payload.slice(2)];
    for (const s of allStreams()) {
      if ((kind === 's:' && s.sessionId === id) || (kind === 'u:' && s.userId === id)) {
        void recheck(s);
      } else if (kind !== 's:' && kind !== 'u:') void recheck(s);
    }
  };

  const ensureSubscribed = async () => {
    if (unsubscribe) return;
    subscribing ??= (async () => {
      const offBeds = await platform.live.subscribe(bedBoardChannel, {
        onNotify: onBedChange,
        onResync: resync,
      });
      const offSessions = await platform.live.subscribe(sessionChangedChannel, {
        onNotify: onSessionChange,
        onResync: () => {
          for (const s of allStreams()) void recheck(s);
        },
      });
      unsubscribe = () => {
        offBeds();
        offSessions();
      };
    })().finally(() => {
      subscribing = null;
    });
    await subscribing;
  };

  function close(s: Stream) {
    for (const t of s.timers) clearInterval(t);
    s.timers = [];
    const set = byFacility.get(s.facilityId);
    if (set?.delete(s)) {
      const n = (perSession.get(s.sessionId) ?? 1) - 1;
      if (n > 0) perSession.set(s.sessionId, n);
      else perSession.delete(s.sessionId);
      if (set.size === 0) {
        byFacility.delete(s.facilityId);
        const batch = batches.get(s.facilityId);
        if (batch) clearTimeout(batch.timer);
        batches.delete(s.facilityId);
      }
    }
    if (!s.raw.writableEnded) s.raw.end();
    if (byFacility.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = null;
    }
  }

  return {
    async open(request, reply, facilityId, permission) {
      const principal = request.principal;
      await requireFacility(platform, principal, facilityId, 'bed_board_events');
      if (!principal) throw new AppError('auth.unauthenticated', 'sign in to continue');
      const open = perSession.get(principal.sessionId) ?? 0;
      if (open >= opts.maxStreamsPerSession) {
        throw new AppError(
          'request.rate_limited',
          `this session already has ${open} board streams open; close one first`,
        );
      }
      perSession.set(principal.sessionId, open + 1);
      const s: Stream = {
        facilityId,
        permission,
        sessionId: principal.sessionId,
        userId: principal.userId,
        raw: reply.raw,
        timers: [],
      };
      let set = byFacility.get(facilityId);
      if (!set) {
        set = new Set();
        byFacility.set(facilityId, set);
      }
      set.add(s);
      try {
        await ensureSubscribed();
      } catch (err) {
        close(s);
        throw err;
      }
      reply.hijack();
      reply.raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      // The reconnect delay the browser's EventSource waits after a drop.
      reply.raw.write('retry: 2000\n: connected\n\n');
      // The response's close, not the request's: it fires when the client goes away.
      reply.raw.on('close', () => close(s));
      if (reply.raw.destroyed) close(s);
      s.timers.push(
        setInterval(() => send(s, ': heartbeat\n\n'), opts.heartbeatMs),
        setInterval(() => void recheck(s), opts.sessionCheckMs),
      );
    },

    closeAll() {
      for (const s of allStreams()) close(s);
    },
  };
}
