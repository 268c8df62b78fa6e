/**
 * A small in-process cache of resolved sessions, so that an authenticated request need not
 * always ask PostgreSQL. It only ever serves an entry for a few seconds, and only while the
 * instance hears change notifications (see session-listener.ts); any change made here or
 * elsewhere drops the affected entries at once.
 *
 * Tricky: a change is made inside a transaction, but its NOTIFY only arrives after commit.
 * Between the change and that arrival another request may read the old, still committed
 * row. So a local change leaves a tombstone on the session or user for a while: nothing
 * about them is cached until it lapses. And a load that began before any invalidation
 * is not stored (the generation counter moved on).
 */
export interface SessionCache<T extends { userId: string }> {
  get(sessionId: string): T | undefined;
  /** Call before reading from the database; pass the result to `put`. */
  beginLoad(): number;
  put(sessionId: string, value: T, loadGeneration: number): void;
  /** A change made by this instance, not yet committed: drop and hold off caching. */
  invalidateSessionLocally(sessionId: string): void;
  invalidateUserLocally(userId: string): void;
  /** A committed change heard from PostgreSQL (this or another instance). */
  invalidateSession(sessionId: string): void;
  invalidateUser(userId: string): void;
  /** Off while change notifications cannot be heard; turning it on or off empties it. */
  setEnabled(isEnabled: boolean): void;
  readonly size: number;
}

export interface SessionCacheOptions {
  /** How long an entry may be served after it was read from the database. */
  ttlMs: number;
  maxEntries?: number;
  /** How long a local change keeps its session or user out of the cache. */
  tombstoneMs?: number;
  /** Monotonic milliseconds; injectable for tests. */
  nowMs?: () => number;
}

interface Entry<T> {
  value: T;
  loadedAtMs: number;
}

export function createSessionCache<T extends { userId: string }>(
  opts: SessionCacheOptions,
): SessionCache<T> {
  const nowMs = opts.nowMs ?? (() => performance.now());
  const maxEntries = opts.maxEntries ?? 10_000;
  const tombstoneMs = opts.tombstoneMs ?? 10_000;
  const entries = new Map<string, Entry<T>>();
  const tombstones = new Map<string, number>();
  let generation = 0;
  let isEnabled = false;

  const isTombstoned = (key: string, at: number): boolean => {
    const until = tombstones.get(key);
    if (until === undefined) return false;
    if (until > at) return true;
    tombstones.delete(key);
    return false;
  };

  const addTombstone = (key: string) => {
    const at = nowMs();
    // Local changes are rare: sweeping lapsed tombstones here keeps the map small.
    for (const [k, until] of tombstones) if (until <= at) tombstones.delete(k);
    tombstones.set(key, at + tombstoneMs);
  };
  const dropSession = (sessionId: string) => {
    generation += 1;
    entries.delete(sessionId);
  };
  const dropUser = (userId: string) => {
    generation += 1;
    for (const [id, entry] of entries) if (entry.value.userId === userId) entries.delete(id);
  };

  return {
    get(sessionId) {
      if (!isEnabled || opts.ttlMs <= 0) return undefined;
      const entry = entries.get(sessionId);
      if (!entry) return undefined;
      if (nowMs() - entry.loadedAtMs >= opts.ttlMs) {
        entries.delete(sessionId);
        return undefined;
      }
      return entry.value;
    },
    beginLoad: () => generation,
    put(sessionId, value, loadGeneration) {
      if (!isEnabled || opts.ttlMs <= 0 || loadGeneration !== generation) return;
      const at = nowMs();
      if (isTombstoned(`s:${sessionId}`, at) || isTombstoned(`u:${value.userId}`, at)) return;
      entries.delete(sessionId);
      if (entries.size >= maxEntries) {
        // Maps iterate in insertion order: the first key is the oldest entry.
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(sessionId, { value, loadedAtMs: at });
    },
    invalidateSessionLocally(sessionId) {
      dropSession(sessionId);
      addTombstone(`s:${sessionId}`);
    },
    invalidateUserLocally(userId) {
      dropUser(userId);
      addTombstone(`u:${userId}`);
    },
    invalidateSession: dropSession,
    invalidateUser: dropUser,
    setEnabled(value) {
      generation += 1;
      isEnabled = value;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
