import { describe, expect, it } from 'vitest';
import { mrnFromSequence } from '@meridian/contracts';
import { findDate, identifierValueKey, isEmptyQuery, parseSearchQuery } from './query-parser.js';

const today = '2026-01-15';
const parse = (q: string) => parseSearchQuery(q, today);

describe('dates of birth', () => {
  it.each([
    ['1980-03-04', '1980-03-04'],
    ['1980/3/4', '1980-03-04'],
    ['03/04/1980', '1980-03-04'],
    ['3/4/1980', '1980-03-04'],
    ['3/4/80', '1980-03-04'],
    ['03-04-1980', '1980-03-04'],
    ['04.03.1980', '1980-03-04'],
    ['4.3.80', '1980-03-04'],
    ['4 Mar 1980', '1980-03-04'],
    ['4-Mar-1980', '1980-03-04'],
    ['4th March 1980', '1980-03-04'],
    ['March 4, 1980', '1980-03-04'],
    ['mar 4 1980', '1980-03-04'],
    ['Sept 30, 1975', '1975-09-30'],
    ['13/04/1980', '1980-04-13'],
    ['2/29/2024', '2024-02-29'],
  ])('reads %j as %s', (q, iso) => {
    expect(parse(q)).toMatchObject({ birthDate: iso, names: [], identifier: null });
  });

  it.each([
    ['1/2/26', '2026-01-02'],
    ['1/15/26', '2026-01-15'],
    ['1/20/26', '1926-01-20'],
    ['12/31/25', '2025-12-31'],
    ['1/1/00', '2000-01-01'],
    ['7/4/99', '1999-07-04'],
  ])('pivots the two-digit year of %j so the date is not in the future: %s', (q, iso) => {
    expect(parse(q).birthDate).toBe(iso);
  });

  it.each(['02/30/1980', '2/29/2023', '1980-13-01', '31.04.1990', '0/5/1980'])(
    'rejects %j, which is no calendar date, and searches nothing',
    (q) => {
      const p = parse(q);
      expect(p.birthDate).toBeNull();
      expect(p.rejected).toEqual([q]);
      expect(isEmptyQuery(p)).toBe(true);
    },
  );

  it('never reads a phone number as a date', () => {
    expect(findDate('617-555-0123', today)).toBeNull();
    expect(findDate('(617) 555-0123', today)).toBeNull();
  });
});

describe('identifiers', () => {
  it.each([
    ['10000008', '10000008'],
    ['1000 0008', '10000008'],
    ['1000-0008', '10000008'],
  ])('reads %j as the MRN %s (valid check digit)', (q, mrn) => {
    expect(parse(q).identifier?.mrn).toBe(mrn);
  });

  it('does not read digits with a wrong check digit as an MRN', () => {
    const p = parse('10000009');
    expect(p.identifier).toEqual({ mrn: null, phoneKey: null, valueKey: '10000009' });
  });

  it.each([
    ['(617) 555-0123', '6175550123'],
    ['617-555-0123', '6175550123'],
    ['617.555.0123', '6175550123'],
    ['6175550123', '6175550123'],
    ['+1 617 555 0123', '6175550123'],
    ['1-617-555-0123', '6175550123'],
    ['+44 20 7946 0958', '2079460958'],
  ])('reads %j as the phone key %s', (q, key) => {
    const p = parse(q);
    expect(p.identifier?.phoneKey).toBe(key);
    expect(p.names).toEqual([]);
  });

  it('keeps every reading of a number that could be an MRN or a phone', () => {
    const both = mrnFromSequence(617555012); // ten digits with a valid check digit
    expect(parse(both).identifier).toEqual({ mrn: both, phoneKey: both, valueKey: both });
  });

  it('reads exactly four digits as the last four of an SSN, not a year', () => {
    expect(parse('1234')).toMatchObject({ ssnLast4: '1234', identifier: null, birthDate: null });
  });

  it('reads a word of letters and digits as an external identifier', () => {
    expect(parse('S123-4567-890').identifier).toEqual({
      mrn: null,
      phoneKey: null,
      valueKey: 'S1234567890',
    });
  });

  it('normalizes identifier values as patient_identifier.value_key stores them', () => {
    expect(identifierValueKey(' d12-34 5x ')).toBe('D12345X');
  });
});

describe('names', () => {
  it.each([
    ['john smith', ['john', 'smith']],
    ['Smith John', ['smith', 'john']],
    ['  JOSÉ   garcía ', ['jose', 'garcia']],
    ['Nguyễn Thị', ['nguyen', 'thi']],
    ["O'Brien-Smith", ['obrien', 'smith']],
    ['王小明', ['王小明']],
    ['jo sm', ['jo', 'sm']],
  ])('splits %j into normalized words %j', (q, words) => {
    expect(parse(q)).toMatchObject({ names: words, birthDate: null, identifier: null });
  });

  it.each([
    ['Smith, John', { family: 'smith', given: 'john' }],
    ["O'Brien-Smith, Mary Ann", { family: 'obrien smith', given: 'mary ann' }],
    ['de la Cruz,maria', { family: 'de la cruz', given: 'maria' }],
  ])('reads the comma form %j as family and given', (q, fg) => {
    expect(parse(q).familyGiven).toEqual(fg);
  });

  it('treats a trailing comma as plain words', () => {
    expect(parse('smith,')).toMatchObject({ names: ['smith'], familyGiven: null });
  });

  it('offers a CJK name written without a space as family + given', () => {
    expect(parse('王小明')).toMatchObject({
      joinedName: { family: '王', given: '小明' },
      familyGiven: null,
    });
    expect(parse('王').joinedName).toBeNull();
  });
});

describe('combinations', () => {
  it.each([
    ['smith 1980-03-04', ['smith'], '1980-03-04'],
    ['03/04/1980 john smith', ['john', 'smith'], '1980-03-04'],
    ['Smith March 4, 1980', ['smith'], '1980-03-04'],
    ['smith, john 4.3.1980', ['smith', 'john'], '1980-03-04'],
  ])('reads %j as names %j and date %s', (q, names, iso) => {
    expect(parse(q)).toMatchObject({ names, birthDate: iso });
  });

  it('narrows a name by the last four of an SSN', () => {
    expect(parse('smith 1234')).toMatchObject({ names: ['smith'], ssnLast4: '1234' });
  });

  it('ignores other numbers inside a name query', () => {
    expect(parse('smith 123')).toMatchObject({ names: ['smith'], ssnLast4: null });
  });

  it.each(['', '   ', '---', '12-34'])('finds nothing to search in %j', (q) => {
    expect(isEmptyQuery(parse(q))).toBe(true);
  });
});
