// A second registration of the same person, as it happens at a front desk: a typo, a
// nickname, given and family swapped, day and month transposed, one digit of the date of
// birth wrong, a new address or phone, a married name, a missing phone or SSN.
import { homeAddress, pickPlace, usPhone } from './contact-parts.js';
import { isCalendarDate, isoOf, parts, referenceDate } from './dates.js';
import type { CreatePatient, Perturbation } from './generated.types.js';
import { alternateGivenNames } from './nicknames.js';
import { drawFamily, type Person } from './person.js';
import type { Rng } from '../../../platform/prng.js';

type Input = CreatePatient;

interface Change {
  applies(p: Input, person: Person): boolean;
  apply(rng: Rng, p: Input, person: Person): void;
}

const latin = /^[A-Za-z]+$/;

/** One keyboard slip in a Latin-script word: insert, delete, substitute or transpose a letter. */
export function typo(rng: Rng, word: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  // Never the first letter: registrars rarely get it wrong, and a changed initial reads as
  // a different name rather than a slip.
  const i = rng.int(1, word.length - 1);
  const letter = () => letters[rng.int(0, 25)] ?? 'e';
  const op = rng.pick(['insert', 'delete', 'substitute', 'transpose'] as const);
  if (op === 'insert') return word.slice(0, i) + letter() + word.slice(i);
  if (op === 'delete') return word.slice(0, i) + word.slice(i + 1);
  if (op === 'transpose' && i < word.length - 1 && word[i] !== word[i + 1]) {
    return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
  }
  let replacement = letter();
  while (replacement === word[i]?.toLowerCase()) replacement = letter();
  return word.slice(0, i) + replacement + word.slice(i + 1);
}

const typoable = (s: string) => latin.test(s) && s.length >= 4;

function shiftDigit(rng: Rng, birthDate: string): string | null {
  const [y, m, d] = parts(birthDate);
  const candidates = [
    [y + 1, m, d],
    [y - 1, m, d],
    [y, m, d + 1],
    [y, m, d - 1],
    [y, m + 1, d],
    [y, m - 1, d],
  ].filter(([cy = 0, cm = 0, cd = 0]) => {
    // One digit off: only changes that stay within the same tens digit.
    const sameTens =
      Math.floor(cd / 10) === Math.floor(d / 10) &&
      Math.floor(cm / 10) === Math.floor(m / 10) &&
      Math.floor(cy / 10) === Math.floor(y / 10);
    return sameTens && isCalendarDate(cy, cm, cd) && isoOf(cy, cm, cd) <= referenceDate;
  });
  if (candidates.length === 0) return null;
  const [cy = 0, cm = 0, cd = 0] = rng.pick(candidates);
  return isoOf(cy, cm, cd);
}

const changes: Record<Perturbation, Change> = {
  name_typo: {
    applies: (p) => typoable(p.name.given) || typoable(p.name.family),
    apply(rng, p) {
      const onFamily = typoable(p.name.family) && (!typoable(p.name.given) || rng.chance(0.5));
      if (onFamily) p.name.family = typo(rng, p.name.family);
      else p.name.given = typo(rng, p.name.given);
    },
  },
  nickname: {
    applies: (p) => alternateGivenNames(p.name.given).length > 0,
    apply(rng, p) {
      p.name.given = rng.pick(alternateGivenNames(p.name.given));
      delete p.preferredName;
    },
  },
  swapped_names: {
    applies: (p) => p.name.given !== p.name.family,
    apply(_rng, p) {
      [p.name.given, p.name.family] = [p.name.family, p.name.given];
    },
  },
  dob_day_month_transposed: {
    applies: (p) => {
      const [, m, d] = parts(p.birthDate);
      return d <= 12 && d !== m;
    },
    apply(_rng, p) {
      const [y, m, d] = parts(p.birthDate);
      p.birthDate = isoOf(y, d, m);
    },
  },
  dob_digit_off: {
    applies: () => true,
    apply(rng, p) {
      p.birthDate = shiftDigit(rng, p.birthDate) ?? p.birthDate;
    },
  },
  moved_address: {
    applies: () => true,
    apply(rng, p, person) {
      // Half move within their city, half further away.
      p.addresses = [homeAddress(rng, rng.chance(0.5) ? person.place : pickPlace(rng))];
    },
  },
  married_name: {
    applies: (p, person) =>
      person.nameSex === 'female' && person.age >= 18 && person.culture.takesSpouseName > 0,
    apply(rng, p, person) {
      const maiden = p.previousNames.find((n) => n.kind === 'maiden');
      if (maiden && rng.chance(0.5)) {
        // Registered again under the maiden name.
        p.name.family = maiden.family;
        p.previousNames = [];
        return;
      }
      let married = drawFamily(rng, person.culture);
      while (married === p.name.family) married = drawFamily(rng, person.culture);
      p.previousNames = [{ kind: 'maiden', family: p.name.family }];
      p.name.family = married;
      p.maritalStatus = 'married';
    },
  },
  missing_phone: {
    applies: (p) => p.phones.length > 0,
    apply(_rng, p) {
      p.phones = [];
    },
  },
  missing_ssn: {
    applies: (p) => p.ssn != null,
    apply(_rng, p) {
      delete p.ssn;
    },
  },
  new_phone: {
    applies: () => true,
    apply(rng, p, person) {
      p.phones = [
        { kind: 'mobile', number: usPhone(rng, person.place.areaCodes), preferred: true },
      ];
    },
  },
};

const weights: readonly (readonly [Perturbation, number])[] = [
  ['name_typo', 25],
  ['nickname', 12],
  ['swapped_names', 6],
  ['dob_day_month_transposed', 6],
  ['dob_digit_off', 8],
  ['moved_address', 14],
  ['married_name', 6],
  ['missing_phone', 8],
  ['missing_ssn', 8],
  ['new_phone', 10],
];

/** Pairs that would undo or blur each other (two changes of the date, of the phone). */
const exclusive: readonly (readonly Perturbation[])[] = [
  ['dob_day_month_transposed', 'dob_digit_off'],
  ['missing_phone', 'new_phone'],
  ['nickname', 'swapped_names'],
];

function clone(input: Input): Input {
  return structuredClone(input);
}

/**
 * The person's second record: 1 change (55%), 2 (35%) or 3 (10%), each applicable to the
 * record and listed in the order applied. Identifiers are not carried over (one licence,
 * one person: the database refuses a second record with the same one), nor coverages.
 */
export function perturb(rng: Rng, person: Person): { input: Input; perturbations: Perturbation[] } {
  const input = clone(person.input);
  input.identifiers = [];
  const wanted = rng.weighted([
    [1, 55],
    [2, 35],
    [3, 10],
  ] as const);
  const applied: Perturbation[] = [];
  for (let attempt = 0; applied.length < wanted && attempt < 20; attempt++) {
    const kind = rng.weighted(weights);
    if (applied.includes(kind)) continue;
    if (exclusive.some((set) => set.includes(kind) && set.some((k) => applied.includes(k))))
      continue;
    if (!changes[kind].applies(input, person)) continue;
    const before = JSON.stringify(input);
    changes[kind].apply(rng, input, person);
    if (JSON.stringify(input) !== before) applied.push(kind);
  }
  if (applied.length === 0) {
    changes.new_phone.apply(rng, input, person);
    applied.push('new_phone');
  }
  if (input.phones.length === 0 && ['phone', 'sms'].includes(input.preferredContact ?? '')) {
    delete input.preferredContact;
  }
  return { input, perturbations: applied };
}
