import { describe, expect, it } from 'vitest';
import type { StoredAddress } from '../patients.tables.js';
import { searchKeys } from '../search-keys.js';
import type { MatchInput } from './match.types.js';
import { toFacts, toProbe, type FactsSource } from './match-record.js';
import { compareBirthDates, scoreCandidate } from './scorer.js';
import { jaroWinkler, withinOneEdit } from './similarity.js';
import { agreementWeight, disagreementWeight, thresholds } from './weights.js';
import * as w from './weights.js';

interface Person {
  given: string;
  middle?: string;
  family: string;
  preferred?: string;
  previousFamilies?: string[];
  birthDate: string;
  sex: 'female' | 'male';
  phone?: string;
  ssn?: string;
  email?: string;
  line1?: string;
  postalCode?: string;
  movedFrom?: { line1: string; postalCode: string };
}

const robert: Person = {
  given: 'Robert',
  family: 'Kowalski',
  birthDate: '1980-03-04',
  sex: 'male',
  phone: '+12025550143',
  line1: '12 Oak Street',
  postalCode: '20001',
};

const elizabeth: Person = {
  given: 'Elizabeth',
  family: 'Garcia',
  birthDate: '1975-11-23',
  sex: 'female',
  phone: '+13125550188',
  line1: '400 Lake Shore Drive',
  postalCode: '60611',
};

function address(line1: string, postalCode: string, until?: string): StoredAddress {
  return {
    use: 'home',
    line1,
    city: 'Springfield',
    postalCode,
    country: 'US',
    ...(until ? { until } : {}),
  };
}

/** A stored record as the repository would read it (search keys derived as on write). */
function stored(p: Person, decryptedSsn: string | null = null) {
  const addresses = [
    ...(p.line1 && p.postalCode ? [address(p.line1, p.postalCode)] : []),
    ...(p.movedFrom ? [address(p.movedFrom.line1, p.movedFrom.postalCode, '2020-01-01')] : []),
  ];
  const phones = p.phone ? [{ kind: 'mobile' as const, number: p.phone, preferred: true }] : [];
  const keys = searchKeys({
    name: { given: p.given, middle: p.middle ?? null, family: p.family },
    phones,
    addresses,
  });
  const row: FactsSource = {
    searchGiven: keys.searchGiven,
    searchFamily: keys.searchFamily,
    middleName: p.middle ?? null,
    preferredName: p.preferred ?? null,
    previousNames: (p.previousFamilies ?? []).map((family) => ({ kind: 'maiden', family })),
    birthDate: p.birthDate,
    sexAtBirth: p.sex,
    phoneKeys: keys.phoneKeys,
    ssnLast4: p.ssn ? p.ssn.slice(-4) : null,
    email: p.email ?? null,
    addresses,
  };
  return toFacts(row, decryptedSsn);
}

function typed(p: Person): MatchInput {
  return {
    name: { given: p.given, family: p.family, ...(p.middle ? { middle: p.middle } : {}) },
    birthDate: p.birthDate,
    sexAtBirth: p.sex,
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.ssn ? { ssn: p.ssn } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(p.line1 ? { address: { line1: p.line1, postalCode: p.postalCode } } : {}),
    limit: 5,
  };
}

function score(input: Person, record: Person, decryptedSsn: string | null = null) {
  return scoreCandidate(toProbe(typed(input)), stored(record, decryptedSsn));
}

function rules(result: ReturnType<typeof score>): string[] {
  return result.reasons.map((r) => `${r.field}:${r.rule}`);
}

describe('weights', () => {
  it('weighs an agreement as log2(m/u) and a disagreement as log2((1-Σm)/(1-Σu))', () => {
    expect(agreementWeight({ m: 0.9, u: 0.1 })).toBeCloseTo(Math.log2(9), 2);
    expect(disagreementWeight({ a: { m: 0.6, u: 0.2 }, b: { m: 0.3, u: 0.3 } })).toBeCloseTo(
      Math.log2(0.1 / 0.5),
      2,
    );
  });

  it('keeps every field a proper distribution (Σm < 1, Σu < 1, each agreement is evidence for)', () => {
    for (const table of [w.given, w.family, w.birthDate, w.sex, w.phone, w.email, w.address]) {
      const outcomes = Object.values(table) as w.Outcome[];
      expect(outcomes.reduce((s, o) => s + o.m, 0)).toBeLessThan(1);
      expect(outcomes.reduce((s, o) => s + o.u, 0)).toBeLessThan(1);
      for (const o of outcomes) expect(agreementWeight(o, true)).toBeGreaterThan(0);
      expect(disagreementWeight(table)).toBeLessThan(0);
    }
  });
});

describe('scoreCandidate: the same person, entered differently, still scores likely', () => {
  const cases: { story: string; input: Person; record: Person; rule: string }[] = [
    {
      story: 'a typo in the given name (Robret)',
      input: { ...robert, given: 'Robret' },
      record: robert,
      rule: 'given:typo',
    },
    {
      story: 'a typo in the family name (Kowalsky)',
      input: { ...robert, family: 'Kowalsky' },
      record: robert,
      rule: 'family:typo',
    },
    {
      story: 'a nickname (Bob for Robert)',
      input: { ...robert, given: 'Bob' },
      record: robert,
      rule: 'given:nickname',
    },
    {
      story: 'a nickname (Liz for Elizabeth)',
      input: { ...elizabeth, given: 'Liz' },
      record: elizabeth,
      rule: 'given:nickname',
    },
    {
      story: 'given and family names swapped',
      input: { ...robert, given: 'Kowalski', family: 'Robert' },
      record: robert,
      rule: 'name:swapped',
    },
    {
      story: 'day and month transposed (1980-04-03 for 1980-03-04)',
      input: { ...robert, birthDate: '1980-04-03' },
      record: robert,
      rule: 'birth_date:transposed_day_month',
    },
    {
      story: 'one digit of the date of birth off (1981-03-04)',
      input: { ...robert, birthDate: '1981-03-04' },
      record: robert,
      rule: 'birth_date:one_digit_off',
    },
    {
      story: 'her maiden name typed, the record under her married name with the maiden kept',
      input: { ...elizabeth, family: 'Lopez' },
      record: { ...elizabeth, previousFamilies: ['Lopez'] },
      rule: 'family:previous_name',
    },
    {
      story: 'her married name typed, the record still under her maiden name (same DOB and phone)',
      input: { ...elizabeth, family: 'Garcia' },
      record: { ...elizabeth, family: 'Lopez' },
      rule: 'family:mismatch',
    },
    {
      story: 'a move to a new address',
      input: { ...robert, line1: '9 Elm Road', postalCode: '22301' },
      record: robert,
      rule: 'address:mismatch',
    },
    {
      story: 'a move, the record already holding the old address as history',
      input: { ...robert, line1: '12 Oak St', postalCode: '20001' },
      record: {
        ...robert,
        line1: '9 Elm Road',
        postalCode: '22301',
        movedFrom: { line1: '12 Oak Street', postalCode: '20001' },
      },
      rule: 'address:previous_address',
    },
  ];

  it.each(cases)('scores $story at or above likely', ({ input, record, rule }) => {
    const result = score(input, record);
    expect(rules(result)).toContain(rule);
    expect(result.score).toBeGreaterThanOrEqual(thresholds.likely);
    expect(result.band).toBe('likely');
  });

  it('scores an exact repeat of every field far above likely', () => {
    const result = score(robert, robert);
    expect(result.score).toBeGreaterThan(thresholds.likely + 10);
    expect(result.reasons.every((r) => r.weight > 0)).toBe(true);
  });

  it('matches the registered preferred name as a nickname', () => {
    const result = score(
      { ...robert, given: 'Kit' },
      { ...robert, given: 'Christopher', preferred: 'Kit' },
    );
    expect(rules(result)).toContain('given:nickname');
  });

  it('takes a typo in the street for the same address, but not another house number', () => {
    expect(rules(score({ ...robert, line1: '12 Oka Street' }, robert))).toContain(
      'address:same_address',
    );
    expect(rules(score({ ...robert, line1: '14 Oak Street' }, robert))).toContain(
      'address:postal_code',
    );
  });

  it('matches one part of a double-barrelled family name', () => {
    const result = score(
      { ...elizabeth, family: 'Garcia' },
      { ...elizabeth, family: 'Garcia-Lopez' },
    );
    expect(rules(result)).toContain('family:hyphenated_part');
    expect(result.band).toBe('likely');
  });

  it('matches a typo, a sound-alike given name and an initial, each more weakly than exact', () => {
    expect(rules(score({ ...robert, given: 'Jonh' }, { ...robert, given: 'John' }))).toContain(
      'given:typo',
    );
    expect(rules(score({ ...robert, given: 'Stephen' }, { ...robert, given: 'Steven' }))).toContain(
      'given:phonetic',
    );
    expect(rules(score({ ...robert, given: 'R' }, robert))).toContain('given:initial');
  });

  it('compares Unicode names in their normalized form (José = Jose, Nguyễn = Nguyen)', () => {
    const jose: Person = { ...robert, given: 'José', family: 'Nguyễn' };
    const result = score({ ...jose, given: 'Jose', family: 'Nguyen' }, jose);
    expect(rules(result)).toEqual(expect.arrayContaining(['given:exact', 'family:exact']));
  });

  it('compares a full SSN only against the decrypted number, and the last four otherwise', () => {
    const withSsn = { ...robert, ssn: '123456789' };
    expect(rules(score(withSsn, withSsn, '123456789'))).toContain('ssn:exact');
    expect(rules(score(withSsn, withSsn, null))).toContain('ssn:last4');
    const otherSameLast4 = score(withSsn, { ...withSsn, ssn: '987656789' }, '987656789');
    expect(rules(otherSameLast4)).toContain('ssn:mismatch');
  });

  it('weighs nothing for fields missing on either side', () => {
    const sparse = scoreCandidate(
      toProbe({ name: { family: 'Kowalski' }, limit: 5 }),
      stored(robert),
    );
    expect(sparse.reasons).toEqual([
      { field: 'family', rule: 'exact', weight: agreementWeight(w.family.exact) },
    ]);
  });
});

describe('scoreCandidate: different people stay below likely', () => {
  it('keeps a twin (same family, DOB, address and phone; other given name and SSN) below likely', () => {
    const anna: Person = { ...elizabeth, given: 'Anna', ssn: '123456789' };
    const maria: Person = { ...elizabeth, given: 'Maria', ssn: '123456780' };
    const result = score(anna, maria);
    expect(rules(result)).toEqual(expect.arrayContaining(['given:mismatch', 'ssn:mismatch']));
    expect(result.score).toBeLessThan(thresholds.likely);
  });

  it('keeps namesakes (John Smith, another date of birth, elsewhere) below likely', () => {
    const john: Person = { ...robert, given: 'John', family: 'Smith' };
    const other: Person = {
      ...john,
      birthDate: '1962-08-19',
      phone: '+14155550177',
      line1: '77 Pine Avenue',
      postalCode: '94110',
    };
    const result = score(john, other);
    expect(result.score).toBeLessThan(thresholds.likely);
  });

  it('keeps namesakes below likely even when only name and date of birth year agree', () => {
    const result = score(
      { ...robert, given: 'John', family: 'Smith', birthDate: '1980-07-21' },
      { ...robert, given: 'John', family: 'Smith', birthDate: '1980-02-11', phone: '+14155550177' },
    );
    expect(result.band).not.toBe('likely');
  });
});

describe('scoreCandidate: where the scores need a person to decide', () => {
  it('flags a twin with no SSN on file as likely: only the given name tells them apart', () => {
    // Registration then needs an override with a reason ("twin of MRN ..."), as designed.
    const result = score({ ...elizabeth, given: 'Anna' }, { ...elizabeth, given: 'Maria' });
    expect(result.band).toBe('likely');
    const withSsns = score(
      { ...elizabeth, given: 'Anna', ssn: '123456789' },
      { ...elizabeth, given: 'Maria', ssn: '123456780' },
    );
    expect(withSsns.score).toBeLessThan(result.score);
  });
});

describe('compareBirthDates', () => {
  it.each([
    ['1980-03-04', '1980-03-04', 'exact'],
    ['1980-04-03', '1980-03-04', 'transposed_day_month'],
    ['1980-03-05', '1980-03-04', 'one_digit_off'],
    ['1908-03-04', '1980-03-04', null],
    ['1980-03-21', '1980-03-04', 'same_year_month'],
    ['1955-12-30', '1980-03-04', null],
  ])('compares %s with %s as %s', (a, b, outcome) => {
    expect(compareBirthDates(a, b)).toBe(outcome);
  });
});

describe('similarity', () => {
  it('scores Jaro-Winkler as published (MARTHA/MARHTA 0.961, DIXON/DICKSONX 0.813)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('allows exactly one edit or adjacent transposition', () => {
    expect(withinOneEdit('john', 'jonh')).toBe(true);
    expect(withinOneEdit('smith', 'smyth')).toBe(true);
    expect(withinOneEdit('smith', 'smiths')).toBe(true);
    expect(withinOneEdit('smith', 'smythe')).toBe(false);
  });
});
