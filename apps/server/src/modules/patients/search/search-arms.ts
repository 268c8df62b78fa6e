// The SQL conditions a search runs, one "arm" per way of matching. Each arm is an
// index-driven query capped at a few hundred rows; the service merges the arms' hits and
// ranks them (see search.service.ts). Tokens come from normalizeName, so they hold only
// letters and digits and are safe inside LIKE patterns and regular expressions.
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { searchMatchKind } from '@meridian/contracts';
import { phoneticKeys } from '../search-keys.js';
import type { FamilyGiven, ParsedQuery } from './query-parser.js';

export type MatchKind = z.infer<typeof searchMatchKind>;

/**
 * Ranks, best first. Name ranks: 10 every word is a whole word of the family or given
 * name, 11 a whole word of any of the person's names (middle, preferred, previous), 20 a
 * prefix of family or given name words, 21 a prefix of any name word, 30-39 sounds alike
 * (double metaphone) and 40-49 a corrected typo, each closer spellings first.
 */
export const rank = {
  mrn: 0,
  mrnAlias: 1,
  identifier: 2,
  phone: 3,
  ssnLast4: 4,
  exact: 10,
  prefix: 20,
  phonetic: 30,
  fuzzy: 40,
  filter: 50,
} as const;

export interface Arm {
  kind: MatchKind;
  /** Per-row rank expression (a constant for most arms). */
  rank: SQL;
  where: SQL;
  /** Which index order the cap follows: family-first or given-first. */
  order: 'family' | 'given';
}

/** How one typed word may match: as a prefix, or as one of these whole words. */
export type WordMatch = { prefix: string } | { anyOf: string[] };

const maxComboWords = 4;

function columnMatch(column: SQL, words: WordMatch[]): SQL | null {
  if (words.length === 1) {
    const w = words[0]!;
    return 'prefix' in w
      ? sql`${column} like ${`${w.prefix}%`}`
      : sql`${column} = any(${sql.param(w.anyOf)}::text[])`;
  }
  if (words.some((w) => 'anyOf' in w)) return null;
  return sql`${column} like ${`${words.map((w) => ('prefix' in w ? w.prefix : '')).join(' ')}%`}`;
}

const family = sql.raw('search_family');
const given = sql.raw('search_given');

function combo(familyWords: WordMatch[], givenWords: WordMatch[]): SQL | null {
  const f = columnMatch(family, familyWords);
  const g = columnMatch(given, givenWords);
  return f && g ? sql`(${f} and ${g})` : null;
}

/** Word-by-word conditions on search_names (any of the person's names), via its trigrams. */
export function wordsCondition(words: WordMatch[]): SQL {
  const parts = words.map((w) =>
    'prefix' in w
      ? sql`search_names ~ ${`(^| )${w.prefix}`}`
      : sql`search_names ~ ${`(^| )(${w.anyOf.join('|')})( |$)`}`,
  );
  return sql.join(parts, sql` and `);
}

/**
 * Family/given combinations for words typed in any order: each split of the words into a
 * leading and a trailing part, either part being the family name. Uses the btree indexes.
 */
export function nameCombos(words: WordMatch[]): { where: SQL; order: 'family' | 'given' }[] {
  if (words.length === 1) {
    const w = words;
    return [
      { where: columnMatch(family, w)!, order: 'family' },
      { where: columnMatch(given, w)!, order: 'given' },
    ];
  }
  if (words.length > maxComboWords) return [];
  const out: { where: SQL; order: 'family' | 'given' }[] = [];
  for (let k = 1; k < words.length; k++) {
    const head = words.slice(0, k);
    const tail = words.slice(k);
    for (const c of [combo(head, tail), combo(tail, head)]) {
      if (c) out.push({ where: c, order: 'family' });
    }
  }
  return out;
}

function familyGivenCombo(fg: FamilyGiven): SQL {
  return sql`(${family} like ${`${fg.family}%`} and ${given} like ${`${fg.given}%`})`;
}

/** The rank of a row found by its name words (10, 11, 20 or 21, see `rank`). */
export function nameRank(tokens: string[]): SQL {
  const exact = sql.param(tokens.map((t) => `% ${t} %`));
  const prefix = sql.param(tokens.map((t) => `% ${t}%`));
  return sql`case
    when (' ' || search_family || ' ' || search_given || ' ') like all (${exact}::text[]) then 10
    when (' ' || search_names || ' ') like all (${exact}::text[]) then 11
    when (' ' || search_family || ' ' || search_given) like all (${prefix}::text[]) then 20
    else 21 end`;
}

const constant = (n: number) => sql.raw(String(n));

/**
 * `base` plus 0..9 by how far the name is spelled from what was typed (trigram similarity
 * of the family and given names to the typed words), so among hundreds of names that sound
 * alike the one with a single slip comes first.
 */
function closeness(base: number, words: string[]): SQL {
  return sql`${constant(base)} + round(9 * (1 - similarity(search_family || ' ' || search_given, ${words.join(' ')})))::int`;
}

/** Cheap arms: btree lookups on family and given names. */
export function directNameArms(p: ParsedQuery): Arm[] {
  const r = nameRank(p.names);
  // The comma form says which words are the family name: only that orientation.
  if (p.familyGiven) {
    return [{ kind: 'name', rank: r, where: familyGivenCombo(p.familyGiven), order: 'family' }];
  }
  const arms: Arm[] = nameCombos(p.names.map((t) => ({ prefix: t }))).map((c) => ({
    kind: 'name',
    rank: r,
    ...c,
  }));
  if (p.joinedName) {
    const { family: f, given: g } = p.joinedName;
    arms.push({
      kind: 'name',
      rank: nameRank([f, g]),
      where: familyGivenCombo(p.joinedName),
      order: 'family',
    });
  }
  return arms;
}

/** The comma form's family words must be words of the family name. */
function familyWords(p: ParsedQuery): SQL | null {
  if (!p.familyGiven) return null;
  const parts = p.familyGiven.family.split(' ').map((w) => sql`search_family ~ ${`(^| )${w}`}`);
  return sql.join(parts, sql` and `);
}

const longEnough = (t: string) => [...t].length >= 3;

/**
 * Broader arms, run when the direct ones leave room: any of the person's names word by
 * word (middle, preferred, previous names; compound family names), names that sound alike,
 * and typos corrected against the name dictionary (`corrections`: typed word -> words).
 */
export function broadNameArms(p: ParsedQuery, corrections: ReadonlyMap<string, string[]>): Arm[] {
  const arms: Arm[] = [];
  const narrowed = p.birthDate !== null || p.ssnLast4 !== null;
  const typed: WordMatch[] = p.names.map((t) => ({ prefix: t }));
  const oriented = familyWords(p);
  if (narrowed || p.names.some(longEnough)) {
    const words = wordsCondition(typed);
    arms.push({
      kind: 'name',
      rank: nameRank(p.names),
      where: oriented ? sql`${words} and ${oriented}` : words,
      order: 'family',
    });
  }
  // Sounding alike only means something for whole words, and a single word's phonetic key
  // is shared by thousands of records: only two or more words of four letters or more,
  // each with a key, so the index intersects the keys before any row is read.
  const phonetic = p.names.map((t) => ([...t].length >= 4 ? phoneticKeys([t]) : []));
  if (!oriented && p.names.length >= 2 && phonetic.every((keys) => keys.length > 0)) {
    const parts = phonetic.map((keys) => sql`name_phonetic && ${sql.param(keys)}::text[]`);
    arms.push({
      kind: 'name_fuzzy',
      rank: closeness(rank.phonetic, p.names),
      where: sql.join(parts, sql` and `),
      order: 'family',
    });
  }
  if (p.names.some((t) => corrections.has(t))) {
    const fixed: WordMatch[] = p.names.map((t) => {
      const words = corrections.get(t);
      return words ? { anyOf: words } : { prefix: t };
    });
    const familyCount = p.familyGiven ? p.familyGiven.family.split(' ').length : 0;
    const combos = p.familyGiven
      ? [combo(fixed.slice(0, familyCount), fixed.slice(familyCount))].filter(
          (c): c is SQL => c !== null,
        )
      : nameCombos(fixed).map((c) => c.where);
    if (!p.familyGiven || combos.length === 0) combos.push(wordsCondition(fixed));
    arms.push({
      kind: 'name_fuzzy',
      rank: closeness(rank.fuzzy, p.names),
      where: sql`(${sql.join(combos, sql` or `)})`,
      order: 'family',
    });
  }
  return arms;
}

/** Arms for a query that is one identifier: any reading of it may match. */
export function identifierArms(p: ParsedQuery): Arm[] {
  const arms: Arm[] = [];
  const id = p.identifier;
  const add = (kind: MatchKind, r: number, where: SQL) =>
    arms.push({ kind, rank: constant(r), where, order: 'family' });
  if (id?.mrn) {
    add('mrn', rank.mrn, sql`mrn = ${id.mrn}`);
    add('mrn_alias', rank.mrnAlias, sql`id in (${aliasTargets(id.mrn)})`);
  }
  if (id?.valueKey) {
    add(
      'identifier',
      rank.identifier,
      sql`id in (select patient_id from patient_identifier where value_key = ${id.valueKey})`,
    );
  }
  if (id?.phoneKey) {
    add('phone', rank.phone, sql`phone_keys @> ${sql.param([id.phoneKey])}::text[]`);
  }
  if (p.ssnLast4 !== null && p.names.length === 0 && p.birthDate === null) {
    add('ssn_last4', rank.ssnLast4, sql`ssn_last4 = ${p.ssnLast4}`);
  }
  return arms;
}

/** A date of birth alone. */
export function birthDateArm(): Arm {
  return { kind: 'birth_date', rank: constant(rank.exact), where: sql`true`, order: 'family' };
}

/**
 * The records a retired MRN stands for now: the survivor it was merged into, following
 * later merges of the survivor itself (at most 10 deep).
 */
export function aliasTargets(retiredMrn: string): SQL {
  return sql`
    with recursive chain (id, depth) as (
      select patient_id, 0 from patient_mrn_alias where mrn = ${retiredMrn}
      union all
      select p.merged_into_id, c.depth + 1
        from chain c join patient p on p.id = c.id
       where p.merged_into_id is not null and c.depth < 10
    )
    select c.id from chain c join patient p on p.id = c.id where p.status <> 'merged'`;
}
