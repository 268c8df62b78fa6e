import { describe, expect, it } from 'vitest';
import { parseHeadline } from './note-snippet.js';

describe('parseHeadline', () => {
  it('splits marked matches from the text around them', () => {
    expect(parseHeadline('chest \u0001pain\u0002 radiating, \u0001Pain\u0002 since')).toEqual([
      { text: 'chest ', isMatch: false },
      { text: 'pain', isMatch: true },
      { text: ' radiating, ', isMatch: false },
      { text: 'Pain', isMatch: true },
      { text: ' since', isMatch: false },
    ]);
  });

  it('joins lines into one and keeps a text without matches whole', () => {
    expect(parseHeadline('Plan:\nfollow up\n\nin a week')).toEqual([
      { text: 'Plan: follow up in a week', isMatch: false },
    ]);
  });

  it('never leaks a marker when the markers are unbalanced', () => {
    const parts = parseHeadline('a \u0001b\u0002\u0002 c \u0001d');
    expect(parts.map((p) => p.text).join('')).toBe('a b c d');
    expect(parts.at(-1)).toEqual({ text: 'd', isMatch: true });
  });

  it('merges adjacent matches', () => {
    expect(parseHeadline('\u0001heart\u0002\u0001 failure\u0002')).toEqual([
      { text: 'heart failure', isMatch: true },
    ]);
  });
});
