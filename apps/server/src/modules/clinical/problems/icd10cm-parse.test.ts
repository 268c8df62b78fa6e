import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectIcd10cmLayout, Icd10cmParser } from './icd10cm-parse.js';
import { codePrefixOf, wordsTsquery } from './icd10cm-query.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').split('\n');

function parse(lines: readonly string[]): Icd10cmParser {
  const parser = new Icd10cmParser();
  for (const line of lines) parser.push(line);
  return parser;
}

describe('reading ICD-10-CM release files', () => {
  it('reads the TSV layout we ship, dotting codes after the third character', () => {
    const p = parse(fixture('icd10cm-sample.tsv'));
    expect(p.problems).toEqual([]);
    expect(p.layout).toBe('tsv');
    expect(p.rows).toHaveLength(16);
    expect(p.rows[0]).toEqual({
      code: 'A00',
      billable: false,
      shortDescription: 'Cholera',
      longDescription: 'Cholera',
      tabularOrder: 1,
    });
    expect(p.rows.find((r) => r.code === 'E11.22')).toMatchObject({
      billable: true,
      shortDescription: 'Type 2 diabetes mellitus w diabetic chronic kidney disease',
      longDescription: 'Type 2 diabetes mellitus with diabetic chronic kidney disease',
    });
    expect(p.rows.map((r) => r.code)).toContain('Z3A.01');
  });

  it('reads the CMS/CDC order file: fixed width, CRLF, order numbers kept', () => {
    const p = parse(fixture('icd10cm_order_2023-sample.txt'));
    expect(p.problems).toEqual([]);
    expect(p.layout).toBe('order');
    expect(p.rows).toHaveLength(12);
    expect(p.rows.find((r) => r.code === 'E11.A')).toEqual({
      code: 'E11.A',
      billable: true,
      shortDescription: 'Type 2 diabetes mellitus without complications in remission',
      longDescription: 'Type 2 diabetes mellitus without complications in remission',
      tabularOrder: 8,
    });
    expect(p.rows.find((r) => r.code === 'J45')?.billable).toBe(false);
  });

  it('tells the layouts apart by the first line', () => {
    expect(detectIcd10cmLayout('code\tbillable\tshort_description\tlong_description')).toBe('tsv');
    expect(detectIcd10cmLayout(`00001 A00     0 ${'Cholera'.padEnd(60)} Cholera`)).toBe('order');
    expect(detectIcd10cmLayout('A00,Cholera')).toBeNull();
  });

  it('names every bad line instead of stopping at the first', () => {
    const p = parse([
      'code\tbillable\tshort_description\tlong_description',
      'E119\t1\tType 2 diabetes\tType 2 diabetes mellitus without complications',
      'E11.9\t1\tdotted\tdotted codes are not the layout',
      'E1165\tyes\tbad flag\tbad flag',
      '119\t1\tno letter\tno letter',
      'E119\t1\tagain\tagain',
      'I10\t1\t\tno short description',
    ]);
    expect(p.problems.map((x) => x.line)).toEqual([3, 4, 5, 6, 7]);
    expect(p.problems[1]?.message).toMatch(/billable must be 1 or 0/);
    expect(p.problems[3]?.message).toBe('E11.9 appears twice');
  });

  it('refuses a file whose header lacks a required column', () => {
    const p = parse(['code\tbillable\tdescription', 'E119\t1\tx']);
    expect(p.problems).toEqual([
      { line: 1, message: 'the header has no column short_description' },
      {
        line: 1,
        message: 'the header has no column long_description',
      },
    ]);
    expect(p.rows).toEqual([]);
  });

  it('refuses a file that is neither layout', () => {
    const p = parse(['hello', 'world']);
    expect(p.layout).toBeNull();
    expect(p.problems).toHaveLength(1);
  });
});

describe('reading a search query', () => {
  it.each([
    ['E11', 'E11'],
    ['e11.6', 'E116'],
    ['E1165', 'E1165'],
    [' z3a ', 'Z3A'],
    ['E', 'E'],
    ['diabetes', null],
    ['E1.16', null],
    ['11', null],
    ['E11 diabetes', null],
  ])('%s is the code prefix %s', (q, expected) => {
    expect(codePrefixOf(q)).toBe(expected);
  });

  it('matches words of 3+ characters as prefixes, shorter ones whole', () => {
    expect(
      wordsTsquery([
        { token: 'ckd', isKnownPrefix: true, alternatives: [] },
        { token: 'stage', isKnownPrefix: true, alternatives: [] },
        { token: '3', isKnownPrefix: true, alternatives: [] },
      ]),
    ).toBe("'ckd':* & 'stage':* & '3':*");
    expect(
      wordsTsquery([
        { token: 'diab', isKnownPrefix: true, alternatives: [] },
        { token: 'type', isKnownPrefix: true, alternatives: [] },
        { token: '2', isKnownPrefix: true, alternatives: [] },
        { token: 'ki', isKnownPrefix: true, alternatives: [] },
      ]),
    ).toBe("'diab':* & 'type':* & '2' & 'ki'");
  });

  it('offers the nearest words for a typo and quotes what it writes', () => {
    expect(
      wordsTsquery([
        { token: 'diabetis', isKnownPrefix: false, alternatives: ['diabetic', 'diabetes'] },
        { token: "o'brien", isKnownPrefix: true, alternatives: [] },
      ]),
    ).toBe("('diabetic':* | 'diabetes':*) & 'o''brien':*");
  });

  it('finds nothing when a word matches nothing', () => {
    expect(wordsTsquery([{ token: 'zzzq', isKnownPrefix: false, alternatives: [] }])).toBeNull();
    expect(wordsTsquery([])).toBeNull();
  });
});
