import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './idempotency.js';

describe('the request hash of an idempotent create', () => {
  it('does not depend on the order of keys, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 2, p: 3 }], x: null } };
    const b = { a: { x: null, y: [1, { p: 3, q: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":3,"q":2}]},"b":1}');
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it('tells different bodies apart, including array order and absent versus null', () => {
    expect(requestHash({ ids: [1, 2] })).not.toBe(requestHash({ ids: [2, 1] }));
    expect(requestHash({ a: null })).not.toBe(requestHash({}));
    expect(requestHash({ a: undefined })).toBe(requestHash({}));
    expect(requestHash({ a: '1' })).not.toBe(requestHash({ a: 1 }));
  });
});
