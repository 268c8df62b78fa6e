// One generated person: demographics drawn from their own random stream (seed, personKey),
// so a person depends only on the seed and their number.
import type { PatientAddress, SexAtBirth } from '@meridian/contracts';
import { email, homeAddress, pickPlace, usPhone } from './contact-parts.js';
import { cultureWeights, vietnameseMiddle, type Culture } from './cultures.js';
import { addDays, parts, referenceDate } from './dates.js';
import type { CreatePatient, GeneratedCoverage } from './generated.types.js';
import { nicknamesOf } from './nicknames.js';
import type { Place } from './places.js';
import { mix32, Rng } from '../../../platform/prng.js';

export type NameSex = 'female' | 'male';

export interface Person {
  input: CreatePatient;
  coverages: GeneratedCoverage[];
  culture: Culture;
  nameSex: NameSex;
  place: Place;
  age: number;
}

type Input = CreatePatient;

// A hospital's patients: every age, more of them middle-aged and old than the population.
const ageBands: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 4], 6],
  [[5, 17], 13],
  [[18, 29], 14],
  [[30, 44], 19],
  [[45, 64], 26],
  [[65, 79], 16],
  [[80, 102], 6],
];

function drawBirthDate(rng: Rng): { birthDate: string; age: number } {
  const [low, high] = rng.weighted(ageBands);
  const age = rng.int(low, high);
  // Born `age` full years before the reference date, on any day of that year of life.
  const birthDate = addDays(referenceDate, -Math.floor(age * 365.2425) - rng.int(1, 364));
  return { birthDate, age };
}

export function drawGiven(rng: Rng, culture: Culture, sex: NameSex): string {
  const list =
    culture.common && rng.chance(culture.common.share) ? culture.common.names : culture.names;
  return rng.pick(list[sex]);
}

export function drawFamily(rng: Rng, culture: Culture): string {
  const list =
    culture.common && rng.chance(culture.common.share) ? culture.common.names : culture.names;
  const family = rng.pick(list.family);
  // Compound family names: Hispanic paternal + maternal, occasional hyphenated English ones.
  if (culture.id === 'hispanic' && rng.chance(0.25)) return `${family} ${rng.pick(list.family)}`;
  if (culture.id === 'us_english' && rng.chance(0.02)) return `${family}-${rng.pick(list.family)}`;
  return family;
}

function drawName(rng: Rng, culture: Culture, sex: NameSex): Input['name'] {
  const native = culture.nativeNames;
  if (native && rng.chance(native.share)) {
    return { given: rng.pick(native.names[sex]), family: rng.pick(native.names.family) };
  }
  const name: Input['name'] = {
    given: drawGiven(rng, culture, sex),
    family: drawFamily(rng, culture),
  };
  if (culture.middle === 'vietnamese' && rng.chance(0.85)) {
    name.middle = rng.pick(vietnameseMiddle[sex]);
  } else if (culture.middle === 'western' && rng.chance(0.5)) {
    const middle = drawGiven(rng, culture, sex);
    if (middle !== name.given) name.middle = middle;
  }
  return name;
}

function maritalStatusFor(rng: Rng, age: number): Input['maritalStatus'] {
  if (age < 18 || rng.chance(0.15)) return undefined;
  if (age < 30)
    return rng.weighted([
      ['single', 70],
      ['married', 24],
      ['domestic_partner', 6],
    ]);
  if (age < 65) {
    return rng.weighted([
      ['married', 55],
      ['single', 20],
      ['divorced', 14],
      ['separated', 3],
      ['domestic_partner', 5],
      ['widowed', 3],
    ]);
  }
  return rng.weighted([
    ['married', 50],
    ['widowed', 30],
    ['divorced', 14],
    ['single', 6],
  ]);
}

function namesAndStatus(rng: Rng, p: Input, culture: Culture, sex: NameSex, age: number): void {
  if (age >= 18 && (culture.id === 'us_english' || culture.id === 'nigerian') && sex === 'male') {
    const suffix = rng.weighted([
      [undefined, 95],
      ['Jr.', 3],
      ['Sr.', 1],
      ['III', 1],
    ]);
    if (suffix) p.name.suffix = suffix;
  }
  if (age >= 30 && rng.chance(0.01)) p.name.prefix = 'Dr.';
  const nick = nicknamesOf.get(p.name.given);
  if (nick && rng.chance(0.25)) p.preferredName = rng.pick(nick);
  const marital = maritalStatusFor(rng, age);
  if (marital) p.maritalStatus = marital;
  const everMarried = marital && marital !== 'single' && marital !== 'domestic_partner';
  if (sex === 'female' && everMarried && rng.chance(culture.takesSpouseName)) {
    const maiden = drawFamily(rng, culture);
    if (maiden !== p.name.family) p.previousNames = [{ kind: 'maiden', family: maiden }];
  }
  if (age >= 16 && rng.chance(0.01)) {
    const [identity, pronouns] = rng.pick([
      ['Non-binary', 'they/them'],
      ['Transgender woman', 'she/her'],
      ['Transgender man', 'he/him'],
      ['Genderqueer', 'they/them'],
    ] as const);
    p.genderIdentity = identity;
    p.pronouns = pronouns;
  }
}

function languageAndOrigin(rng: Rng, p: Input, culture: Culture): void {
  const { tag, recorded, interpreter } = culture.language;
  if (rng.chance(recorded)) {
    p.language = tag;
    p.interpreterNeeded = rng.chance(interpreter / recorded);
  }
  if (rng.chance(0.88)) {
    const first = rng.weighted(culture.race);
    p.race = [first];
    if (rng.chance(0.03) && first !== 'asked_but_declined' && first !== 'white')
      p.race.push('white');
  }
  if (rng.chance(0.85)) p.ethnicity = rng.chance(0.03) ? 'asked_but_declined' : culture.ethnicity;
}

function phonesFor(rng: Rng, place: Place, age: number): Input['phones'] {
  if (rng.chance(age < 12 ? 0.3 : 0.06)) return [];
  // People keep their mobile numbers when they move: some carry another region's area code.
  const areaCodes = rng.chance(0.82) ? place.areaCodes : pickPlace(rng).areaCodes;
  const first = {
    kind: rng.chance(0.8) ? 'mobile' : 'home',
    number: usPhone(rng, areaCodes),
    preferred: true,
  } as const;
  if (!rng.chance(0.35)) return [first];
  const kind = first.kind === 'mobile' ? rng.pick(['home', 'work'] as const) : 'mobile';
  return [first, { kind, number: usPhone(rng, place.areaCodes), preferred: false }];
}

function addressesFor(rng: Rng, place: Place, birthDate: string, age: number): PatientAddress[] {
  if (rng.chance(0.04)) return [];
  const since =
    age >= 1 && rng.chance(0.5)
      ? addDays(referenceDate, -rng.int(30, Math.min(age, 25) * 365))
      : undefined;
  const current = homeAddress(
    rng,
    place,
    since !== undefined && since > birthDate ? since : undefined,
  );
  if (age < 20 || current.since === undefined || !rng.chance(0.2)) return [current];
  const until = addDays(current.since, -1);
  const previous: PatientAddress = { ...homeAddress(rng, pickPlace(rng)), until };
  const previousSince = addDays(until, -rng.int(200, 3000));
  if (previousSince > birthDate) previous.since = previousSince;
  return [current, previous];
}

/** Keeps the preferred contact method consistent with consent, phones and email. */
export function contactPreferences(rng: Rng, p: Input): void {
  p.consentSms = p.phones.some((ph) => ph.kind === 'mobile') && rng.chance(0.6);
  p.consentEmail = p.email !== undefined && rng.chance(0.7);
  const options: NonNullable<Input['preferredContact']>[] = [];
  if (p.phones.length > 0) options.push('phone', 'phone');
  if (p.consentSms) options.push('sms');
  if (p.consentEmail) options.push('email');
  if (p.addresses.length > 0) options.push('mail');
  if (options.length > 0 && rng.chance(0.7)) p.preferredContact = rng.pick(options);
  else delete p.preferredContact;
}

/** Emergency contact / next of kin / guarantor, as a registrar records them. */
function contactsFor(
  rng: Rng,
  p: Input,
  person: { culture: Culture; place: Place; age: number },
): Input['contacts'] {
  const { culture, place, age } = person;
  if (!rng.chance(age < 18 ? 0.92 : 0.6)) return [];
  const sex: NameSex = rng.chance(0.5) ? 'female' : 'male';
  const child = age < 18;
  const spouse = !child && p.maritalStatus === 'married' && rng.chance(0.8);
  const relationship = child
    ? rng.chance(0.95)
      ? 'parent'
      : 'guardian'
    : spouse
      ? 'spouse'
      : rng.pick(
          age >= 65
            ? (['child', 'child', 'sibling', 'friend'] as const)
            : (['parent', 'sibling', 'friend', 'partner'] as const),
        );
  const family = (child || spouse) && rng.chance(0.8) ? p.name.family : drawFamily(rng, culture);
  const roles: Input['contacts'][number]['roles'] = child
    ? ['emergency', 'guarantor']
    : rng.chance(0.4)
      ? ['emergency', 'next_of_kin']
      : ['emergency'];
  const contact: Input['contacts'][number] = {
    roles,
    name: `${drawGiven(rng, culture, sex)} ${family}`,
    relationship,
  };
  if (rng.chance(0.95)) contact.phone = usPhone(rng, place.areaCodes);
  return [contact];
}

/** A US SSN the SSA could have issued (no area 000, 666 or 9xx, no group 00, no serial 0000). */
function ssn(rng: Rng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}${String(rng.int(1, 99)).padStart(2, '0')}${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

/**
 * A number in [0, 1e9) unique per (seed, personKey): 7654321 is coprime to 1e9, so
 * personKey -> personKey * 7654321 + offset (mod 1e9) is a bijection. Identifiers are unique
 * per type and authority in the database, so two generated people must never share one.
 */
function uniqueNumber(seed: number, personKey: number, salt: number): string {
  const offset = mix32(seed ^ salt) % 1_000_000_000;
  return String((personKey * 7_654_321 + offset) % 1_000_000_000).padStart(9, '0');
}

function identifiersFor(
  rng: Rng,
  seed: number,
  personKey: number,
  state: string,
  age: number,
): Input['identifiers'] {
  const ids: Input['identifiers'] = [];
  if (age >= 17 && rng.chance(0.12)) {
    ids.push({
      type: 'drivers_license',
      assigningAuthority: state,
      value: uniqueNumber(seed, personKey, 0x1d),
    });
  }
  if (rng.chance(0.04)) {
    ids.push({
      type: 'external_mrn',
      assigningAuthority: "St. Peter's Hospital",
      value: `SP${uniqueNumber(seed, personKey, 0x2e)}`,
    });
  }
  return ids;
}

export function makePerson(seed: number, personKey: number): Person {
  const rng = new Rng(seed, personKey);
  const culture = rng.weighted(cultureWeights);
  const sexAtBirth: SexAtBirth = rng.weighted([
    ['female', 5100],
    ['male', 4880],
    ['intersex', 10],
    ['unknown', 10],
  ]);
  const nameSex: NameSex =
    sexAtBirth === 'female' || sexAtBirth === 'male'
      ? sexAtBirth
      : rng.chance(0.5)
        ? 'female'
        : 'male';
  const { birthDate, age } = drawBirthDate(rng);
  const place = pickPlace(rng);
  const input: Input = {
    name: drawName(rng, culture, nameSex),
    previousNames: [],
    birthDate,
    sexAtBirth,
    interpreterNeeded: false,
    race: [],
    phones: phonesFor(rng, place, age),
    addresses: addressesFor(rng, place, birthDate, age),
    consentSms: false,
    consentEmail: false,
    contacts: [],
    deceased: false,
    flags: {
      vip: rng.chance(0.001),
      employee: age >= 18 && age < 70 && rng.chance(0.01),
      confidential: rng.chance(0.003),
    },
    identifiers: [],
  };
  namesAndStatus(rng, input, culture, nameSex, age);
  languageAndOrigin(rng, input, culture);
  if (rng.chance(age < 16 ? 0.05 : 0.5))
    input.email = email(rng, input.name.given, input.name.family);
  contactPreferences(rng, input);
  input.contacts = contactsFor(rng, input, { culture, place, age });
  if (rng.chance(0.7)) input.ssn = ssn(rng);
  input.identifiers = identifiersFor(rng, seed, personKey, place.state, age);
  if (age >= 50 && rng.chance(0.012)) {
    input.deceased = true;
    input.deceasedDate = addDays(referenceDate, -rng.int(1, 5 * 365));
  }
  const person: Person = { input, coverages: [], culture, nameSex, place, age };
  person.coverages = coveragesFor(rng, person);
  return person;
}

function memberId(rng: Rng): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  let prefix = '';
  for (let i = 0; i < 3; i++) prefix += letters[rng.int(0, letters.length - 1)];
  return prefix + rng.digits(9);
}

function effectiveFrom(rng: Rng, birthDate: string): string {
  const [birthYear] = parts(birthDate);
  const [refYear] = parts(referenceDate);
  const from = `${rng.int(Math.max(birthYear + 1, refYear - 10), refYear - 1)}-01-01`;
  return from > birthDate ? from : addDays(birthDate, 1);
}

function coveragesFor(rng: Rng, person: Omit<Person, 'coverages'>): GeneratedCoverage[] {
  const { input, age, culture } = person;
  if (input.deceased || !rng.chance(age >= 65 ? 0.95 : 0.8)) return [];
  const primary: GeneratedCoverage = {
    payerIndex: rng.int(0, 999),
    memberId: memberId(rng),
    priority: 'primary',
    effectiveFrom: effectiveFrom(rng, input.birthDate),
    subscriberRelationship: 'self',
  };
  if (rng.chance(0.7)) primary.groupNumber = rng.digits(rng.int(5, 7));
  if (age < 18) {
    const parentSex: NameSex = rng.chance(0.5) ? 'female' : 'male';
    primary.subscriberRelationship = 'child';
    primary.subscriber = {
      name: { given: drawGiven(rng, culture, parentSex), family: input.name.family },
      birthDate: addDays(input.birthDate, -rng.int(20 * 365, 42 * 365)),
      sexAtBirth: parentSex,
      relationshipDetail: 'parent',
    };
  }
  const coverages = [primary];
  if (age >= 18 && rng.chance(0.15)) {
    coverages.push({
      payerIndex: (primary.payerIndex + rng.int(1, 998)) % 1000,
      memberId: memberId(rng),
      priority: 'secondary',
      effectiveFrom: effectiveFrom(rng, input.birthDate),
      subscriberRelationship: 'self',
    });
  }
  return coverages;
}
