import type pg from 'pg';
import type { Logger } from 'pino';
import type { Platform } from '../platform.js';
import {
  deliverDueMessages,
  type DeliveryOptions,
  type DeliveryTransports,
} from './outbox-delivery.js';
import { outboxNotifyChannel } from './outbox.js';

export interface OutboxWorkerOptions extends Omit<DeliveryOptions, 'logger'> {
  logger: Logger;
  /** Safety net for missed notifications and for retries coming due. */
  pollIntervalMs?: number;
  /** Wait before reconnecting the LISTEN connection after it broke. */
  reconnectDelayMs?: number;
}

export interface OutboxWorker {
  /** Asks for a delivery round now (coalesced with one already running). */
  trigger(): void;
  /** Resolves when no delivery round is running. */
  idle(): Promise<void>;
  /**
   * Stops listening and polling, and waits up to timeoutMs for the round in progress.
   * Messages still being sent after that are retried by any worker once their lease ends.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Delivers outbox messages in this process: right after a business transaction commits
 * (LISTEN on meridian_outbox, which enqueue NOTIFYs), on a poll timer as a safety net, and
 * once at start. Rounds never overlap within a process; across processes the claim's
 * SKIP LOCKED and lease keep each message to one sender.
 *
 * Tricky: LISTEN needs a session-pooled connection; behind PgBouncer in transaction mode
 * notifications do not arrive and delivery falls back to the poll.
 */
export async function startOutboxWorker(
  platform: Pick<Platform, 'db' | 'clock' | 'database'>,
  transports: DeliveryTransports,
  opts: OutboxWorkerOptions,
): Promise<OutboxWorker> {
  const { logger } = opts;
  const batchSize = opts.batchSize ?? 10;
  const delivery: DeliveryOptions = { ...opts, batchSize, logger };
  let stopped = false;
  let round: Promise<void> | null = null;
  let wanted = false;

  const runRounds = async () => {
    do {
      wanted = false;
      try {
        // Keep going while batches come back full: there is more due.
        for (;;) {
          const r = await deliverDueMessages(platform, transports, delivery);
          if (r.claimed + r.lost > 0) logger.info(r, 'outbox delivery round');
          if (stopped || r.claimed + r.lost < batchSize) break;
        }
      } catch (err) {
        logger.error({ err }, 'outbox delivery round failed');
      }
    } while (wanted && !stopped);
  };

  const trigger = () => {
    if (stopped) return;
    if (round) {
      wanted = true;
      return;
    }
    round = runRounds().finally(() => {
      round = null;
    });
  };

  const listener = createListener(platform.database.pool, {
    logger,
    reconnectDelayMs: opts.reconnectDelayMs ?? 5_000,
    onNotify: trigger,
    // Notifications sent while the connection was down are lost: look for due work.
    onReconnect: trigger,
  });
  await listener.start();
  const poll = setInterval(trigger, opts.pollIntervalMs ?? 30_000);
  poll.unref();
  trigger();

  return {
    trigger,
    idle: async () => {
      while (round) await round;
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      clearInterval(poll);
      await listener.stop();
      if (!round) return;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([round, timedOut]);
      clearTimeout(timer);
    },
  };
}

interface ListenerOptions {
  logger: Logger;
  reconnectDelayMs: number;
  onNotify(): void;
  onReconnect(): void;
}

/** A pool connection held for LISTEN, replaced after a delay whenever it breaks. */
function createListener(pool: pg.Pool, o: ListenerOptions) {
  let client: pg.PoolClient | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect()
        .then(() => o.onReconnect())
        .catch((err: unknown) => {
          o.logger.warn({ err }, 'outbox listener reconnect failed; retrying');
          scheduleReconnect();
        });
    }, o.reconnectDelayMs);
    retryTimer.unref();
  };

  const connect = async () => {
    const c = await pool.connect();
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.release(err ?? true);
      if (stopped) return;
      o.logger.warn({ err }, 'outbox listener connection lost; reconnecting');
      scheduleReconnect();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (msg.channel === outboxNotifyChannel) o.onNotify();
    });
    client = c;
    try {
      await c.query(`listen ${outboxNotifyChannel}`);
    } catch (err) {
      // The caller decides whether to retry (reconnect) or fail (start).
      client = null;
      c.release(true);
      throw err;
    }
    if (stopped) lost();
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const c = client;
      client = null;
      // Destroy rather than return it: a pooled connection must not stay subscribed.
      c?.release(true);
      await Promise.resolve();
    },
  };
}
