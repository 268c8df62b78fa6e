// Pure rules about patient data that the server and the web app both apply.
import { isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js';
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';

/** Oldest age a living or recorded patient may have at registration (years). */
export const maxAgeYears = 125;

// ---- MRN: a sequence number followed by a Luhn (mod 10) check digit ----

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // From the right, every second digit (starting with the rightmost) is doubled.
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The MRN for a sequence value: the number then its check digit, e.g. 1000001 -> "10000014". */
export function mrnFromSequence(value: number | bigint): string {
  const digits = String(value);
  return digits + String(luhnCheckDigit(digits));
}

export const mrnPattern = /^\d{6,12}$/;

/** True when `mrn` is all digits and its last digit is the Luhn check digit of the rest. */
export function isValidMrn(mrn: string): boolean {
  if (!mrnPattern.test(mrn)) return false;
  return luhnCheckDigit(mrn.slice(0, -1)) === Number(mrn.at(-1));
}

// ---- SSN ----

/**
 * A US Social Security number's digits, or null when it cannot be one: area 000, 666 and
 * 900-999, group 00 and serial 0000 are never issued (SSA). Hyphens and spaces are allowed.
 */
export function normalizeSsn(input: string): string | null {
  const m = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(input.trim());
  if (!m) return null;
  const [, area = '', group = '', serial = ''] = m;
  if (area === '000' || area === '666' || area.startsWith('9')) return null;
  if (group === '00' || serial === '0000') return null;
  return area + group + serial;
}

/** `***-**-1234` from the last four digits. */
export function maskSsn(last4: string): string {
  return `***-**-${last4}`;
}

// ---- Phones ----

/** Numbers without a +country prefix are read as this country's. */
export const defaultPhoneCountry = 'US';

/** The E.164 form of a phone number (+12025550123), or null when it is not a valid number. */
export function normalizePhone(input: string): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > 40) return null;
  try {
    if (!isValidPhoneNumber(text, defaultPhoneCountry)) return null;
    return parsePhoneNumberWithError(text, defaultPhoneCountry).number;
  } catch {
    return null;
  }
}

/** "(202) 555-0123" for US numbers, the international format for others. */
export function formatPhone(e164: string): string {
  try {
    const parsed = parsePhoneNumberWithError(e164);
    return parsed.country === defaultPhoneCountry
      ? parsed.formatNational()
      : parsed.formatInternational();
  } catch {
    return e164;
  }
}

// ---- Postal codes ----

/** True unless the country has a known postal code format that `code` breaks. */
export function isValidPostalCode(code: string, country: string): boolean {
  if (!postcodeValidatorExistsForCountry(country)) return true;
  return postcodeValidator(code, country);
}

// ---- Dates ----

/** Whole years between an ISO date of birth and an ISO date (the day the age is asked for). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = onDate.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** Today's ISO date in UTC (the server's rule; clients pass their own clock when testing). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
