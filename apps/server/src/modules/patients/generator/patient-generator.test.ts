import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createCoverageBody,
  createPatientBody,
  isValidPostalCode,
  normalizePhone,
  normalizeSsn,
} from '@meridian/contracts';
import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { normalizeName, phoneKey } from '../search-keys.js';
import { generatePerson, generateRecords, type GeneratedRecord } from './patient-generator.js';
import { typo } from './perturb.js';
import { Rng } from '../../../platform/prng.js';

const generate = (seed: number, count: number, duplicatePairs = 0) => [
  ...generateRecords({ seed, count, duplicatePairs }),
];

const someUuid = '01890000-0000-7000-8000-000000000000';

describe('the patient generator', () => {
  it('gives the same records for the same seed, and different ones for another seed', () => {
    const a = generate(11, 300, 30);
    expect(generate(11, 300, 30)).toEqual(a);
    const b = generate(12, 300, 30);
    const same = a.filter((r, i) => isDeepStrictEqual(r.input, b[i]?.input)).length;
    expect(same).toBe(0);
  });

  it('draws each person from their own stream, so a longer run starts with the same people', () => {
    const short = generate(5, 50);
    const long = generate(5, 500);
    expect(long.slice(0, 50)).toEqual(short);
  });

  it('gives any one person without generating those before', () => {
    const records = generate(8, 120);
    for (const key of [0, 57, 119]) {
      const { input, coverages } = records[key]!;
      expect(generatePerson(8, key)).toEqual({ input, coverages });
    }
  });

  it('emits count people plus the duplicates, keyed in stream order', () => {
    const records = generate(3, 1000, 100);
    expect(records).toHaveLength(1100);
    expect(records.map((r) => r.key)).toEqual(records.map((_, i) => i));
    expect(new Set(records.map((r) => r.personKey)).size).toBe(1000);
    expect(records.filter((r) => r.duplicateOfKey !== null)).toHaveLength(100);
  });

  it('refuses more duplicate pairs than people', () => {
    expect(() => generate(1, 10, 11)).toThrow(RangeError);
  });

  it('generates records that registration accepts unchanged, for thousands of people', () => {
    const problems: unknown[] = [];
    for (const r of generate(2026, 3000, 300)) {
      const parsed = createPatientBody.safeParse(r.input);
      if (!parsed.success) problems.push({ key: r.key, issues: parsed.error.issues });
      // Parsing changes nothing: phones are E.164, emails lower case, defaults filled in.
      else if (!isDeepStrictEqual(parsed.data, r.input))
        problems.push({ key: r.key, changed: true });
      for (const { payerIndex, ...c } of r.coverages) {
        const coverage = createCoverageBody.safeParse({ ...c, payerId: someUuid });
        if (!coverage.success || payerIndex < 0) problems.push({ key: r.key, coverage: c });
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('generates valid phones, SSNs and US postal codes at realistic rates', () => {
    const records = generate(99, 4000);
    const phones = records.flatMap((r) => r.input.phones.map((p) => p.number));
    expect(phones.every((p) => normalizePhone(p) === p)).toBe(true);
    const withSsn = records.filter((r) => r.input.ssn);
    expect(withSsn.every((r) => normalizeSsn(r.input.ssn ?? '') === r.input.ssn)).toBe(true);
    expect(withSsn.length / records.length).toBeGreaterThan(0.65);
    expect(withSsn.length / records.length).toBeLessThan(0.75);
    const addresses = records.flatMap((r) => r.input.addresses);
    expect(addresses.every((a) => a.postalCode && isValidPostalCode(a.postalCode, 'US'))).toBe(
      true,
    );
    expect(
      records.filter((r) => r.input.phones.length > 0).length / records.length,
    ).toBeGreaterThan(0.85);
    // The search keys' fast path for +1 numbers agrees with libphonenumber's national number.
    const mismatched = phones.filter(
      (p) => phoneKey(p) !== parsePhoneNumberWithError(p).nationalNumber,
    );
    expect(mismatched).toEqual([]);
  });

  it('mixes cultures, sexes, ages and the rarer fields', () => {
    const records = generate(7, 4000);
    const inputs = records.map((r) => r.input);
    const share = (f: (p: (typeof inputs)[number]) => boolean) =>
      inputs.filter(f).length / inputs.length;
    expect(share((p) => p.sexAtBirth === 'female')).toBeGreaterThan(0.45);
    expect(share((p) => p.sexAtBirth === 'male')).toBeGreaterThan(0.43);
    expect(share((p) => p.birthDate > '2008-01-01')).toBeGreaterThan(0.1);
    expect(share((p) => p.birthDate < '1961-01-01')).toBeGreaterThan(0.1);
    expect(share((p) => p.language === 'es')).toBeGreaterThan(0.05);
    expect(share((p) => p.interpreterNeeded)).toBeGreaterThan(0.02);
    expect(share((p) => p.previousNames.some((n) => n.kind === 'maiden'))).toBeGreaterThan(0.05);
    expect(share((p) => p.contacts.length > 0)).toBeGreaterThan(0.4);
    expect(share((p) => p.email !== undefined)).toBeGreaterThan(0.2);
    const flagged = share((p) => p.flags.vip || p.flags.employee || p.flags.confidential);
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(0.03);
    // Names with diacritics and in other scripts appear, not only ASCII.
    expect(
      share((p) => normalizeName(p.name.family) !== p.name.family.toLowerCase()),
    ).toBeGreaterThan(0.05);
    expect(
      inputs.some((p) => /\p{Script=Han}|\p{Script=Hangul}|\p{Script=Arabic}/u.test(p.name.family)),
    ).toBe(true);
  });

  it('keeps identifiers unique across people, as the database requires', () => {
    const values = generate(4, 5000).flatMap((r) =>
      r.input.identifiers.map((i) => `${i.type}|${i.assigningAuthority}|${i.value}`),
    );
    expect(values.length).toBeGreaterThan(100);
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('generated duplicates', () => {
  const records = generate(42, 3000, 600);
  const byKey = new Map(records.map((r) => [r.key, r]));
  const pairs = records
    .filter((r) => r.duplicateOfKey !== null)
    .map((dup) => ({ dup, original: byKey.get(dup.duplicateOfKey ?? -1) as GeneratedRecord }));

  it('come after their original, for the same person, with 1 to 3 listed perturbations', () => {
    for (const { dup, original } of pairs) {
      expect(original.key).toBeLessThan(dup.key);
      expect(original.personKey).toBe(dup.personKey);
      expect(original.duplicateOfKey).toBeNull();
      expect(dup.perturbations.length).toBeGreaterThanOrEqual(1);
      expect(dup.perturbations.length).toBeLessThanOrEqual(3);
    }
    const oneOrTwo = pairs.filter((p) => p.dup.perturbations.length <= 2).length;
    expect(oneOrTwo / pairs.length).toBeGreaterThan(0.8);
  });

  it('use every kind of perturbation', () => {
    const kinds = new Set(pairs.flatMap((p) => p.dup.perturbations));
    expect([...kinds].sort()).toEqual(
      [
        'dob_day_month_transposed',
        'dob_digit_off',
        'married_name',
        'missing_phone',
        'missing_ssn',
        'moved_address',
        'name_typo',
        'new_phone',
        'nickname',
        'swapped_names',
      ].sort(),
    );
  });

  it('carry exactly the perturbations they list', () => {
    for (const { dup, original } of pairs) {
      const a = original.input;
      const b = dup.input;
      const has = (k: string) => dup.perturbations.includes(k as never);
      const nameChanged =
        has('name_typo') || has('nickname') || has('swapped_names') || has('married_name');
      expect(isDeepStrictEqual(a.name, b.name), `key ${dup.key} name`).toBe(!nameChanged);
      const dobChanged = has('dob_day_month_transposed') || has('dob_digit_off');
      expect(a.birthDate === b.birthDate, `key ${dup.key} birth date`).toBe(!dobChanged);
      if (has('swapped_names') && !has('name_typo') && !has('married_name')) {
        expect([b.name.given, b.name.family]).toEqual([a.name.family, a.name.given]);
      }
      if (has('dob_day_month_transposed')) {
        const [y, m, d] = a.birthDate.split('-');
        expect(b.birthDate).toBe(`${y}-${d}-${m}`);
      }
      if (has('dob_digit_off')) {
        const differing = [...a.birthDate].filter((ch, i) => ch !== b.birthDate[i]).length;
        expect(differing).toBe(1);
      }
      if (has('missing_ssn')) expect(b.ssn).toBeUndefined();
      else expect(b.ssn).toBe(a.ssn);
      if (has('missing_phone')) expect(b.phones).toEqual([]);
      const phoneChanged = has('missing_phone') || has('new_phone');
      expect(isDeepStrictEqual(a.phones, b.phones), `key ${dup.key} phones`).toBe(!phoneChanged);
      if (!has('moved_address')) expect(b.addresses).toEqual(a.addresses);
      if (has('married_name')) {
        const maiden = [...a.previousNames, ...b.previousNames].map((n) => n.family);
        expect(maiden.includes(a.name.family) || maiden.includes(b.name.family)).toBe(true);
      }
      expect(b.identifiers).toEqual([]);
      expect(dup.coverages).toEqual([]);
    }
  });
});

describe('typo', () => {
  it('makes one edit that keeps the first letter', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) {
      const out = typo(rng, 'Johnson');
      expect(out).not.toBe('Johnson');
      expect(out[0]).toBe('J');
      expect(Math.abs(out.length - 'Johnson'.length)).toBeLessThanOrEqual(1);
    }
  });
});
