import pg from 'pg';

/** What a subscriber of a channel is told. */
export interface LiveSubscriber {
  /** A notification on the channel (its payload as sent). */
  onNotify(payload: string): void;
  /**
   * The LISTEN connection broke and is back: notifications sent meanwhile were lost, so
   * whatever the subscriber shows must be fetched again.
   */
  onResync(): void;
}

/**
 * This instance's one LISTEN connection, shared by every live feature (bed board, queues):
 * PostgreSQL NOTIFY reaches every server instance, and the hub fans each notification out
 * to the subscribers of its channel in this process.
 */
export interface LiveHub {
  /**
   * Listens on `channel` (connecting when this is the first subscriber) and resolves once
   * notifications on it are heard, or once the first attempt failed (the subscriber then
   * gets onResync when the connection comes up). Returns the unsubscribe function. The
   * connection is closed when the last subscriber leaves.
   */
  subscribe(channel: string, subscriber: LiveSubscriber): Promise<() => void>;
  /** True while the connection is up and listening. */
  readonly isListening: boolean;
  /** Drops every subscriber and the connection. */
  close(): Promise<void>;
}

export interface LiveHubOptions {
  clientConfig: pg.ClientConfig;
  /** Milliseconds before the first reconnect attempt; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told (without payloads) when the connection breaks or cannot be made. */
  onConnectionError?(err: unknown): void;
}

const channelPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Tricky: a dedicated pg.Client, not a pool client: a pooled connection is handed to other
 * queries, and LISTEN only hears while its session stays open. Behind PgBouncer in
 * transaction mode LISTEN does not work at all; point the app at PostgreSQL itself.
 */
export function createLiveHub(opts: LiveHubOptions): LiveHub {
  const firstRetryMs = opts.retryMs ?? 500;
  const maxRetryMs = opts.maxRetryMs ?? 30_000;
  const channels = new Map<string, Set<LiveSubscriber>>();
  let client: pg.Client | null = null;
  let listening = false;
  let connecting: Promise<void> | null = null;
  /** A connection was up before: the next one must tell subscribers to resync. */
  let hasLost = false;
  let retryMs = firstRetryMs;
  let retryTimer: NodeJS.Timeout | null = null;

  const subscriberCount = () => [...channels.values()].reduce((n, s) => n + s.size, 0);

  const scheduleReconnect = () => {
    if (retryTimer || subscriberCount() === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  const dropped = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = null;
    if (listening) hasLost = true;
    listening = false;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    opts.onConnectionError?.(err ?? new Error('live connection ended'));
    scheduleReconnect();
  };

  const quietEnd = async (c: pg.Client) => {
    c.removeAllListeners();
    c.on('error', () => undefined);
    await c.end().catch(() => undefined);
  };

  const resyncAll = () => {
    for (const subs of channels.values()) for (const s of subs) s.onResync();
  };

  async function open(): Promise<void> {
    const c = new pg.Client(opts.clientConfig);
    client = c;
    c.on('error', (err) => dropped(c, err));
    c.on('end', () => dropped(c));
    c.on('notification', (msg) => {
      const subs = channels.get(msg.channel);
      if (!subs) return;
      for (const s of [...subs]) s.onNotify(msg.payload ?? '');
    });
    try {
      await c.connect();
      for (const channel of channels.keys()) await c.query(`listen ${channel}`);
    } catch (err) {
      dropped(c, err);
      return;
    }
    // Closed, or the last subscriber left, while connecting.
    if (client !== c || subscriberCount() === 0) {
      if (client === c) client = null;
      await quietEnd(c);
      return;
    }
    listening = true;
    retryMs = firstRetryMs;
    if (hasLost) {
      hasLost = false;
      resyncAll();
    }
  }

  function connect(): Promise<void> {
    connecting ??= open().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  async function disconnect(): Promise<void> {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const c = client;
    client = null;
    listening = false;
    hasLost = false;
    retryMs = firstRetryMs;
    if (c) await quietEnd(c);
  }

  return {
    get isListening() {
      return listening;
    },

    async subscribe(channel, subscriber) {
      if (!channelPattern.test(channel)) throw new Error(`not a channel name: ${channel}`);
      let subs = channels.get(channel);
      const isNewChannel = !subs;
      if (!subs) {
        subs = new Set();
        channels.set(channel, subs);
      }
      subs.add(subscriber);
      if (connecting) await connecting;
      if (!client && !retryTimer) await connect();
      else if (isNewChannel && client && listening) {
        await client.query(`listen ${channel}`).catch((err: unknown) => {
          // The connection is breaking; the reconnect listens on every channel again.
          opts.onConnectionError?.(err);
        });
      }
      // Down and waiting to retry: this subscriber is told to resync once it is up.
      if (!listening) hasLost = true;
      let isSubscribed = true;
      return () => {
        if (!isSubscribed) return;
        isSubscribed = false;
        subs.delete(subscriber);
        if (subs.size === 0 && channels.get(channel) === subs) channels.delete(channel);
        if (subscriberCount() === 0) void disconnect();
      };
    },

    async close() {
      channels.clear();
      await connecting?.catch(() => undefined);
      await disconnect();
    },
  };
}
