import { describe, expect, it } from 'vitest';
import { createSessionCache } from './session-cache.js';

function setup(ttlMs = 2000) {
  let nowMs = 0;
  const cache = createSessionCache<{ userId: string; n: number }>({
    ttlMs,
    tombstoneMs: 10_000,
    maxEntries: 3,
    nowMs: () => nowMs,
  });
  cache.setEnabled(true);
  return { cache, advance: (ms: number) => (nowMs += ms) };
}

describe('session cache', () => {
  it('serves an entry until its time to live runs out', () => {
    const { cache, advance } = setup();
    cache.put('s1', { userId: 'u1', n: 1 }, cache.beginLoad());
    advance(1999);
    expect(cache.get('s1')?.n).toBe(1);
    advance(1);
    expect(cache.get('s1')).toBeUndefined();
  });

  it('holds nothing while disabled, and empties when switched', () => {
    const { cache } = setup();
    cache.put('s1', { userId: 'u1', n: 1 }, cache.beginLoad());
    cache.setEnabled(false);
    expect(cache.get('s1')).toBeUndefined();
    cache.put('s1', { userId: 'u1', n: 1 }, cache.beginLoad());
    expect(cache.size).toBe(0);
  });

  it('does not store a load that began before an invalidation', () => {
    const { cache } = setup();
    const generation = cache.beginLoad();
    cache.invalidateSession('other');
    cache.put('s1', { userId: 'u1', n: 1 }, generation);
    expect(cache.get('s1')).toBeUndefined();
  });

  it('keeps a locally changed session out until its tombstone lapses', () => {
    const { cache, advance } = setup();
    cache.invalidateSessionLocally('s1');
    cache.put('s1', { userId: 'u1', n: 1 }, cache.beginLoad());
    expect(cache.get('s1')).toBeUndefined();
    advance(10_000);
    cache.put('s1', { userId: 'u1', n: 2 }, cache.beginLoad());
    expect(cache.get('s1')?.n).toBe(2);
  });

  it('drops and holds off every session of a locally changed user', () => {
    const { cache } = setup();
    cache.put('s1', { userId: 'u1', n: 1 }, cache.beginLoad());
    cache.put('s2', { userId: 'u1', n: 2 }, cache.beginLoad());
    cache.put('s3', { userId: 'u2', n: 3 }, cache.beginLoad());
    cache.invalidateUserLocally('u1');
    expect(cache.get('s1')).toBeUndefined();
    expect(cache.get('s2')).toBeUndefined();
    expect(cache.get('s3')?.n).toBe(3);
    cache.put('s1', { userId: 'u1', n: 1 }, cache.beginLoad());
    expect(cache.get('s1')).toBeUndefined();
  });

  it('drops on a heard change without holding off later loads', () => {
    const { cache } = setup();
    cache.put('s1', { userId: 'u1', n: 1 }, cache.beginLoad());
    cache.invalidateUser('u1');
    expect(cache.get('s1')).toBeUndefined();
    cache.put('s1', { userId: 'u1', n: 2 }, cache.beginLoad());
    expect(cache.get('s1')?.n).toBe(2);
  });

  it('evicts the oldest entry when full', () => {
    const { cache } = setup();
    for (const id of ['s1', 's2', 's3', 's4'])
      cache.put(id, { userId: id, n: 0 }, cache.beginLoad());
    expect(cache.size).toBe(3);
    expect(cache.get('s1')).toBeUndefined();
    expect(cache.get('s4')).toBeDefined();
  });
});
