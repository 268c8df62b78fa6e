import { describe, expect, it } from 'vitest';
import {
  decodeGrantCursor,
  decodeSeqCursor,
  encodeGrantCursor,
  encodeSeqCursor,
  filterNamesUsed,
  likePrefixPattern,
  lowerBound,
  resolveAuditFilters,
  upperBound,
} from './audit-query.js';

function fieldPathOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    const details = (err as { details?: { errors?: { path: string }[] } }).details;
    return details?.errors?.[0]?.path;
  }
  return undefined;
}

describe('audit time bounds', () => {
  it('reads a date-only from as the start of that UTC day and an instant as exact', () => {
    expect(lowerBound('2026-01-15')).toEqual({ at: '2026-01-15T00:00:00Z', op: '>=' });
    expect(lowerBound('2026-01-15T09:30:00+02:00')).toEqual({
      at: '2026-01-15T09:30:00+02:00',
      op: '>=',
    });
  });

  it('reads a date-only to as the whole UTC day, across month and leap-year ends', () => {
    expect(upperBound('2026-01-15')).toEqual({ at: '2026-01-16T00:00:00.000Z', op: '<' });
    expect(upperBound('2028-02-28')).toEqual({ at: '2028-02-29T00:00:00.000Z', op: '<' });
    expect(upperBound('2026-12-31')).toEqual({ at: '2027-01-01T00:00:00.000Z', op: '<' });
    expect(upperBound('2026-01-15T10:00:00Z')).toEqual({ at: '2026-01-15T10:00:00Z', op: '<=' });
  });

  it('accepts one day as both ends and refuses an end before the start, naming query.to', () => {
    expect(() => resolveAuditFilters({ from: '2026-01-15', to: '2026-01-15' })).not.toThrow();
    expect(fieldPathOf(() => resolveAuditFilters({ from: '2026-01-15', to: '2026-01-14' }))).toBe(
      'query.to',
    );
    expect(
      fieldPathOf(() => resolveAuditFilters({ from: '2026-01-16T00:00:00Z', to: '2026-01-15' })),
    ).toBe('query.to');
  });
});

describe('audit action filter', () => {
  it('treats a trailing dot as a prefix and anything else as exact', () => {
    expect(resolveAuditFilters({ action: 'auth.' }).action).toEqual({
      match: 'prefix',
      value: 'auth.',
    });
    expect(resolveAuditFilters({ action: 'auth.login' }).action).toEqual({
      match: 'exact',
      value: 'auth.login',
    });
  });

  it('escapes LIKE wildcards so underscores match only underscores', () => {
    expect(likePrefixPattern('patient_chart.')).toBe('patient\\_chart.%');
  });

  it('names the filters used, never their values', () => {
    expect(
      filterNamesUsed({ patientId: '0190a0e0-0000-7000-8000-000000000001', to: '2026-01-15' }),
    ).toEqual(['patientId', 'to']);
  });
});

describe('cursors', () => {
  it('round-trips a seq cursor', () => {
    expect(decodeSeqCursor(encodeSeqCursor(12345))).toBe(12345);
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['empty', ''],
    ['zero seq', Buffer.from('seq:0').toString('base64url')],
    ['negative seq', Buffer.from('seq:-4').toString('base64url')],
    ['a grant cursor', encodeGrantCursor(new Date(), '0190a0e0-0000-7000-8000-000000000001')],
    ['padding', `${encodeSeqCursor(5)}==`],
  ])('refuses a seq cursor that is %s with query.cursor', (_label, cursor) => {
    expect(fieldPathOf(() => decodeSeqCursor(cursor))).toBe('query.cursor');
  });

  it('round-trips a grant cursor and refuses a tampered one', () => {
    const at = new Date('2026-01-15T09:00:00.123Z');
    const id = '0190a0e0-0000-7000-8000-000000000001';
    expect(decodeGrantCursor(encodeGrantCursor(at, id))).toEqual({ grantedAt: at, id });
    const tampered = Buffer.from(`grant:${at.toISOString()}|' or 1=1`).toString('base64url');
    expect(fieldPathOf(() => decodeGrantCursor(tampered))).toBe('query.cursor');
    expect(fieldPathOf(() => decodeGrantCursor(encodeSeqCursor(3)))).toBe('query.cursor');
  });
});
