// The query mix of the patient search benchmark: what the front desk types into the one
// search box, built from real records so that every query has a patient to find.
// Deterministic for a seed, so runs compare.

export interface SearchSample {
  mrn: string;
  given: string;
  family: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
}

export const searchQueryKinds = [
  'full_name',
  'family_comma_given',
  'partial_name',
  'typo',
  'birth_date',
  'birth_date_and_family',
  'mrn',
] as const;
export type SearchQueryKind = (typeof searchQueryKinds)[number];

export interface SearchMixQuery {
  kind: SearchQueryKind;
  q: string;
}

/** mulberry32: a small seeded PRNG (the bench needs repeatability, not quality). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The date of birth as staff type it: ISO, US, European dotted, or with a month name. */
function formatDate(iso: string, variant: number): string {
  const [y = '', m = '', d = ''] = iso.split('-');
  const month = Number(m);
  const day = Number(d);
  const name = monthNames[month - 1] ?? '';
  switch (variant % 6) {
    case 0:
      return iso;
    case 1:
      return `${m}/${d}/${y}`;
    case 2:
      return `${month}/${day}/${y.slice(2)}`;
    case 3:
      return `${d}.${m}.${y}`;
    case 4:
      return `${day} ${name.slice(0, 3)} ${y}`;
    default:
      return `${name} ${day}, ${y}`;
  }
}

/** One typing slip in a word: two neighbours swapped, a letter dropped or doubled. */
function typo(word: string, rnd: () => number): string {
  const chars = [...word];
  if (chars.length < 4) return word;
  // Not the first letter: people rarely mistype the start of a name they read out.
  const i = 1 + Math.floor(rnd() * (chars.length - 2));
  const kind = Math.floor(rnd() * 3);
  if (kind === 0) [chars[i], chars[i + 1]] = [chars[i + 1] ?? '', chars[i] ?? ''];
  else if (kind === 1) chars.splice(i, 1);
  else chars.splice(i, 0, chars[i] ?? '');
  return chars.join('');
}

function prefix(word: string, length: number): string {
  return [...word].slice(0, length).join('');
}

function queryFor(s: SearchSample, kind: SearchQueryKind, rnd: () => number): string {
  switch (kind) {
    case 'full_name':
      return rnd() < 0.5 ? `${s.given} ${s.family}` : `${s.family} ${s.given}`;
    case 'family_comma_given':
      return `${s.family}, ${s.given}`;
    case 'partial_name':
      return `${prefix(s.family, 3 + Math.floor(rnd() * 2))} ${prefix(s.given, 2)}`;
    case 'typo':
      return `${s.given} ${typo(s.family, rnd)}`;
    case 'birth_date':
      return formatDate(s.birthDate, Math.floor(rnd() * 6));
    case 'birth_date_and_family':
      return `${s.family} ${formatDate(s.birthDate, Math.floor(rnd() * 6))}`;
    case 'mrn':
      return s.mrn;
  }
}

/** The mix with each query's kind, so the bench can report latency per kind. */
export function buildSearchMixWithKinds(
  samples: readonly SearchSample[],
  seed: number,
): SearchMixQuery[] {
  const rnd = random(seed);
  return samples.map((s, i) => {
    const kind = searchQueryKinds[i % searchQueryKinds.length] ?? 'full_name';
    return { kind, q: queryFor(s, kind, rnd) };
  });
}

/**
 * One query per sample, the kinds taking turns (full name in either order, "family, given",
 * partial name prefixes, a one-letter typo in the family name, a date of birth in one of
 * six formats, family name with a date of birth, MRN).
 */
export function buildSearchMix(samples: readonly SearchSample[], seed: number): string[] {
  return buildSearchMixWithKinds(samples, seed).map((m) => m.q);
}
