import { describe, expect, it } from 'vitest';
import { areNicknames, nicknames, parseNicknames } from './nicknames.js';

describe('nicknames', () => {
  it('links each name with its nicknames in both directions', () => {
    const map = parseNicknames('robert,rob,bob\r\nbill,william,robert\n');
    expect([...(map.get('robert') ?? [])].sort()).toEqual(['bill', 'bob', 'rob']);
    expect(map.get('bob')?.has('robert')).toBe(true);
  });

  it('does not chain equivalences (bill is robert and william, yet william is not robert)', () => {
    const map = parseNicknames('bill,william,robert\n');
    expect(map.get('william')?.has('robert')).toBeFalsy();
  });

  it('drops punctuation in initials and skips blank lines', () => {
    const map = parseNicknames('casey,k.c.\n\n');
    expect(map.get('kc')?.has('casey')).toBe(true);
    expect(map.has('')).toBe(false);
  });

  it('loads the shipped table with Bob/Robert and Liz/Elizabeth', () => {
    expect(nicknames().size).toBeGreaterThan(1000);
    expect(areNicknames('bob', 'robert')).toBe(true);
    expect(areNicknames('liz', 'elizabeth')).toBe(true);
    expect(areNicknames('elizabeth', 'liz')).toBe(true);
    expect(areNicknames('robert', 'elizabeth')).toBe(false);
  });
});
