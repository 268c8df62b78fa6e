// Phones, addresses and emails of generated people: well-formed the way the API stores
// them (E.164 phones, 5-digit ZIPs, lower-case emails), so a parsed record equals its input.
import { en } from '@faker-js/faker';
import type { PatientAddress } from '@meridian/contracts';
import { normalizeName } from '../search-keys.js';
import type { Rng } from '../../../platform/prng.js';
import { placeWeights, streetSuffixes, type Place } from './places.js';

const streetNames = en.location?.street_name ?? [];
const streetPeople = en.person?.last_name?.generic ?? [];

/**
 * A US number in E.164. NANP: the exchange never starts with 0 or 1 and is never N11 (service
 * codes); 555 is left out because 555-01xx is reserved for fiction and the rest rarely assigned.
 */
export function usPhone(rng: Rng, areaCodes: readonly number[]): string {
  let exchange = rng.int(200, 999);
  if (exchange % 100 === 11 || exchange === 555) exchange += 1;
  return `+1${rng.pick(areaCodes)}${exchange}${rng.digits(4)}`;
}

export function pickPlace(rng: Rng): Place {
  return rng.weighted(placeWeights);
}

function street(rng: Rng): string {
  if (rng.chance(0.35) && streetNames.length > 0) return rng.pick(streetNames);
  return `${rng.pick(streetPeople)} ${rng.pick(streetSuffixes)}`;
}

/** A current home address (no `until`) in `place`. */
export function homeAddress(rng: Rng, place: Place, since?: string): PatientAddress {
  const [low, high] = place.zip;
  const address: PatientAddress = {
    use: 'home',
    line1: `${rng.int(1, 9999)} ${street(rng)}`,
    city: place.city,
    state: place.state,
    postalCode: String(rng.int(low, high)).padStart(5, '0'),
    country: 'US',
  };
  if (rng.chance(0.18)) address.line2 = `Apt ${rng.int(1, 40)}${rng.pick(['', '', 'A', 'B', 'C'])}`;
  if (since !== undefined) address.since = since;
  return address;
}

const emailDomains = ['example.com', 'example.org', 'example.net', 'mail.example.com'] as const;

/**
 * An email at a reserved example domain (RFC 2606), so generated data never mails anyone.
 * The local part is the name in ASCII when the name has Latin letters.
 */
export function email(rng: Rng, given: string, family: string): string {
  const ascii = (s: string) => normalizeName(s).replace(/[^a-z0-9]/g, '');
  const first = ascii(given);
  const last = ascii(family);
  const local =
    first && last
      ? rng.pick([`${first}.${last}`, `${first[0]}${last}`, `${first}${last}`, `${first}_${last}`])
      : first || last || 'patient';
  const suffix = rng.chance(0.5) ? String(rng.int(1, 999)) : '';
  return `${local}${suffix}@${rng.pick(emailDomains)}`;
}
