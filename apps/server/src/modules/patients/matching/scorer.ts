// Fellegi-Sunter scoring of one stored record against what the registrar typed. Pure: the
// weights come from weights.ts, the comparisons from name-comparison.ts and below.
import type { MatchCandidate } from '@meridian/contracts';
import type { CandidateFacts, MatchProbe } from './match-record.js';
import { postalCodesAgree } from './match-record.js';
import { areSwapped, compareFamily, compareGiven } from './name-comparison.js';
import { jaroWinkler } from './similarity.js';
import * as w from './weights.js';

export type MatchReason = MatchCandidate['reasons'][number];
type Field = MatchReason['field'];

export interface ScoreResult {
  score: number;
  /** null below the `possible` threshold. */
  band: 'likely' | 'possible' | null;
  /** Every comparison that weighed something, strongest evidence first. */
  reasons: MatchReason[];
}

function agree(field: Field, rule: string, o: w.Outcome, relatives = false): MatchReason {
  return { field, rule, weight: w.agreementWeight(o, relatives) };
}

function disagree(field: Field, outcomes: Record<string, w.Outcome>): MatchReason {
  return { field, rule: 'mismatch', weight: w.disagreementWeight(outcomes) };
}

/** Names; also says whether the family names agree (relatives share contact details). */
function nameReasons(p: MatchProbe, c: CandidateFacts): { reasons: MatchReason[]; kin: boolean } {
  if (p.given !== null && p.family !== null && areSwapped(p.given, p.family, c)) {
    return { reasons: [agree('name', 'swapped', w.swappedNames)], kin: true };
  }
  const reasons: MatchReason[] = [];
  let kin = false;
  if (p.given !== null) {
    const outcome = compareGiven(p.given, p.middle, c);
    reasons.push(outcome ? agree('given', outcome, w.given[outcome]) : disagree('given', w.given));
  }
  if (p.family !== null) {
    const outcome = compareFamily(p.family, c);
    kin = outcome !== null;
    reasons.push(
      outcome ? agree('family', outcome, w.family[outcome]) : disagree('family', w.family),
    );
  }
  return { reasons, kin };
}

/** Which way two ISO dates (YYYY-MM-DD) agree, or null when they do not. */
export function compareBirthDates(a: string, b: string): keyof typeof w.birthDate | null {
  if (a === b) return 'exact';
  const [ay, am, ad] = a.split('-');
  const [by, bm, bd] = b.split('-');
  if (ay === by && am === bd && ad === bm) return 'transposed_day_month';
  const da = a.replace(/-/g, '');
  const db = b.replace(/-/g, '');
  let differing = 0;
  for (let i = 0; i < da.length; i++) if (da[i] !== db[i]) differing++;
  if (differing === 1) return 'one_digit_off';
  if (ay === by && am === bm) return 'same_year_month';
  return null;
}

function birthDateReason(p: MatchProbe, c: CandidateFacts): MatchReason | null {
  if (p.birthDate === null) return null;
  const outcome = compareBirthDates(p.birthDate, c.birthDate);
  return outcome
    ? agree('birth_date', outcome, w.birthDate[outcome])
    : disagree('birth_date', w.birthDate);
}

function sexReason(p: MatchProbe, c: CandidateFacts): MatchReason | null {
  if (p.sex === null || c.sex === null) return null;
  return p.sex === c.sex ? agree('sex', 'exact', w.sex.exact) : disagree('sex', w.sex);
}

function phoneReason(p: MatchProbe, c: CandidateFacts, kin: boolean): MatchReason | null {
  if (p.phoneKeys.length === 0 || c.phoneKeys.length === 0) return null;
  return p.phoneKeys.some((k) => c.phoneKeys.includes(k))
    ? agree('phone', 'shared', w.phone.shared, kin)
    : disagree('phone', w.phone);
}

function ssnReason(p: MatchProbe, c: CandidateFacts): MatchReason | null {
  if (p.ssnLast4 === null || c.ssnLast4 === null) return null;
  if (p.ssn !== null && c.ssn !== null) {
    return p.ssn === c.ssn ? agree('ssn', 'exact', w.ssnFull.exact) : disagree('ssn', w.ssnFull);
  }
  return p.ssnLast4 === c.ssnLast4
    ? agree('ssn', 'last4', w.ssnLast4.last4)
    : disagree('ssn', w.ssnLast4);
}

function emailReason(p: MatchProbe, c: CandidateFacts, kin: boolean): MatchReason | null {
  if (p.email === null || c.email === null) return null;
  return p.email === c.email
    ? agree('email', 'exact', w.email.exact, kin)
    : disagree('email', w.email);
}

// Address lines this similar are the same line with a typo ("12 Oak St" / "12 Oka St"),
// as long as the numbers agree: 12 and 14 Oak St are neighbours, not a typo.
const lineSimilarity = 0.92;
const numbersOf = (line: string) => line.match(/\d+/g)?.join(' ') ?? '';

function sameLine(typed: string, stored: string): boolean {
  if (typed === stored) return true;
  return numbersOf(typed) === numbersOf(stored) && jaroWinkler(typed, stored) >= lineSimilarity;
}

function addressReason(p: MatchProbe, c: CandidateFacts, kin: boolean): MatchReason | null {
  if ((p.line1 === null && p.postalCode === null) || c.addresses.length === 0) return null;
  const postalAgrees = (code: string | null) =>
    p.postalCode === null || code === null || postalCodesAgree(p.postalCode, code);
  const typedLine = p.line1;
  const same = c.addresses.filter(
    (a) => typedLine !== null && sameLine(typedLine, a.line1) && postalAgrees(a.postalCode),
  );
  if (same.some((a) => a.isCurrent))
    return agree('address', 'same_address', w.address.same_address, kin);
  if (same.length > 0) {
    return agree('address', 'previous_address', w.address.previous_address, kin);
  }
  const anyPostal = c.addresses.some((a) => a.postalCode !== null);
  if (p.postalCode !== null && anyPostal) {
    return c.addresses.some((a) => a.postalCode !== null && postalAgrees(a.postalCode))
      ? agree('address', 'postal_code', w.address.postal_code)
      : disagree('address', w.address);
  }
  // Only a first line to compare, and it differs.
  return p.line1 !== null ? disagree('address', w.address) : null;
}

export function bandOf(score: number): ScoreResult['band'] {
  if (score >= w.thresholds.likely) return 'likely';
  if (score >= w.thresholds.possible) return 'possible';
  return null;
}

/** The log2 likelihood ratio that `c` is the person `p` describes, and why. */
export function scoreCandidate(p: MatchProbe, c: CandidateFacts): ScoreResult {
  const names = nameReasons(p, c);
  const reasons = [
    ...names.reasons,
    birthDateReason(p, c),
    sexReason(p, c),
    phoneReason(p, c, names.kin),
    ssnReason(p, c),
    emailReason(p, c, names.kin),
    addressReason(p, c, names.kin),
  ].filter((r): r is MatchReason => r !== null && r.weight !== 0);
  reasons.sort((a, b) => b.weight - a.weight);
  const score = Math.round(reasons.reduce((sum, r) => sum + r.weight, 0) * 100) / 100;
  return { score, band: bandOf(score), reasons };
}
