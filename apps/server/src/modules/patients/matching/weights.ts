// The duplicate check's Fellegi-Sunter parameters, in one table.
//
// For each field comparison, m = P(outcome | same person) and u = P(outcome | two different
// people), both for a pair of records drawn from the index. An agreement outcome weighs
// log2(m / u); a field's disagreement weighs log2((1 - Σm) / (1 - Σu)) over its agreement
// outcomes; a field missing on either side weighs 0 (no evidence either way). A pair's
// score is the sum, i.e. the log2 likelihood ratio under the usual independence assumption.
//
// Where the numbers come from: m values are the share of true duplicates showing each
// outcome, judged from the published MPI error studies (typos and nicknames in a few per
// cent of duplicate pairs, transposed or mistyped dates in 1-2 %, a changed phone in ~40 %,
// a move in ~15-30 %) and checked on the generator's duplicate pairs (bench/match-quality.ts).
// u values are the chance that two different people agree: name-frequency shares for
// given and family names, 1/(365 * 80) for an exact date of birth (raised for clustering on
// 1 January and the 1st of months), the number of one-digit variants of a date over that,
// and for phones, e-mails and addresses the rate at which different people share them.
//
// Tricky: conditional independence fails for relatives. A twin or spouse shares the family
// name, the phone, the e-mail and the address, so once the family names agree, those
// contact fields are judged by `uRelatives` (how often different people of one family
// share them) instead of `u`. Without this, twins score as duplicates; with it, a moved or
// re-married patient still matches on what else agrees.

export interface Outcome {
  m: number;
  u: number;
  /** u among different people whose family names agree (relatives share contact details). */
  uRelatives?: number;
}

export const given = {
  exact: { m: 0.86, u: 0.005 },
  // The shipped nickname table, or the other record's preferred name.
  nickname: { m: 0.04, u: 0.002 },
  // Using the middle name as the given name (J. Robert Smith registers as Robert).
  middle_name: { m: 0.01, u: 0.001 },
  typo: { m: 0.03, u: 0.002 },
  phonetic: { m: 0.03, u: 0.004 },
  initial: { m: 0.01, u: 0.002 },
} satisfies Record<string, Outcome>;

export const family = {
  exact: { m: 0.86, u: 0.002 },
  // Matches a previous (maiden, alias) family name of the other record.
  previous_name: { m: 0.04, u: 0.001 },
  // One part of a double-barrelled name (Smith-Jones vs Smith).
  hyphenated_part: { m: 0.02, u: 0.001 },
  typo: { m: 0.03, u: 0.002 },
  phonetic: { m: 0.02, u: 0.003 },
} satisfies Record<string, Outcome>;

/** Given and family names exchanged: about as telling as both names agreeing. */
export const swappedNames: Outcome = { m: 0.01, u: 0.000_000_2 };

export const birthDate = {
  exact: { m: 0.93, u: 0.000_1 },
  transposed_day_month: { m: 0.015, u: 0.000_1 },
  one_digit_off: { m: 0.02, u: 0.001_4 },
  same_year_month: { m: 0.01, u: 0.001 },
} satisfies Record<string, Outcome>;

export const sex = {
  exact: { m: 0.98, u: 0.5 },
} satisfies Record<string, Outcome>;

export const phone = {
  // Households share landlines; relatives often give one another's mobile.
  shared: { m: 0.6, u: 0.000_5, uRelatives: 0.05 },
} satisfies Record<string, Outcome>;

/** Both full numbers known (the stored one decrypted only when the last four agree). */
export const ssnFull = {
  exact: { m: 0.95, u: 0.000_01 },
} satisfies Record<string, Outcome>;

/** Only the last four known on one side (typed so at the desk). */
export const ssnLast4 = {
  last4: { m: 0.95, u: 0.000_1 },
} satisfies Record<string, Outcome>;

export const email = {
  exact: { m: 0.6, u: 0.000_5, uRelatives: 0.05 },
} satisfies Record<string, Outcome>;

export const address = {
  // Same first line (allowing a typo) and postal code, on a current address.
  same_address: { m: 0.7, u: 0.001, uRelatives: 0.05 },
  // The same, on an address the other record has moved away from.
  previous_address: { m: 0.05, u: 0.001, uRelatives: 0.02 },
  postal_code: { m: 0.1, u: 0.02 },
} satisfies Record<string, Outcome>;

/**
 * Scores at or above `likely` block registration without an override; at or above
 * `possible` are shown as candidates.
 *
 * Calibration (bench/match-quality.ts, seed 20261122, 2026-11-22):
 * - every single perturbation of a full record (scorer.test.ts) scores >= 28 (one digit of
 *   the date off: 28.4), a twin with another SSN 20.4, namesakes born another day 7.8 (or
 *   14.3 at the same address): `likely` sits between;
 * - 10,000 people + 1,000 duplicate pairs: recall (top 5) 100 %, duplicates scored likely
 *   98.5 %, no single person scoring likely against anyone (best other score max 15.8);
 * - 100,000 people + 10,000 pairs: recall 100 %, 98.4 % scored likely, false positives
 *   0.01 % (one namesake pair at 22.2; p99 of the best other score 11.8). At 26 (the first
 *   choice) only 95.5 % of duplicates scored likely, with no false positive gained back;
 * - 1,000,000 people + 1,000 pairs (every 1,000th single checked): recall 99.9 %, 98.6 %
 *   scored likely, no false positive (best other score max 19.7);
 * - `possible` at 10 keeps a name-only probe (given and family exact, ~16) and a namesake
 *   born another day (~10-14) on the live panel, and drops sound-alike strangers.
 * A twin with no SSN on file scores likely (only the given name differs); registration
 * then asks for an override with the reason, which is what a registrar should confirm.
 */
export const thresholds = { likely: 22, possible: 10 } as const;

const round = (w: number) => Math.round(w * 100) / 100;

/** log2(m / u), or log2(m / uRelatives) when the family names agree and one is given. */
export function agreementWeight(o: Outcome, relatives = false): number {
  const u = relatives && o.uRelatives !== undefined ? o.uRelatives : o.u;
  return round(Math.log2(o.m / u));
}

/** log2((1 - Σm) / (1 - Σu)) over a field's agreement outcomes. */
export function disagreementWeight(outcomes: Record<string, Outcome>): number {
  let m = 0;
  let u = 0;
  for (const o of Object.values(outcomes)) {
    m += o.m;
    u += o.u;
  }
  return round(Math.log2((1 - m) / (1 - u)));
}
