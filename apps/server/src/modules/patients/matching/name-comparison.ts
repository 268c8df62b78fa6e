// Given and family name comparisons: which agreement outcome (weights.ts) a pair shows.
import { nameTokens, phoneticKeys } from '../search-keys.js';
import type { CandidateFacts } from './match-record.js';
import { areNicknames } from './nicknames.js';
import { jaroWinkler, withinOneEdit } from './similarity.js';
import type * as w from './weights.js';

export type GivenOutcome = keyof typeof w.given;
export type FamilyOutcome = keyof typeof w.family;

// Winkler's own cut-off for "probably the same name"; below it, unrelated names of the same
// length and initial start to pass (jaroWinkler('maria', 'marta') = 0.91, so typos of one
// letter also count through `withinOneEdit`).
const typoSimilarity = 0.9;
// One edit turns "li" into "lu" or "ann" into "ian": too little text to call it a typo.
const minTypoLength = 4;

function isTypo(a: string, b: string): boolean {
  if (Math.max(a.length, b.length) < minTypoLength) return false;
  return withinOneEdit(a, b) || jaroWinkler(a, b) >= typoSimilarity;
}

function soundAlike(a: string, b: string): boolean {
  const keys = new Set(phoneticKeys(nameTokens(a)));
  return keys.size > 0 && phoneticKeys(nameTokens(b)).some((k) => keys.has(k));
}

function isInitialOf(a: string, b: string): boolean {
  return (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));
}

/** The best outcome for a typed given name against a record, or null (mismatch). */
export function compareGiven(
  given: string,
  typedMiddle: string | null,
  c: CandidateFacts,
): GivenOutcome | null {
  if (given === c.given) return 'exact';
  if (given === c.preferred || areNicknames(given, c.given)) return 'nickname';
  if (c.preferred !== null && areNicknames(given, c.preferred)) return 'nickname';
  if (given === c.middle || (typedMiddle !== null && typedMiddle === c.given)) return 'middle_name';
  if (isTypo(given, c.given)) return 'typo';
  if (soundAlike(given, c.given)) return 'phonetic';
  if (isInitialOf(given, c.given)) return 'initial';
  return null;
}

/** The best outcome for a typed family name against a record, or null (mismatch). */
export function compareFamily(family: string, c: CandidateFacts): FamilyOutcome | null {
  if (family === c.family) return 'exact';
  if (c.previousFamilies.includes(family)) return 'previous_name';
  const typed = family.split(' ');
  const stored = c.family.split(' ');
  if (
    (typed.length > 1 || stored.length > 1) &&
    typed.some((t) => t.length > 1 && stored.includes(t))
  ) {
    return 'hyphenated_part';
  }
  if (isTypo(family, c.family)) return 'typo';
  if (soundAlike(family, c.family)) return 'phonetic';
  return null;
}

/**
 * Given and family names entered the wrong way round (common with names whose family name
 * comes first, such as Nguyen Van An or Wang Xiaoming).
 */
export function areSwapped(given: string, family: string, c: CandidateFacts): boolean {
  if (given === c.given && family === c.family) return false;
  const same = (a: string, b: string) => a === b || isTypo(a, b);
  return same(given, c.family) && same(family, c.given);
}
