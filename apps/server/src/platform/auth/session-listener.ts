import pg from 'pg';

/** The channel on which every instance hears that sessions or users changed. */
export const sessionChangedChannel = 'meridian_session_changed';

export interface ChangeListener {
  /** True while the LISTEN connection is up (notifications are being heard). */
  readonly isListening: boolean;
  close(): Promise<void>;
}

export interface ChangeListenerOptions {
  clientConfig: pg.ClientConfig;
  channel: string;
  onNotify(payload: string): void;
  /** Called with false when the connection drops and true once it listens again. */
  onListeningChange(isListening: boolean): void;
  /** Milliseconds before the first reconnect attempt; doubles up to 30 s. */
  retryMs?: number;
}

const maxRetryMs = 30_000;

/**
 * A dedicated PostgreSQL connection that LISTENs on one channel and reconnects with backoff
 * when it drops. Its own connection, not a pool client: a pooled client would be handed to
 * queries, and LISTEN only hears while the session stays open.
 */
export async function startChangeListener(opts: ChangeListenerOptions): Promise<ChangeListener> {
  const firstRetryMs = opts.retryMs ?? 500;
  let client: pg.Client | null = null;
  let isListening = false;
  let isClosed = false;
  let retryMs = firstRetryMs;
  let retryTimer: NodeJS.Timeout | null = null;

  const setListening = (value: boolean) => {
    if (isListening === value) return;
    isListening = value;
    opts.onListeningChange(value);
  };

  const scheduleReconnect = () => {
    if (isClosed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  const dropped = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    setListening(false);
    c.removeAllListeners('notification');
    // The broken connection is ended quietly; a new one is made after the backoff.
    c.end().catch(() => undefined);
    scheduleReconnect();
  };

  async function connect(): Promise<void> {
    if (isClosed) return;
    const c = new pg.Client(opts.clientConfig);
    client = c;
    c.on('error', () => dropped(c));
    c.on('end', () => dropped(c));
    c.on('notification', (msg) => {
      if (msg.channel === opts.channel) opts.onNotify(msg.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(opts.channel)}`);
      if (isClosed) {
        await c.end();
        return;
      }
      retryMs = firstRetryMs;
      setListening(true);
    } catch {
      dropped(c);
    }
  }

  await connect();
  return {
    get isListening() {
      return isListening;
    },
    async close() {
      isClosed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const c = client;
      client = null;
      setListening(false);
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
